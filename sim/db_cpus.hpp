#pragma once
// The database server's CPUs as one statement meets them, written once for the simulated server
// (sim/db_server.cpp, an engine::Resource) and the live gateway's emulated one
// (app/live/gateway/db_server_link.cpp, a count shared by every worker process): PostgreSQL runs
// each statement in its backend process, so past max_parallel_queries busy cores the others wait
// their turn, and that wait is time in the database for the caller. The network round trip is
// not on a server CPU: half of it before the statement reaches the queue, half after its answer
// leaves. A db_slowdown fault stretches the service time by its factor as of when the statement
// gets its CPU (a statement already queued when the fault starts runs slow). [docs/MODEL.md §6]
#include <cstdint>

#include "engine/time.hpp"
#include "sim/config.hpp"
#include "sim/faults.hpp"

namespace gatetune::sim {

// Statements the server executes at once.
inline std::int64_t db_cpus(const DbServerConfig& db) { return db.max_parallel_queries; }

// Whether a statement may start now, with `running` statements already on the server's CPUs.
inline bool db_cpu_free(std::int64_t running, const DbServerConfig& db) { return running < db_cpus(db); }

// Each way of a statement's network round trip (s).
inline double statement_leg(const DbServerConfig& db) { return db.round_trip / 2; }

// The CPU time of a statement whose service time was sampled as `service` (s), granted its CPU at
// `granted` (from the run's start, for the fault windows).
inline double statement_cpu_time(double service, const FaultsConfig& faults, engine::SimTime granted) {
    return service * active_fault(faults.db_slowdown, granted).value_or(1.0);
}

}  // namespace gatetune::sim
