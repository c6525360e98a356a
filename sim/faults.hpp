#pragma once
// Fault windows ([faults] in a preset): the value of the window covering `now`, if any.
#include <optional>
#include <vector>

#include "engine/time.hpp"
#include "sim/config.hpp"

namespace gatetune::sim {

inline std::optional<double> active_fault(const std::vector<FaultWindow>& windows, engine::SimTime now) {
    const double t = engine::to_seconds(now);
    for (const FaultWindow& w : windows)
        if (t >= w.start && t < w.end) return w.value;
    return std::nullopt;
}

}  // namespace gatetune::sim
