#include "app/live/gateway/queue_pool.hpp"

#include "app/live/db/postgres_store.hpp"
#include "app/live/net/offload.hpp"
#include "sim/queue_pool_rules.hpp"

namespace gatetune::live {

using sim::Cause;
using sim::Phase;

namespace {
// PostgreSQL refusing the connection is the model's cause; anything else (the file missing,
// unreadable, locked) is the database failing.
Cause connect_failure(const std::exception& e) {
    return dynamic_cast<const TooManyClients*>(&e) ? Cause::DbTooManyClients : Cause::DbError;
}
}  // namespace

QueuePool::QueuePool(const sim::Config& cfg, DbServerLink& server, asio::thread_pool& db_threads, WorkerGauges& gauges, int slot)
    : cfg_(cfg.db_pool), server_(server), db_threads_(db_threads), gauges_(gauges),
      idle_(static_cast<std::size_t>(std::max(cfg.db_pool.pool_size, 0)), cfg.db_pool.pool_use_lifo),
      overflow_(sim::initial_overflow(cfg.db_pool)), streams_(cfg.simulation.seed ^ (0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(slot + 1))),
      slot_(slot) {}

QueuePool::~QueuePool() {
    for (auto& c : owned_) drop(c.get());
}

void QueuePool::drop(PooledConnection* c) {
    c->loop.reset();
    server_.disconnect(std::move(c->conn));
}

// Connecting stays on the database threads even for PostgreSQL: PQconnectStart resolves host
// names synchronously and PQconnectPoll leaves connect_timeout to its caller, so only PQconnectdb
// keeps a URI's meaning — and a pool connects only when it grows or replaces a connection. The
// connection's statements then run on this loop.
awaitable<void> QueuePool::connect(PooledConnection* c) {
    c->conn = co_await offload(db_threads_, [this, c] { return server_.connect(c->rng); });
    if (auto* pg = dynamic_cast<PgStore*>(c->conn.get())) {
        const auto loop = co_await asio::this_coro::executor;
        c->loop = std::make_unique<PgLoopStore>(pg->connection(), loop);
    }
}

// pool_pre_ping's round trip; false when the connection is dead.
awaitable<bool> QueuePool::ping(PooledConnection* c) {
    if (c->loop) {
        try {
            co_await c->loop->ping();
            co_return true;
        } catch (const DatabaseError&) {
            co_return false;
        }
    }
    co_return co_await offload(db_threads_, [this, c] {
        server_.statement_time(c->rng, false);
        try {
            c->conn->ping();
            return true;
        } catch (const DatabaseError&) {
            return false;
        }
    });
}

void QueuePool::set_overflow(int v) {
    gauges_.db_overflow.fetch_add(std::max(v, 0) - std::max(overflow_, 0));
    overflow_ = v;
}

awaitable<Checkout> QueuePool::checkout(RequestTimeline& t) {
    const auto start = RequestTimeline::clock::now();
    for (;;) {
        const bool wait = sim::checkout_waits(overflow_, cfg_);
        if (wait) gauges_.db_waiting.fetch_add(1);
        std::optional<PooledConnection*> idle =
            co_await idle_.get(wait ? seconds(cfg_.pool_timeout) : std::chrono::steady_clock::duration::zero());
        if (wait) gauges_.db_waiting.fetch_sub(1);
        t.charge(Phase::DbPoolWait, start);
        if (idle) co_return co_await prepare(*idle, t);
        if (!sim::may_open_connection(overflow_, cfg_)) {
            if (!wait) continue;
            co_return Checkout{nullptr, Cause::DbPoolTimeout, sim::pool_timeout_message(cfg_)};
        }
        // Room below the limit — also after a full wait, when failed connects freed it (O2).
        co_return co_await create(t);
    }
}

awaitable<Checkout> QueuePool::create(RequestTimeline& t) {
    set_overflow(overflow_ + 1);
    auto record = std::make_unique<PooledConnection>();
    record->rng = streams_.stream("connection", created_++);
    const auto t0 = RequestTimeline::clock::now();
    try {
        co_await connect(record.get());
    } catch (const std::exception& e) {
        t.charge(Phase::DbConnect, t0);
        set_overflow(overflow_ - 1);  // nothing is put in the queue: waiters stay asleep (O2)
        co_return Checkout{nullptr, connect_failure(e), e.what()};
    }
    t.charge(Phase::DbConnect, t0);
    record->created_us = steady_now_us();
    owned_.push_back(std::move(record));
    mark_out(owned_.back().get());
    co_return Checkout{owned_.back().get(), Cause::Ok, ""};
}

// _ConnectionFairy._checkout on a pooled record, in sim/queue_pool_rules.hpp's order: reconnect
// if invalidated or past pool_recycle; then pre-ping one that is not fresh, and reconnect once
// when the ping finds it dead (the server restarted, or closed it).
awaitable<Checkout> QueuePool::prepare(PooledConnection* c, RequestTimeline& t) {
    const auto now_us = steady_now_us();
    if (sim::needs_reconnect(c->conn != nullptr, c->created_us, now_us, cfg_)) {
        drop(c);
        if (auto failed = co_await reconnect(c, t)) co_return std::move(*failed);
    } else if (sim::pre_ping_due(!c->used, cfg_)) {
        const auto t0 = RequestTimeline::clock::now();
        const bool alive = co_await ping(c);
        t.charge(Phase::DbQuery, t0);
        if (!alive) {
            drop(c);
            if (auto failed = co_await reconnect(c, t)) co_return std::move(*failed);
        }
    }
    mark_out(c);
    co_return Checkout{c, Cause::Ok, ""};
}

// _ConnectionRecord.get_connection on an invalidated record: a fresh connection, or the error —
// and then _checkin_failed puts the record back in the queue.
awaitable<std::optional<Checkout>> QueuePool::reconnect(PooledConnection* c, RequestTimeline& t) {
    const auto t0 = RequestTimeline::clock::now();
    try {
        co_await connect(c);
    } catch (const std::exception& e) {
        t.charge(Phase::DbConnect, t0);
        if (!idle_.put(c)) close(c);
        co_return Checkout{nullptr, connect_failure(e), e.what()};
    }
    t.charge(Phase::DbConnect, t0);
    c->created_us = steady_now_us();
    c->used = false;
    co_return std::nullopt;
}

void QueuePool::mark_out(PooledConnection* c) {
    c->used = true;
    gauges_.db_checked_out.fetch_add(1);
}

void QueuePool::checkin(PooledConnection* c) {
    gauges_.db_checked_out.fetch_sub(1);
    if (!idle_.put(c)) close(c);  // pool_size already idle: _do_return_conn closes it
}

void QueuePool::checkin_invalidated(PooledConnection* c) {
    drop(c);
    checkin(c);
}

void QueuePool::close(PooledConnection* c) {
    drop(c);
    set_overflow(overflow_ - 1);
    std::erase_if(owned_, [c](const auto& p) { return p.get() == c; });
}

}  // namespace gatetune::live
