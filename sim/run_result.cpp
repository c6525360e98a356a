#include "sim/run_result.hpp"

namespace gatetune::sim {

// Every recorded request has ended (successfully or not), so "completed" counts them all; the
// error rate says how many of those failed.
double RunResult::throughput() const {
    if (duration <= 0) return 0.0;
    return static_cast<double>(requests) / engine::to_seconds(duration);
}

}  // namespace gatetune::sim
