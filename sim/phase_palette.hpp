#pragma once
// One colour per phase of a request (sim/outcome.hpp), so the desktop app's waterfall and the
// HTML report's read the same: a reader who knows one finds the pool wait in the same orange in
// the other.
#include <cstdint>

#include "sim/outcome.hpp"

namespace gatetune::sim {

// 0xRRGGBB: one hue per phase, mid-lightness so bars read on light and dark backgrounds.
std::uint32_t phase_colour(Phase p);

}  // namespace gatetune::sim
