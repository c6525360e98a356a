#pragma once
// What the gateway's processes share, in one anonymous shared mapping created by the master
// before it forks: each worker slot's heartbeat (gunicorn's WorkerTmp), its gauges, the
// request counters and latency buckets behind /metrics, and the emulated database server's
// connection count and busy CPUs (PostgreSQL counts connections, and runs statements, from every
// process). Lock-free atomics only, so a worker killed at any instruction leaves nothing
// half-updated; what it held is counted in its gauges for the arbiter to give back.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "sim/outcome.hpp"

namespace gatetune::live {

inline constexpr int kMaxWorkers = 64;

// Statuses /metrics breaks requests down by; anything else counts as "other".
inline constexpr std::array<int, 13> kMetricStatuses{200, 400, 401, 404, 405, 408, 413, 429, 431, 500, 502, 503, 504};
inline constexpr std::size_t kStatusBuckets = kMetricStatuses.size() + 1;
std::size_t status_index(int status);

// Prometheus histogram buckets (seconds, upper bounds; +Inf is the count).
inline constexpr std::array<double, 16> kLatencyBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                                                        2.5,   5,    10,    30,   60,  120, 300, 600};

struct WorkerGauges {
    std::atomic<std::int64_t> in_flight{0};
    std::atomic<std::int64_t> db_checked_out{0};
    std::atomic<std::int64_t> db_overflow{0};
    std::atomic<std::int64_t> db_waiting{0};
    std::atomic<std::int64_t> db_connections{0};   // open, counted at the database server
    std::atomic<std::int64_t> db_cpus_held{0};     // statements on the emulated server's CPUs
    std::atomic<std::int64_t> db_cpu_waiting{0};   // statements waiting for one
    std::atomic<std::int64_t> http_connections{0};
    std::atomic<std::int64_t> upstream_in_flight{0};
};

struct WorkerSlotState {
    std::atomic<std::int64_t> heartbeat_us{0};    // steady clock of the last notify()
    std::atomic<std::int32_t> pid{0};
    std::atomic<std::int32_t> accepting{0};     // booted and accepting connections
    std::atomic<std::uint64_t> requests{0};
    WorkerGauges gauges;
};

struct SharedState {
    std::atomic<std::int64_t> t0_us{0};            // steady clock at gateway start: fault windows count from it
    std::atomic<std::int64_t> db_connections{0};   // all processes, checked against max_connections
    std::atomic<std::int32_t> db_cpus_busy{0};     // all processes, against max_parallel_queries (a futex word)
    std::atomic<std::uint64_t> worker_timeouts{0};
    std::atomic<std::uint64_t> worker_boots{0};
    std::atomic<std::uint64_t> upstream_calls{0};
    std::array<std::array<std::atomic<std::uint64_t>, sim::kCauseCount>, kStatusBuckets> requests{};
    std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size()> latency_le{};  // cumulative at render time
    std::atomic<std::uint64_t> latency_count{0};
    std::atomic<std::uint64_t> latency_sum_us{0};
    // Two records per worker position: during a restart (server.restart_at) the old worker
    // drains in its record while its replacement boots in the other one.
    std::array<WorkerSlotState, 2 * kMaxWorkers> slots{};
};

// The record a position's worker uses in generation `restarts` (0 before any restart).
constexpr int slot_record(int position, int restarts) { return position + (restarts % 2) * kMaxWorkers; }

// Maps the state shared with (not yet forked) children. Throws std::system_error.
SharedState* map_shared_state();
std::int64_t steady_now_us();

}  // namespace gatetune::live
