#pragma once
// A stable fingerprint of a configuration, printed in exported files and VALIDATION.md so a
// deployed file can be traced to the exact preset it was validated with: FNV-1a 64 over the
// complete preset text (write_preset with every key), which is byte-identical for equal configs.
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/config.hpp"

namespace gatetune::sim::exporting {

std::uint64_t fnv1a64(std::string_view bytes);
// "fnv1a64:" and 16 lower-case hex digits.
std::string preset_hash(const Config& cfg);

}  // namespace gatetune::sim::exporting
