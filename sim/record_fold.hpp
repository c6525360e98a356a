#pragma once
// How finished requests become a RunResult's counts, histograms and per-call rows — one
// definition for the simulator's Recorder and the live load generator, so a simulated and a live
// report count the same things the same way.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/config.hpp"
#include "sim/metric_names.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim {

// The per-call table's rows for a sessions workload (empty for other kinds): tokens and
// cumulative tokens of each call of the script, no requests yet.
std::vector<CallRow> session_call_rows(const WorkloadConfig& w);

// Adds one finished request to the totals (requests, by_status, by_cause, latency, per-call
// rows) and, when keep_record, to the records.
void fold_request(RunResult& out, const RequestRecord& r, bool keep_record);

// Requests ended since the last time-series sample, by how they ended: the "…_per_s" columns.
class EndRates {
public:
    static constexpr std::array<Metric, 4> kMetrics{Metric::OkPerS, Metric::ClientErrorsPerS, Metric::ServerErrorsPerS,
                                                    Metric::DroppedPerS};

    // A response below 400 counts as ok, no response (client-side error) as dropped.
    void count(const RequestRecord& r);
    // Appends the four rates over `interval_s` seconds and starts counting afresh.
    void take(std::vector<double>& row, double interval_s);

private:
    std::array<std::uint64_t, 4> ends_{};
};

}  // namespace gatetune::sim
