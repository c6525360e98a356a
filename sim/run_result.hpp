#pragma once
// Everything one run produced — simulated or live — in one type, so reports, validation, the
// GUI and sim-vs-live comparison all read the same fields.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/histogram.hpp"
#include "engine/time_series.hpp"
#include "sim/metric_names.hpp"
#include "sim/outcome.hpp"

namespace gatetune::sim {

// One line of the per-call table for scripted sessions (the incident report's load test).
struct CallRow {
    int call = 0;                 // 0-based index in the script
    int input_tokens = 0;
    int output_tokens = 0;
    std::int64_t cumulative_tokens = 0;
    std::uint64_t requests = 0;   // over all users and repeats
    std::map<std::string, std::uint64_t> by_status;
    std::map<std::string, std::uint64_t> by_cause;
    engine::LatencyHistogram latency;
};

struct Peaks {
    std::int64_t in_flight = 0;
    std::int64_t db_connections_total = 0;           // open connections at the DB server from this stack
    std::vector<std::int64_t> db_checked_out_per_worker;  // peak checked out, per worker slot
    std::int64_t db_waiting = 0;                     // peak pool waiters, all workers
    std::int64_t http_connections = 0;               // open upstream connections, all workers
    std::int64_t upstream_active = 0;                // generations running at once
    std::int64_t upstream_queue = 0;
};

struct Explanation {
    Cause cause;
    std::uint64_t request_id;
    std::string sentence;
};

struct RunResult {
    std::string preset;           // preset name (file stem)
    std::uint64_t seed = 0;
    std::string version;
    std::string mode = "simulation";  // or "live"
    SimTime duration = 0;         // simulated (or wall) time from first send to last end

    std::uint64_t requests = 0;
    std::map<std::string, std::uint64_t> by_status;   // status label → count
    std::array<std::uint64_t, kCauseCount> by_cause{};
    engine::LatencyHistogram latency;                 // all requests
    std::map<std::string, engine::LatencyHistogram> latency_by_status;
    Peaks peaks;
    std::uint64_t worker_timeouts = 0;                // WORKER TIMEOUT log lines
    std::uint64_t worker_boots = 0;
    std::uint64_t upstream_calls = 0;                 // attempts that reached the upstream
    std::uint64_t upstream_abandoned = 0;             // attempts whose caller had given up (O6)
    std::uint64_t engine_events = 0;

    // The gateway limiter's decisions per API key (rate_limiter.enabled only).
    std::map<int, std::pair<std::uint64_t, std::uint64_t>> limiter_by_key;  // key → (admitted, limited)

    std::vector<CallRow> calls;                       // sessions workloads only
    std::vector<Explanation> explanations;            // first occurrence of each failing cause
    std::vector<RequestRecord> records;               // when record_requests
    engine::TimeSeries timeseries{1'000'000, {std::string(series_name(Metric::InFlight))}};  // replaced by the Recorder

    double error_rate() const { return requests ? 1.0 - static_cast<double>(by_cause[0]) / static_cast<double>(requests) : 0.0; }
    double throughput() const;  // completed requests per simulated second
};

}  // namespace gatetune::sim
