#pragma once
// Every metric name Gatetune writes or reads, in one table: the time-series columns and peaks of a
// report (the simulator's recorder, the live load generator, the GUI's charts, run history diffs)
// and the live gateway's /metrics families (written by app/live/gateway/metrics.cpp, read by the
// GUI's live tab). A name appears here and nowhere else; code asks for it by Metric.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace gatetune::sim {

enum class Metric : std::uint8_t {
    InFlight,            // requests in flight (report: sent and not yet answered; /metrics: in a worker's handler)
    DbConnections,       // open database connections (report: the whole stack; /metrics: per worker)
    DbConnectionsTotal,  // /metrics: open database connections from every worker
    DbCpuBusy,           // /metrics: statements on the emulated database server's CPUs, from every worker
    DbCpuWaiting,        // /metrics: statements waiting for one of them
    DbWaiting,           // QueuePool waiters
    DbCheckedOut,        // connections checked out of the QueuePools (a report also has one column per worker)
    DbOverflow,          // overflow connections open beyond pool_size (a report: one column per worker)
    HttpConnections,     // connections open to the upstream
    UpstreamActive,      // generations running at the upstream
    UpstreamQueue,       // calls waiting for an upstream slot
    UpstreamTpmLeft,     // tokens the upstream's tokens-per-minute limit would still admit (a report with a TPM limit)
    UpstreamInFlight,    // /metrics: the gateway's upstream calls in flight
    OkPerS,              // requests that ended with a status below 400, per second
    ClientErrorsPerS,    // … with a 4xx
    ServerErrorsPerS,    // … with a 5xx
    DroppedPerS,         // … with no response (a client-side error)
    SentPerS,            // live load: requests sent per second
    Requests,            // /metrics: requests answered, by status and cause
    RequestDuration,     // /metrics: latency histogram
    WorkerTimeouts,      // /metrics: WORKER TIMEOUT kills
    WorkerBoots,         // /metrics: worker processes started
    UpstreamCalls,       // /metrics: calls sent to the upstream
    Count
};
inline constexpr std::size_t kMetricCount = static_cast<std::size_t>(Metric::Count);

struct MetricInfo {
    std::string_view series;      // a report's time-series column ("" when it has none)
    std::string_view peak;        // a report's `peaks` key ("" when it has none)
    std::string_view prometheus;  // the live gateway's /metrics family ("" when it has none)
    std::string_view help;        // its # HELP line
};

// Indexed by Metric.
inline constexpr std::array<MetricInfo, kMetricCount> kMetrics{{
    {"in_flight", "in_flight", "gatetune_in_flight", "Requests in a worker's handler."},
    {"db_connections", "db_connections_total", "gatetune_db_connections", "Database connections open from the worker."},
    {"", "", "gatetune_db_connections_total", "Database connections open from all workers."},
    {"", "", "gatetune_db_cpu_busy", "Statements on the database server's CPUs (max_parallel_queries), from all workers; emulated on SQLite only."},
    {"", "", "gatetune_db_cpu_waiting", "Statements waiting for a database server CPU; emulated on SQLite only."},
    {"db_waiting", "db_waiting", "gatetune_db_pool_waiting", "Requests waiting for a pool connection."},
    {"db_checked_out", "db_checked_out_per_worker", "gatetune_db_pool_checked_out", "Connections checked out of the worker's QueuePool."},
    {"db_overflow", "", "gatetune_db_pool_overflow", "Overflow connections open beyond pool_size."},
    {"http_connections", "http_connections", "gatetune_http_connections", "Connections open to the upstream."},
    {"upstream_active", "upstream_active", "", ""},
    {"upstream_queue", "upstream_queue", "", ""},
    {"upstream_tpm_left", "", "", ""},
    {"", "", "gatetune_upstream_in_flight", "Upstream calls in flight."},
    {"ok_per_s", "", "", ""},
    {"4xx_per_s", "", "", ""},
    {"5xx_per_s", "", "", ""},
    {"dropped_per_s", "", "", ""},
    {"sent_per_s", "", "", ""},
    {"", "", "gatetune_requests_total", "Requests answered by the gateway, by HTTP status and cause."},
    {"", "", "gatetune_request_duration_seconds", "Time from the request's arrival at a worker to its response."},
    {"", "", "gatetune_worker_timeouts_total", "WORKER TIMEOUT kills by the master."},
    {"", "", "gatetune_worker_boots_total", "Worker processes started."},
    {"", "", "gatetune_upstream_calls_total", "Calls sent to the upstream."},
}};

constexpr const MetricInfo& metric_info(Metric m) { return kMetrics[static_cast<std::size_t>(m)]; }
constexpr std::string_view series_name(Metric m) { return metric_info(m).series; }
constexpr std::string_view peak_name(Metric m) { return metric_info(m).peak; }
constexpr std::string_view prometheus_name(Metric m) { return metric_info(m).prometheus; }

// A per-worker time-series column: "db_checked_out_w0", "db_overflow_w3" — the prefix, then the worker.
inline std::string worker_series_prefix(Metric m) { return std::string(series_name(m)) + "_w"; }
inline std::string worker_series_name(Metric m, int worker) { return worker_series_prefix(m) + std::to_string(worker); }

}  // namespace gatetune::sim
