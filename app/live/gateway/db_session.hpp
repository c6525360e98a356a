#pragma once
// SQLAlchemy's AsyncSession from Depends(get_db), for real: with per-request holding the first
// statement checks a pooled connection out and it stays out until close() — across the
// upstream call; with per-query holding each statement checks out and back in. The request
// path's steps are named here; each runs on the database threads after the emulated server time
// (SQLite), or on the worker's event loop itself (PostgreSQL: PgLoopStore, as asyncpg runs) —
// one checkout, holding and error-to-cause mapping for both. [docs/MODEL.md §3]
#include <exception>
#include <functional>
#include <optional>
#include <string_view>

#include "app/live/db/gateway_store.hpp"
#include "app/live/gateway/queue_pool.hpp"
#include "app/live/net/offload.hpp"

namespace gatetune::live {

template <class T>
struct DbOutcome {
    sim::Cause cause = sim::Cause::Ok;
    std::string error;             // the exception text when cause != Ok
    bool constraint = false;       // a unique-key violation (IntegrityError)
    std::optional<T> value;
};

// A lookup's outcome with a missing row as `fallback`.
template <class T>
DbOutcome<T> found_or(DbOutcome<std::optional<T>> o, T fallback) {
    DbOutcome<T> out{o.cause, std::move(o.error), o.constraint, std::nullopt};
    if (o.value) out.value = o.value->value_or(fallback);
    return out;
}

class DbSession {
public:
    DbSession(QueuePool& pool, const sim::Config& cfg, RequestTimeline& t) : pool_(pool), cfg_(cfg), t_(t) {}
    ~DbSession() {
        if (held_) pool_.checkin(held_);
    }
    DbSession(const DbSession&) = delete;
    DbSession& operator=(const DbSession&) = delete;

    // `statements`: how many statements the model counts for the step (their emulated server
    // time on SQLite).
    awaitable<DbOutcome<std::optional<ApiKeyRow>>> find_key(int statements, std::string_view prefix) {
        return step<std::optional<ApiKeyRow>>(
            statements, false, [prefix](GatewayStore& g) { return g.find_key(prefix); },
            [prefix](PgLoopStore& pg) { return pg.find_key(prefix); });
    }
    awaitable<DbOutcome<std::optional<std::int64_t>>> find_session(std::int64_t api_key_id, std::string_view owner) {
        return step<std::optional<std::int64_t>>(
            1, false, [=](GatewayStore& g) { return g.find_session(api_key_id, owner); },
            [=](PgLoopStore& pg) { return pg.find_session(api_key_id, owner); });
    }
    // INSERT and COMMIT; constraint on the outcome when another request inserted it first (O4).
    awaitable<DbOutcome<std::int64_t>> insert_session(std::int64_t api_key_id, std::string_view owner) {
        return step<std::int64_t>(
            1, true, [=](GatewayStore& g) { return g.insert_session(api_key_id, owner); },
            [=](PgLoopStore& pg) { return pg.insert_session(api_key_id, owner); });
    }
    awaitable<DbOutcome<std::vector<unsigned char>>> private_key(int statements, std::int64_t api_key_id) {
        return step<std::vector<unsigned char>>(
            statements, false, [=](GatewayStore& g) { return g.private_key(api_key_id); },
            [=](PgLoopStore& pg) { return pg.private_key(api_key_id); });
    }
    // The usage row and the session's counter, one transaction; u outlives the call.
    awaitable<DbOutcome<bool>> commit_usage(int statements, const UsageRow& u) {
        return step<bool>(
            statements, true,
            [&u](GatewayStore& g) {
                g.commit_usage(u);
                return true;
            },
            [&u](PgLoopStore& pg) -> awaitable<bool> {
                co_await pg.commit_usage(u);
                co_return true;
            });
    }

    // session.close(): back to the pool (or leaked, with leak_probability: returned invalidated by
    // the garbage collector, or held for good — request.leak_reclaim).
    void close(bool leak = false) {
        if (held_ && !leak)
            pool_.checkin(held_);
        else if (held_ && cfg_.request.leak_reclaim == sim::LeakReclaim::Gc)
            pool_.checkin_invalidated(held_);
        held_ = nullptr;
    }

private:
    // blocking(GatewayStore&) on a database thread, or looped(PgLoopStore&) awaited on this loop.
    template <class T, class Blocking, class Looped>
    awaitable<DbOutcome<T>> step(int statements, bool commit, Blocking blocking, Looped looped) {
        DbOutcome<T> out;
        if (!held_) {
            Checkout c = co_await pool_.checkout(t_);
            if (!c.conn) {
                out.cause = c.cause;
                out.error = c.error;
                co_return out;
            }
            held_ = c.conn;
        }
        PooledConnection* conn = held_;
        if (!conn->conn) {  // invalidated by an earlier statement of this session
            out.cause = sim::Cause::DbError;
            out.error = "the database connection was lost";
            co_return out;
        }
        const auto t0 = RequestTimeline::clock::now();
        try {
            if (conn->loop) {
                out.value = co_await looped(*conn->loop);
            } else {
                DbServerLink& server = pool_.server();
                out.value = co_await offload(pool_.db_threads(), [&, conn] {
                    for (int i = 0; i < statements; ++i) server.statement_time(conn->rng, false);
                    if (commit) server.statement_time(conn->rng, true);
                    return blocking(*conn->conn);
                });
            }
        } catch (const DatabaseError& e) {
            out.cause = sim::Cause::DbError;
            out.constraint = e.constraint();
            out.error = e.what();
            // Disconnect errors invalidate the connection: the next checkout reconnects.
            if (!conn->conn->alive()) pool_.drop(conn);
        }
        t_.charge(sim::Phase::DbQuery, t0);
        if (cfg_.request.db_holding == sim::DbHolding::PerQuery) release();
        co_return out;
    }

    void release() {
        if (held_) pool_.checkin(held_);
        held_ = nullptr;
    }

    QueuePool& pool_;
    const sim::Config& cfg_;
    RequestTimeline& t_;
    PooledConnection* held_ = nullptr;
};

}  // namespace gatetune::live
