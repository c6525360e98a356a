#pragma once
// PostgreSQL as the pools see it: a connection limit shared by every worker's pool (and
// anything else connected), and statements that queue for the server's CPUs. [docs/MODEL.md §6]
#include <cstdint>

#include "engine/distribution.hpp"
#include "engine/resource.hpp"
#include "engine/task.hpp"
#include "sim/config.hpp"
#include "sim/metrics.hpp"
#include "sim/postgres_admission.hpp"

namespace gatetune::sim {

class DbServer {
public:
    DbServer(engine::Simulation& sim, const DbServerConfig& cfg, const FaultsConfig& faults, StackMetrics& metrics, engine::Rng rng);

    // Opens a connection: TCP + startup, then PostgreSQL's admission check
    // (sim/postgres_admission.hpp): refused at max_connections, and inside the superuser
    // reserve. Both reach the app as asyncpg's TooManyConnectionsError (O5). The caller pays
    // `connect_time` either way.
    engine::Task<ConnectError> connect(const engine::Distribution& connect_time);
    void disconnect();

    // One statement: a network round trip plus its service time on one of the server's CPUs.
    engine::Task<> execute(const engine::Distribution& service_time);
    // `statements` statements of `statement_time`, then one of `last_time` (the COMMIT), sent one
    // after another on one connection: the app sends the next as its reply arrives, so each reply
    // leg and the next request leg are one wait.
    engine::Task<> execute_in_turn(int statements, const engine::Distribution& statement_time, const engine::Distribution& last_time);
    const DbServerConfig& config() const { return cfg_; }
    int connections() const { return connections_; }

private:
    engine::Simulation* sim_;
    const DbServerConfig& cfg_;
    const FaultsConfig& faults_;
    StackMetrics& metrics_;
    engine::Rng rng_;
    engine::Resource cpus_;
    int connections_;  // including other_connections
};

}  // namespace gatetune::sim
