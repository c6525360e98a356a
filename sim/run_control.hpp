#pragma once
// How a caller watches and stops a long simulation (the GUI's progress bar and Cancel button):
// the recorder's sampler, which already wakes once per simulation.sample_interval of simulated
// time, reports progress and polls for cancellation there — no extra events, so a controlled
// run produces exactly the same result as an uncontrolled one.
#include <cstdint>
#include <functional>
#include <stdexcept>

#include "engine/time.hpp"

namespace gatetune::sim {

struct RunProgress {
    engine::SimTime now = 0;     // simulated time reached
    std::uint64_t requests = 0;  // requests finished so far
};

struct RunControl {
    // Polled from the simulating thread; returning true stops the run (simulate() throws RunCancelled).
    std::function<bool()> cancelled;
    // Called from the simulating thread once per sample interval.
    std::function<void(const RunProgress&)> progress;
};

class RunCancelled : public std::runtime_error {
public:
    RunCancelled() : std::runtime_error("simulation cancelled") {}
};

}  // namespace gatetune::sim
