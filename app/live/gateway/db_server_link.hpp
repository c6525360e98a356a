#pragma once
// The database server as the gateway's workers meet it. On SQLite, the preset's PostgreSQL
// behaviour is emulated around the file — connect time, one connection count shared by every
// worker process against max_connections (FATAL 53300 beyond it), and each statement's latency
// spent on the database thread, its service time on one of max_parallel_queries CPUs shared by
// every worker process (sim/db_cpus.hpp; the database thread blocks for its turn). On a real
// PostgreSQL server none of that is emulated: the server's own connect time, latency,
// max_connections and CPUs apply. [docs/MODEL.md §6]
#include <memory>
#include <string>

#include "app/live/db/database_location.hpp"
#include "app/live/db/gateway_store.hpp"
#include "app/live/gateway/shared_semaphore.hpp"
#include "app/live/gateway/shared_state.hpp"
#include "engine/random.hpp"
#include "sim/config.hpp"

namespace gatetune::live {

class DbServerLink {
public:
    // database: the `--db` text (already validated by the command). Throws DatabaseLocationError.
    DbServerLink(const sim::Config& cfg, SharedState& shared, WorkerGauges& gauges, const std::string& database)
        : cfg_(cfg), shared_(shared), gauges_(gauges), location_(parse_database_location(database)),
          cpus_(shared.db_cpus_busy, gauges.db_cpus_held, gauges.db_cpu_waiting) {}

    // On a database thread. Throws TooManyClients or DatabaseError.
    std::unique_ptr<GatewayStore> connect(engine::Rng& rng);
    void disconnect(std::unique_ptr<GatewayStore> c);
    // Sleeps one statement's (or commit's) emulated server time, faults applied, waiting first
    // for a server CPU; nothing on a real server.
    void statement_time(engine::Rng& rng, bool commit);
    const sim::Config& config() const { return cfg_; }

private:
    // The emulated admission check (SQLite only); counts the connection when admitted.
    void admit();
    void count(int delta);

    const sim::Config& cfg_;
    SharedState& shared_;
    WorkerGauges& gauges_;
    DatabaseLocation location_;
    SharedSemaphore cpus_;
};

}  // namespace gatetune::live
