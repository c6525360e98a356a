#include "sim/export/python_keywords.hpp"

#include "sim/export/writers.hpp"

namespace gatetune::sim::exporting {

std::string python_keywords(const Config& cfg, Target target, const std::string& indent) {
    std::string out;
    for (const Binding* b : exported_bindings(cfg)) {
        if (b->target != target) continue;
        out += indent + std::string(b->name) + "=" + python_value(*b, cfg) + ",  # " + provenance(b->key, b->note) + "\n";
    }
    return out;
}

}  // namespace gatetune::sim::exporting
