#include "sim/db_server.hpp"

#include "sim/faults.hpp"

namespace gatetune::sim {

using engine::from_seconds;

DbServer::DbServer(engine::Simulation& sim, const DbServerConfig& cfg, const FaultsConfig& faults, StackMetrics& metrics,
                   engine::Rng rng)
    : sim_(&sim), cfg_(cfg), faults_(faults), metrics_(metrics), rng_(rng), cpus_(sim, cfg.max_parallel_queries),
      connections_(cfg.other_connections) {}

engine::Task<ConnectError> DbServer::connect(const engine::Distribution& connect_time) {
    co_await sim_->delay(from_seconds(connect_time.sample(rng_)));
    if (const ConnectError refused = pg_admission(connections_, cfg_); refused != ConnectError::None) co_return refused;
    ++connections_;
    metrics_.db_connections.add(1);
    co_return ConnectError::None;
}

void DbServer::disconnect() {
    --connections_;
    metrics_.db_connections.add(-1);
}

engine::Task<> DbServer::execute(const engine::Distribution& service_time) {
    const engine::SimTime half_rtt = from_seconds(cfg_.round_trip / 2);
    co_await sim_->delay(half_rtt);
    {
        engine::Acquired cpu = co_await cpus_.acquire();
        const double slowdown = active_fault(faults_.db_slowdown, sim_->now()).value_or(1.0);
        co_await sim_->delay(from_seconds(service_time.sample(rng_) * slowdown));
    }
    co_await sim_->delay(half_rtt);
}

}  // namespace gatetune::sim
