#include "app/live/gateway/db_server_link.hpp"

#include <thread>

#include "app/live/db/open_database.hpp"
#include "sim/db_cpus.hpp"
#include "sim/postgres_admission.hpp"

namespace gatetune::live {

namespace {
void sleep_seconds(double s) {
    if (s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(s));
}
}  // namespace

// PostgreSQL's admission check (sim/postgres_admission.hpp), against every worker's connections
// and the preset's other_connections; the connection is counted when admitted.
void DbServerLink::admit() {
    const auto& db = cfg_.db_server;
    std::int64_t open = shared_.db_connections.load();
    do {
        if (const auto refused = sim::pg_admission(open + db.other_connections, db); refused != sim::ConnectError::None)
            throw TooManyClients(sim::pg_fatal(refused));
    } while (!shared_.db_connections.compare_exchange_weak(open, open + 1));
    gauges_.db_connections.fetch_add(1);
}

// The gauges behind /metrics (and the arbiter's clean-up of a killed worker's connections).
void DbServerLink::count(int delta) {
    shared_.db_connections.fetch_add(delta);
    gauges_.db_connections.fetch_add(delta);
}

std::unique_ptr<GatewayStore> DbServerLink::connect(engine::Rng& rng) {
    if (location_.postgres()) {
        auto c = open_database(location_);  // the server refuses for real beyond max_connections
        count(1);
        return c;
    }
    sleep_seconds(cfg_.db_pool.connect_time.sample(rng));
    admit();
    try {
        return open_database(location_);
    } catch (...) {
        count(-1);
        throw;
    }
}

void DbServerLink::disconnect(std::unique_ptr<GatewayStore> c) {
    if (!c) return;
    c.reset();
    count(-1);
}

// In the simulator's order (sim/db_server.cpp): the way there, the CPU (slowed by a fault active
// when it is granted), the way back.
void DbServerLink::statement_time(engine::Rng& rng, bool commit) {
    if (location_.postgres()) return;
    const auto& db = cfg_.db_server;
    sleep_seconds(sim::statement_leg(db));
    {
        const SharedSemaphore::Unit cpu(cpus_, [&db](std::int64_t running) { return sim::db_cpu_free(running, db); });
        const engine::SimTime granted = steady_now_us() - shared_.t0_us.load();
        sleep_seconds(sim::statement_cpu_time((commit ? db.commit_time : db.query_time).sample(rng), cfg_.faults, granted));
    }
    sleep_seconds(sim::statement_leg(db));
}

}  // namespace gatetune::live
