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

// Adds finished requests to `out`'s totals (requests, by_status, by_cause, latency, per-call
// rows) and, when keep_records, to its records. A run meets only a few status labels and causes,
// so the map entries each counts into are found once and kept (std::map's nodes stay where they
// are): the label is not rebuilt and the maps not searched for every request.
class RequestFold {
public:
    RequestFold(RunResult& out, bool keep_records) : out_(out), keep_records_(keep_records) {}
    void add(const RequestRecord& r);

private:
    struct StatusEntry {
        int http_status;
        ClientError error;
        std::uint64_t* count;
        engine::LatencyHistogram* latency;
    };
    struct CallEntry {
        int http_status;
        ClientError error;
        Cause cause;
        std::uint64_t* status_count;
        std::uint64_t* cause_count;
    };
    StatusEntry& status_entry(const RequestRecord& r);
    CallEntry& call_entry(CallRow& row, const RequestRecord& r);

    RunResult& out_;
    bool keep_records_;
    std::vector<StatusEntry> statuses_;
    std::vector<std::vector<CallEntry>> calls_;  // per call of the script
};

// The same for one request (no entries kept between calls).
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
