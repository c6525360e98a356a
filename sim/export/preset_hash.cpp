#include "sim/export/preset_hash.hpp"

#include <cstdio>

#include "sim/preset_io.hpp"

namespace gatetune::sim::exporting {

std::uint64_t fnv1a64(std::string_view bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;  // FNV-1a 64 prime
    }
    return h;
}

std::string preset_hash(const Config& cfg) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(write_preset(cfg, true))));
    return std::string("fnv1a64:") + hex;
}

}  // namespace gatetune::sim::exporting
