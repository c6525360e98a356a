#include "sim/queue_pool.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "sim/queue_pool_rules.hpp"

namespace gatetune::sim {

using engine::from_seconds;
using engine::to_seconds;

QueuePool::QueuePool(StackContext& ctx, int worker_slot)
    : ctx_(ctx), cfg_(ctx.cfg.db_pool), slot_(worker_slot),
      idle_(ctx.sim, static_cast<std::size_t>(std::max(ctx.cfg.db_pool.pool_size, 0))),
      overflow_(initial_overflow(ctx.cfg.db_pool)), rng_(ctx.streams.stream("db_pool", static_cast<std::uint64_t>(worker_slot))) {
    idle_.set_lifo(cfg_.pool_use_lifo);
}

QueuePool::~QueuePool() {
    for (auto& c : owned_)
        if (c->connected) ctx_.db.disconnect();
    ctx_.metrics.checked_out[static_cast<std::size_t>(slot_)].add(-checked_out_);
    ctx_.metrics.overflow[static_cast<std::size_t>(slot_)].add(-std::max(overflow_, 0));
}

engine::Task<CheckoutResult> QueuePool::checkout(Exchange& ex) {
    auto& sim = ctx_.sim;
    const SimTime start = sim.now();
    for (;;) {
        // Wait only when the overflow counter is full; otherwise look, and connect if empty.
        const bool wait = checkout_waits(overflow_, cfg_);
        if (wait) {
            ex.doing("waiting for a DB connection", sim.now());
            ctx_.metrics.db_waiting.add(1);
        }
        std::optional<DbConnection*> idle = co_await idle_.get(wait ? from_seconds(cfg_.pool_timeout) : 0);
        if (wait) ctx_.metrics.db_waiting.add(-1);
        ex.add(Phase::DbPoolWait, sim.now() - start);
        if (idle) co_return co_await prepare(*idle, ex);
        if (!may_open_connection(overflow_, cfg_)) {
            if (!wait) continue;
            co_return fail(ex, Cause::DbPoolTimeout, sim.now() - start, ConnectError::None);
        }
        // Room below the limit — also after a full wait, when failed connects freed it (O2):
        // the waiter was never woken, slept the whole pool_timeout, and now connects.
        co_return co_await create(ex);
    }
}

engine::Task<CheckoutResult> QueuePool::create(Exchange& ex) {
    auto& sim = ctx_.sim;
    ++overflow_;
    if (overflow_ > 0) ctx_.metrics.overflow[static_cast<std::size_t>(slot_)].add(1);
    ex.doing("opening a DB connection", sim.now());
    const SimTime t0 = sim.now();
    ConnectError err = co_await ctx_.db.connect(cfg_.connect_time);
    ex.add(Phase::DbConnect, sim.now() - t0);
    if (err != ConnectError::None) {
        // _inc_overflow was undone, but nothing is put in the queue: waiters stay asleep (O2).
        if (overflow_ > 0) ctx_.metrics.overflow[static_cast<std::size_t>(slot_)].add(-1);
        --overflow_;
        co_return fail(ex, Cause::DbTooManyClients, sim.now() - t0, err);
    }
    owned_.push_back(std::make_unique<DbConnection>());
    DbConnection* c = owned_.back().get();
    c->created = sim.now();
    mark_out(c, ex);
    co_return CheckoutResult{c, Cause::Ok};
}

// _ConnectionFairy._checkout on an existing record, in sim/queue_pool_rules.hpp's order: reconnect
// if invalidated or past pool_recycle, then pre-ping one that is not fresh. (The simulated server
// never drops a connection, so a ping always succeeds.)
engine::Task<CheckoutResult> QueuePool::prepare(DbConnection* c, Exchange& ex) {
    auto& sim = ctx_.sim;
    if (needs_reconnect(c->connected, c->created, sim.now(), cfg_)) {
        if (c->connected) {
            ctx_.db.disconnect();
            c->connected = false;
        }
        ex.doing("reconnecting a pooled DB connection", sim.now());
        const SimTime t0 = sim.now();
        ConnectError err = co_await ctx_.db.connect(cfg_.connect_time);
        ex.add(Phase::DbConnect, sim.now() - t0);
        if (err != ConnectError::None) {
            // _checkin_failed: the invalidated record goes back to the queue, the error up.
            if (!idle_.put(c)) close(c);
            co_return fail(ex, Cause::DbTooManyClients, sim.now() - t0, err);
        }
        c->connected = true;
        c->created = sim.now();
        c->used = false;
    }
    if (pre_ping_due(!c->used, cfg_)) {
        const SimTime t0 = sim.now();
        co_await ctx_.db.execute(engine::Distribution::constant(0.0001));
        ex.add(Phase::DbQuery, sim.now() - t0);
    }
    mark_out(c, ex);
    co_return CheckoutResult{c, Cause::Ok};
}

void QueuePool::mark_out(DbConnection* c, Exchange& ex) {
    c->used = true;
    c->holder = &ex;
    c->checked_out_at = ctx_.sim.now();
    ++checked_out_;
    ctx_.metrics.checked_out[static_cast<std::size_t>(slot_)].add(1);
}

engine::Task<> QueuePool::checkin(DbConnection* c) {
    co_await ctx_.sim.delay(from_seconds(ctx_.cfg.db_server.round_trip));  // reset on return: ROLLBACK
    checkin_now(c);
}

void QueuePool::checkin_now(DbConnection* c) {
    c->holder = nullptr;
    --checked_out_;
    ctx_.metrics.checked_out[static_cast<std::size_t>(slot_)].add(-1);
    if (!idle_.put(c)) close(c);  // pool_size already idle: _do_return_conn closes it
}

void QueuePool::checkin_invalidated(DbConnection* c) {
    if (c->connected) ctx_.db.disconnect();
    c->connected = false;
    checkin_now(c);
}

void QueuePool::close(DbConnection* c) {
    if (c->connected) ctx_.db.disconnect();
    if (overflow_ > 0) ctx_.metrics.overflow[static_cast<std::size_t>(slot_)].add(-1);
    --overflow_;
    std::erase_if(owned_, [c](const auto& p) { return p.get() == c; });
}

CheckoutResult QueuePool::fail(Exchange& ex, Cause cause, SimTime waited, ConnectError err) {
    if (!ctx_.explainer.wants(cause)) return {nullptr, cause};
    if (cause == Cause::DbPoolTimeout) {
        // Who holds the connections, and doing what.
        std::map<std::string, int> doing;
        facts::DbPoolTimeout f{slot_, waited, 0, "", 0, idle_.getters_waiting()};
        for (auto& c : owned_)
            if (c->holder) {
                ++doing[c->holder->activity];
                f.held_total += ctx_.sim.now() - c->checked_out_at;
                ++f.holders;
            }
        for (auto& [activity, n] : doing) f.holders_doing += (f.holders_doing.empty() ? "" : ", ") + std::to_string(n) + " " + activity;
        ctx_.explainer.note(cause, ex, std::move(f), ctx_.sim.now());
    } else {
        ctx_.explainer.note(cause, ex, facts::DbRefused{slot_, open(), waited, err, ctx_.db.connections()}, ctx_.sim.now());
    }
    return {nullptr, cause};
}

}  // namespace gatetune::sim
