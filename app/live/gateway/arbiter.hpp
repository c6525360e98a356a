#pragma once
// `gatetune serve`: gunicorn's master process for the live gateway. It opens the listening
// socket, forks the workers (each with its own pools, as forked gunicorn workers have), and
// runs gunicorn's loop: wait for a signal up to arbiter_interval, reap dead workers, murder the
// silent ones (WORKER TIMEOUT → SIGABRT, SIGKILL on the next pass), and fork replacements.
#include <atomic>
#include <functional>
#include <ostream>
#include <string>

#include "app/live/net/endpoint.hpp"
#include "app/live/net/server.hpp"
#include "sim/config.hpp"

namespace gatetune::live {

struct GatewayOptions {
    ListenAddress listen;
    std::string database;      // SQLite file or postgresql:// URI (database_location.hpp; created if missing)
    HttpUrl upstream;
    ServerLimits limits;
    bool db_steps = true;      // false: no key check, session or usage (HTTP path only)
    bool protect_metrics = false;  // /metrics needs a valid key (set when listening beyond loopback)
    double time_scale = 1.0;   // already applied to the config; shown in the banner
};

// Runs until SIGINT/SIGTERM. `ready` gets the bound port once every worker accepts. Returns the
// process exit code (2 when the socket or database cannot be opened).
int run_gateway(const sim::Config& scaled, const GatewayOptions& opts, std::ostream& log,
                const std::function<void(std::uint16_t)>& ready = {});

}  // namespace gatetune::live
