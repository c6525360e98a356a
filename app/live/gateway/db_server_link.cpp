#include "app/live/gateway/db_server_link.hpp"

#include <thread>

#include "app/live/db/open_database.hpp"
#include "sim/faults.hpp"

namespace gatetune::live {

namespace {
void sleep_seconds(double s) {
    if (s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(s));
}
}  // namespace

void DbServerLink::admit() {
    const auto& db = cfg_.db_server;
    // PostgreSQL admits an ordinary role while fewer than max_connections − reserved are open.
    const std::int64_t ordinary = db.max_connections - db.superuser_reserved_connections - db.other_connections;
    std::int64_t open = shared_.db_connections.load();
    do {
        if (open >= ordinary) {
            if (open + db.other_connections >= db.max_connections)
                throw TooManyClients("FATAL: sorry, too many clients already");
            throw TooManyClients("FATAL: remaining connection slots are reserved for non-replication superuser connections");
        }
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

void DbServerLink::statement_time(engine::Rng& rng, bool commit) const {
    if (location_.postgres()) return;
    const auto& db = cfg_.db_server;
    const engine::SimTime now = steady_now_us() - shared_.t0_us.load();
    const double slow = sim::active_fault(cfg_.faults.db_slowdown, now).value_or(1.0);
    sleep_seconds(db.round_trip + (commit ? db.commit_time : db.query_time).sample(rng) * slow);
}

}  // namespace gatetune::live
