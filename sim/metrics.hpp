#pragma once
// Levels the components report as they change (OMNeT++-style signals, reduced to the levels
// Gatetune reports): the report's peaks and the time series both read them, so no component
// knows who consumes its measurements.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace gatetune::sim {

// A level with its running peak.
struct Level {
    std::int64_t value = 0;
    std::int64_t peak = 0;
    void add(std::int64_t d) {
        value += d;
        peak = std::max(peak, value);
    }
};

struct StackMetrics {
    Level in_flight;          // requests sent by clients and not yet answered
    Level db_connections;     // open connections at the DB server from this stack
    Level db_waiting;         // QueuePool waiters, all workers
    Level http_connections;   // open upstream connections, all workers
    Level upstream_active;    // generations running
    Level upstream_queue;     // waiting for an upstream slot
    std::vector<Level> checked_out;  // per worker slot: DB connections checked out
    std::vector<Level> overflow;     // per worker slot: connections beyond pool_size open
    // A budget that refills with time rather than changing at events: read when sampled. Set by
    // the upstream when it has a tokens-per-minute limit (the argument is the time, in µs).
    std::function<std::int64_t(std::int64_t)> upstream_tpm_left;

    explicit StackMetrics(int workers) : checked_out(static_cast<std::size_t>(workers)), overflow(static_cast<std::size_t>(workers)) {}
};

}  // namespace gatetune::sim
