#include "sim/db_session.hpp"

namespace gatetune::sim {

engine::Task<Cause> DbSession::ensure_connection() {
    if (conn_) co_return Cause::Ok;
    CheckoutResult r = co_await pool_.checkout(ex_);
    if (!r.conn) co_return r.cause;
    conn_ = HeldConnection(&pool_, r.conn);
    co_return Cause::Ok;
}

engine::Task<> DbSession::release_if_per_query() {
    if (ctx_.cfg.request.db_holding == DbHolding::PerQuery && conn_) co_await pool_.checkin(conn_.release());
}

engine::Task<Cause> DbSession::execute(int statements) {
    for (int i = 0; i < statements; ++i) {
        Cause c = co_await ensure_connection();
        if (c != Cause::Ok) co_return c;
        ex_.doing("running a DB query", ctx_.sim.now());
        const SimTime t0 = ctx_.sim.now();
        co_await ctx_.db.execute(ctx_.cfg.db_server.query_time);
        ex_.add(Phase::DbQuery, ctx_.sim.now() - t0);
        co_await release_if_per_query();
    }
    co_return Cause::Ok;
}

engine::Task<Cause> DbSession::commit(int statements) {
    Cause c = co_await ensure_connection();
    if (c != Cause::Ok) co_return c;
    ex_.doing("writing usage and committing", ctx_.sim.now());
    const SimTime t0 = ctx_.sim.now();
    co_await ctx_.db.execute_in_turn(statements, ctx_.cfg.db_server.query_time, ctx_.cfg.db_server.commit_time);
    ex_.add(Phase::DbQuery, ctx_.sim.now() - t0);
    co_await release_if_per_query();
    co_return Cause::Ok;
}

engine::Task<> DbSession::close() {
    if (!conn_) co_return;
    const double leak = ctx_.cfg.request.leak_probability;
    if (leak > 0 && rng_.uniform01() < leak) {
        if (ctx_.cfg.request.leak_reclaim == LeakReclaim::Gc)
            pool_.checkin_invalidated(conn_.release());  // the collector's finalizer, no ROLLBACK
        else
            conn_.release()->holder = nullptr;  // never checked in: stays out until the worker process dies
        co_return;
    }
    co_await pool_.checkin(conn_.release());
}

}  // namespace gatetune::sim
