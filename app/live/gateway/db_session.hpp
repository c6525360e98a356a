#pragma once
// SQLAlchemy's AsyncSession from Depends(get_db), for real: with per-request holding the first
// statement checks a pooled connection out and it stays out until close() — across the
// upstream call; with per-query holding each statement checks out and back in. Statements run
// on the database threads after the emulated server time. [docs/MODEL.md §3]
#include <exception>
#include <functional>
#include <optional>

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

class DbSession {
public:
    DbSession(QueuePool& pool, const sim::Config& cfg, RequestTimeline& t) : pool_(pool), cfg_(cfg), t_(t) {}
    ~DbSession() {
        if (held_) pool_.checkin(held_);
    }
    DbSession(const DbSession&) = delete;
    DbSession& operator=(const DbSession&) = delete;

    // `statements` statements' server time, then work(db) on a database thread.
    template <class F>
    awaitable<DbOutcome<std::invoke_result_t<F, GatewayStore&>>> run(int statements, bool commit, F work) {
        using R = std::invoke_result_t<F, GatewayStore&>;
        DbOutcome<R> out;
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
        DbServerLink& server = pool_.server();
        const auto t0 = RequestTimeline::clock::now();
        try {
            out.value = co_await offload(pool_.db_threads(), [&, conn] {
                for (int i = 0; i < statements; ++i) server.statement_time(conn->rng, false);
                if (commit) server.statement_time(conn->rng, true);
                return work(*conn->conn);
            });
        } catch (const DatabaseError& e) {
            out.cause = sim::Cause::DbError;
            out.constraint = e.constraint();
            out.error = e.what();
            // Disconnect errors invalidate the connection: the next checkout reconnects.
            if (!conn->conn->alive()) pool_.server().disconnect(std::move(conn->conn));
        }
        t_.charge(sim::Phase::DbQuery, t0);
        if (cfg_.request.db_holding == sim::DbHolding::PerQuery) release();
        co_return out;
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
