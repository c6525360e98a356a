#pragma once
// Builds the whole simulated stack from a Config, runs the workload to its end (or to
// simulation.max_time) and returns what happened.
#include "sim/config.hpp"
#include "sim/run_control.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim {

RunResult simulate(const Config& cfg);
// The same, reporting progress and stoppable through `control`; throws RunCancelled when stopped.
RunResult simulate(const Config& cfg, const RunControl& control);

}  // namespace gatetune::sim
