#include "sim/preset/preset_hash.hpp"

#include <cstdio>

#include "engine/random.hpp"
#include "sim/preset/preset_io.hpp"

namespace gatetune::sim {

std::string preset_hash(const Config& cfg) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(engine::fnv1a64(write_preset(cfg, true))));
    return std::string("fnv1a64:") + hex;
}

}  // namespace gatetune::sim
