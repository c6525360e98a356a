#pragma once
// The database server as the gateway's workers meet it: SQLite underneath, with the preset's
// PostgreSQL behaviour around it — connect time, one connection count shared by every worker
// process against max_connections (FATAL 53300 beyond it), and each statement's latency spent
// on the database thread. [MODEL.md §6]
#include <memory>
#include <stdexcept>
#include <string>

#include "app/live/db/sqlite.hpp"
#include "app/live/gateway/shared_state.hpp"
#include "engine/random.hpp"
#include "sim/config.hpp"

namespace gatetune::live {

class TooManyClients : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class DbServerLink {
public:
    DbServerLink(const sim::Config& cfg, SharedState& shared, WorkerGauges& gauges, std::string path)
        : cfg_(cfg), shared_(shared), gauges_(gauges), path_(std::move(path)) {}

    // On a database thread. Throws TooManyClients or SqliteError.
    std::unique_ptr<SqliteConnection> connect(engine::Rng& rng);
    void disconnect(std::unique_ptr<SqliteConnection> c);
    // Sleeps one statement's (or commit's) server time, faults applied.
    void statement_time(engine::Rng& rng, bool commit) const;
    // A released connection of a killed process (the kernel closed its socket).
    const sim::Config& config() const { return cfg_; }

private:
    const sim::Config& cfg_;
    SharedState& shared_;
    WorkerGauges& gauges_;
    std::string path_;
};

}  // namespace gatetune::live
