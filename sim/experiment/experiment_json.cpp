#include "sim/experiment/experiment_json.hpp"

#include <cmath>
#include <string>

namespace gatetune::sim::experiment {

using nlohmann::ordered_json;

ordered_json number_json(double v) { return std::isnan(v) ? ordered_json(nullptr) : ordered_json(v); }

ordered_json figures_json(const std::vector<Estimate>& figures) {
    ordered_json out = ordered_json::object();
    for (std::size_t f = 0; f < figures.size() && f < figure_names().size(); ++f) {
        out[figure_names()[f]] = {{"mean", number_json(figures[f].mean)}, {"ci95", number_json(figures[f].ci95)}};
    }
    return out;
}

ordered_json slo_json(const std::vector<SloSummary>& slo) {
    ordered_json out = ordered_json::array();
    for (const SloSummary& s : slo) {
        out.push_back({{"check", s.name}, {"unit", s.unit}, {"limit", s.limit}, {"mean", number_json(s.measured.mean)},
                       {"ci95", number_json(s.measured.ci95)}, {"failed_seeds", s.failed_seeds}, {"passed", s.passed()}});
    }
    return out;
}

ordered_json findings_json(const std::vector<Finding>& findings) {
    ordered_json out = ordered_json::array();
    for (const Finding& f : findings) {
        out.push_back({{"rule", f.rule ? std::string(f.rule->id) : ""},
                       {"name", f.rule ? std::string(f.rule->name) : ""},
                       {"severity", validation::to_string(f.severity)},
                       {"message", f.message},
                       {"keys", f.keys}});
    }
    return out;
}

}  // namespace gatetune::sim::experiment
