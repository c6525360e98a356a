#include "sim/db_server.hpp"

#include "sim/db_cpus.hpp"

namespace gatetune::sim {

using engine::from_seconds;

DbServer::DbServer(engine::Simulation& sim, const DbServerConfig& cfg, const FaultsConfig& faults, StackMetrics& metrics,
                   engine::Rng rng)
    : sim_(&sim), cfg_(cfg), faults_(faults), metrics_(metrics), rng_(rng), cpus_(sim, db_cpus(cfg)),
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

engine::Task<> DbServer::execute(const engine::Distribution& service_time) { return execute_in_turn(0, service_time, service_time); }

engine::Task<> DbServer::execute_in_turn(int statements, const engine::Distribution& statement_time, const engine::Distribution& last_time) {
    const engine::SimTime leg = from_seconds(statement_leg(cfg_));
    co_await sim_->delay(leg);
    for (int i = 0; i <= statements; ++i) {
        {
            engine::Acquired cpu = co_await cpus_.acquire();
            const engine::Distribution& time = i < statements ? statement_time : last_time;
            co_await sim_->delay(from_seconds(statement_cpu_time(time.sample(rng_), faults_, sim_->now())));
        }
        co_await sim_->delay(i < statements ? 2 * leg : leg);
    }
}

}  // namespace gatetune::sim
