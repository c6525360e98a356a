#pragma once
// Simulated time is an integer count of microseconds: exact, platform-independent, and fine
// enough for the smallest cost the model knows (a pool checkout is a few microseconds).
#include <cstdint>
#include <limits>

namespace gatetune::engine {

using SimTime = std::int64_t;

inline constexpr SimTime kMicrosecond = 1;
inline constexpr SimTime kMillisecond = 1'000;
inline constexpr SimTime kSecond = 1'000'000;
inline constexpr SimTime kForever = std::numeric_limits<SimTime>::max();

// Round to the nearest microsecond (halves away from zero). One IEEE multiply, add and
// truncation: the same result on every platform, and no libm call on the hot path.
inline SimTime from_seconds(double s) {
    if (!(s < 9.2e12)) return kForever;  // also maps +inf and NaN to "never"
    if (s <= -9.2e12) return -kForever;
    const double us = s * 1e6;
    return static_cast<SimTime>(us >= 0 ? us + 0.5 : us - 0.5);
}
inline constexpr double to_seconds(SimTime t) { return static_cast<double>(t) / 1e6; }
inline constexpr SimTime from_millis(std::int64_t ms) { return ms * kMillisecond; }

}  // namespace gatetune::engine
