#pragma once
// SQLAlchemy AsyncSession from Depends(get_db): with per-request holding the first statement
// checks a connection out and it stays out until close() — across the upstream call; with
// per-query holding each statement (or the final transaction) checks out and back in.
// [docs/MODEL.md §3 "Session/AsyncSession connection holding"]
#include "sim/queue_pool.hpp"

namespace gatetune::sim {

class DbSession {
public:
    DbSession(StackContext& ctx, QueuePool& pool, Exchange& ex) : ctx_(ctx), pool_(pool), ex_(ex), rng_(ctx.streams.stream("db_session", ex.rec.id)) {}

    // One statement (SELECT/INSERT/UPDATE); Cause::Ok or the checkout failure.
    engine::Task<Cause> execute(int statements);
    // The usage writes and COMMIT, as one transaction.
    engine::Task<Cause> commit(int statements);
    // session.close(): ROLLBACK-on-return and check-in (or a leak, with leak_probability).
    engine::Task<> close();

private:
    engine::Task<Cause> ensure_connection();
    engine::Task<> release_if_per_query();

    StackContext& ctx_;
    QueuePool& pool_;
    Exchange& ex_;
    engine::Rng rng_;
    HeldConnection conn_;
};

}  // namespace gatetune::sim
