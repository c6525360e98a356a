#pragma once
// Where one request's time went, phase by phase (the simulator's phases), reported to the
// caller in a Server-Timing header so a load generator can rebuild the same waterfall.
#include <array>
#include <chrono>
#include <cstdint>
#include <string>

#include "sim/outcome.hpp"

namespace gatetune::live {

class RequestTimeline {
public:
    using clock = std::chrono::steady_clock;

    void add(sim::Phase p, clock::duration d) {
        phases_[static_cast<std::size_t>(p)] += std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    }
    // Adds the time since `since` to phase p; returns now.
    clock::time_point charge(sim::Phase p, clock::time_point since) {
        const auto now = clock::now();
        add(p, now - since);
        return now;
    }
    std::int64_t us(sim::Phase p) const { return phases_[static_cast<std::size_t>(p)]; }
    std::array<std::int64_t, sim::kPhaseCount>& raw() { return phases_; }
    // "cpu;dur=0.512, db_query;dur=3.1" — phases that took any time, in milliseconds.
    std::string server_timing() const;

private:
    std::array<std::int64_t, sim::kPhaseCount> phases_{};
};

}  // namespace gatetune::live
