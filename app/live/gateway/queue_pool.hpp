#pragma once
// SQLAlchemy's QueuePool for real, one per worker process: the checkout rules of
// sim/queue_pool_rules.hpp, shared with sim/queue_pool.cpp (_do_get: idle connection, else a new
// one while the overflow counter allows, else wait up to pool_timeout; overflow connections
// closed on check-in when pool_size already sit idle; recycle, then pre-ping, at checkout;
// failed connects leave waiters asleep — O2). Pool bookkeeping runs on the worker's event loop;
// connecting runs on the database threads, and so does pinging on SQLite — a PostgreSQL
// connection's statements run on the loop itself (PgLoopStore).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/live/db/postgres_loop_store.hpp"
#include "app/live/gateway/db_server_link.hpp"
#include "app/live/gateway/request_timeline.hpp"
#include "app/live/net/wait_queue.hpp"

namespace gatetune::live {

struct PooledConnection {
    std::unique_ptr<GatewayStore> conn;      // null after a failed reconnect (the record stays)
    std::int64_t created_us = 0;
    bool used = false;                       // a fresh connection skips pre-ping
    engine::Rng rng{0};                      // this connection's statement times
    // On PostgreSQL: conn's statements awaited on the worker's loop (declared after conn, so it
    // goes first; QueuePool::drop keeps the two together).
    std::unique_ptr<PgLoopStore> loop;
};

struct Checkout {
    PooledConnection* conn = nullptr;
    sim::Cause cause = sim::Cause::Ok;       // DbPoolTimeout or DbTooManyClients when conn is null
    std::string error;                       // the exception text the app would log
};

class QueuePool {
public:
    QueuePool(const sim::Config& cfg, DbServerLink& server, asio::thread_pool& db_threads, WorkerGauges& gauges, int slot);
    ~QueuePool();

    awaitable<Checkout> checkout(RequestTimeline& t);
    void checkin(PooledConnection* c);
    // A leaked session's connection returned by the garbage collector's finalizer: closed at the
    // server, the record back in the queue; its next checkout reconnects. [docs/MODEL.md O9]
    void checkin_invalidated(PooledConnection* c);
    // A connection the server broke (a disconnect error): closed, the record kept; its next
    // checkout reconnects.
    void drop(PooledConnection* c);
    asio::thread_pool& db_threads() { return db_threads_; }
    DbServerLink& server() { return server_; }

private:
    awaitable<Checkout> create(RequestTimeline& t);
    awaitable<Checkout> prepare(PooledConnection* c, RequestTimeline& t);
    awaitable<std::optional<Checkout>> reconnect(PooledConnection* c, RequestTimeline& t);
    awaitable<bool> ping(PooledConnection* c);
    awaitable<void> connect(PooledConnection* c);
    void mark_out(PooledConnection* c);
    void close(PooledConnection* c);
    void set_overflow(int v);

    const sim::DbPoolConfig& cfg_;
    DbServerLink& server_;
    asio::thread_pool& db_threads_;
    WorkerGauges& gauges_;
    WaitQueue<PooledConnection*> idle_;
    std::vector<std::unique_ptr<PooledConnection>> owned_;
    int overflow_;      // SQLAlchemy's counter: open connections − pool_size
    engine::RngStreams streams_;
    std::uint64_t created_ = 0;
    int slot_;
};

}  // namespace gatetune::live
