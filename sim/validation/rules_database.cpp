// SQLAlchemy pools against PostgreSQL: the connection budget and the pool against the requests
// that hold its connections.
#include <algorithm>
#include <limits>

#include "sim/validation/estimate.hpp"
#include "sim/validation/rule_groups.hpp"
#include "sim/validation/rule_support.hpp"
#include "sim/validation/wording.hpp"

namespace gatetune::sim::validation {
namespace {

// Pools are per worker process and per replica; the server's budget is shared by all. [§3, §6]
std::vector<RuleHit> connection_budget(const StackEstimate& e) {
    const Config& c = e.cfg;
    const long long per_worker = c.db_pool.pool_size + c.db_pool.max_overflow;
    const long long processes = static_cast<long long>(c.server.workers) * c.replicas;
    const long long peak = processes * per_worker;
    const long long available = c.db_server.max_connections - c.db_server.superuser_reserved_connections -
                                c.db_server.other_connections;
    if (peak <= available) return {};
    std::string fit = available > 0 && available >= processes
                          ? "pool_size + max_overflow ≤ " + std::to_string(available / processes) + " would fit"
                          : "not even one connection per worker fits";
    return {{Severity::Error,
             counted(c.server.workers, "worker", "workers") + " × (" + std::to_string(c.db_pool.pool_size) + " + " +
                 std::to_string(c.db_pool.max_overflow) + ") × " + counted(c.replicas, "replica", "replicas") + " = " +
                 std::to_string(peak) + " PostgreSQL connections at peak, but only " + std::to_string(available) +
                 " are available (max_connections " + std::to_string(c.db_server.max_connections) + " − " +
                 std::to_string(c.db_server.superuser_reserved_connections) + " reserved − " +
                 std::to_string(c.db_server.other_connections) + " other); " + fit,
             {"db_pool.pool_size", "db_pool.max_overflow", "server.workers", "deployment.replicas",
              "db_server.max_connections"}}};
}

// Requests a worker can have in flight: one for sync, `threads` for gthread, and for uvicorn
// whatever arrives unless limit_concurrency caps it. [§2]
double worker_capacity(const ServerConfig& s) {
    switch (effective_worker_class(s)) {
        case WorkerClass::Sync: return 1;
        case WorkerClass::Gthread: return s.threads;
        case WorkerClass::Uvicorn: break;
    }
    return s.limit_concurrency > 0 ? s.limit_concurrency : std::numeric_limits<double>::infinity();
}

// Depends(get_db) holds the connection across the upstream call: one connection per request in
// flight. [§3, O2, O7]
std::vector<RuleHit> pool_below_concurrency(const StackEstimate& e) {
    const Config& c = e.cfg;
    if (c.request.db_holding != DbHolding::PerRequest) return {};
    const double per_worker = std::min(worker_capacity(c.server), e.concurrency / c.server.workers);
    const int pool = c.db_pool.pool_size + c.db_pool.max_overflow;
    if (per_worker <= pool) return {};
    return {{Severity::Warning,
             "≈ " + approx(per_worker) + " requests in flight per worker (" + approx(e.concurrency) + " offered over " +
                 counted(c.server.workers, "worker", "workers") +
                 ") each hold a DB connection across the upstream call, but pool_size + max_overflow = " +
                 std::to_string(pool) + ": the rest wait up to pool_timeout " + secs(c.db_pool.pool_timeout) +
                 " and fail with QueuePool limit … reached",
             {"db_pool.pool_size", "db_pool.max_overflow", "server.workers", "request.db_holding"}}};
}

}  // namespace

std::vector<Rule> database_rules() {
    return {
        {"GT001", "db-connection-budget",
         "SQLAlchemy pools are plain in-process objects, not shared across forked workers, so every gunicorn "
         "worker of every replica opens up to pool_size + max_overflow connections of its own. Overflow "
         "connections open exactly when load peaks; beyond max_connections − superuser_reserved_connections "
         "PostgreSQL refuses them with `FATAL: sorry, too many clients already` (53300), while the "
         "connections already open keep working.",
         "MODEL.md §3, §6, §9 O5", connection_budget},
        {"GT002", "db-pool-below-concurrency",
         "With Depends(get_db) the session checks a connection out at its first query and holds it until "
         "commit or close — across the awaited upstream call — so a worker needs about one connection per "
         "request in flight. Beyond pool_size + max_overflow a checkout waits up to pool_timeout and raises "
         "`QueuePool limit of size N overflow M reached, connection timed out, timeout T`. Load over workers "
         "is uneven, so trouble starts below this even-spread estimate.",
         "MODEL.md §3, §9 O2, O7", pool_below_concurrency},
    };
}

}  // namespace gatetune::sim::validation
