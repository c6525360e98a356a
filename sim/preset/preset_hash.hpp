#pragma once
// A stable fingerprint of a configuration, printed in exported files, VALIDATION.md, the run
// history and HTML reports, so a deployed file or a report can be traced to the exact preset it
// came from: FNV-1a 64 over the complete preset text (write_preset with every key), which is
// byte-identical for equal configurations.
#include <string>

#include "sim/config.hpp"

namespace gatetune::sim {

// "fnv1a64:" and 16 lower-case hex digits.
std::string preset_hash(const Config& cfg);

}  // namespace gatetune::sim
