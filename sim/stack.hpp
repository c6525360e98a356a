#pragma once
// Builds the whole simulated stack from a Config, runs the workload to its end (or to
// simulation.max_time) and returns what happened.
#include "sim/config.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim {

RunResult simulate(const Config& cfg);

}  // namespace gatetune::sim
