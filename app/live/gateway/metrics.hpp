#pragma once
// /metrics in the Prometheus text exposition format (version 0.0.4): request counters by status
// and cause, the latency histogram, and each worker's gauges, read from the shared state so any
// worker can answer for all of them.
#include <string>

#include "app/live/gateway/shared_state.hpp"

namespace gatetune::live {

std::string render_metrics(const SharedState& s, int workers);
// Counts one finished request.
void record_request(SharedState& s, int status, sim::Cause cause, std::int64_t latency_us);

}  // namespace gatetune::live
