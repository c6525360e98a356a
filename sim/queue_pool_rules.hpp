#pragma once
// SQLAlchemy's QueuePool decisions, written once for the simulated pool (sim/queue_pool.cpp) and
// the live gateway's real one (app/live/gateway/queue_pool.cpp): when a checkout waits, when it
// may open an overflow connection, when a pooled connection is replaced or pinged, in which order,
// and the exact text of the pool timeout. docs/MODEL.md §3, O2.
#include <cstdio>
#include <string>

#include "engine/time.hpp"
#include "sim/config.hpp"

namespace gatetune::sim {

// SQLAlchemy's overflow counter starts at −pool_size and counts every open connection
// (QueuePool.__init__: self._overflow = 0 - pool_size).
inline int initial_overflow(const DbPoolConfig& p) { return -p.pool_size; }

// QueuePool._do_get: with the counter at max_overflow a checkout blocks on the queue for up to
// `timeout`; below it, it takes an idle connection without waiting, or opens a new one
// (_inc_overflow). A failed connect undoes the increment but puts nothing in the queue, so a
// waiter is not woken (O2): after its full wait it finds room below the limit and connects.
inline bool checkout_waits(int overflow, const DbPoolConfig& p) { return overflow >= p.max_overflow; }
inline bool may_open_connection(int overflow, const DbPoolConfig& p) { return overflow < p.max_overflow; }

// What _ConnectionFairy._checkout does to a pooled connection before handing it out, in this
// order (pool/base.py, 1.4 and 2.0):
//   1. _ConnectionRecord.get_connection: an invalidated record, or one older than pool_recycle,
//      connects anew — and a new connection is `fresh`;
//   2. with pool_pre_ping, a connection that is not fresh is pinged; a failed ping invalidates it
//      and it connects anew (fresh: not pinged again).
inline bool recycle_due(engine::SimTime created, engine::SimTime now, const DbPoolConfig& p) {
    return p.pool_recycle >= 0 && now - created > engine::from_seconds(p.pool_recycle);
}
inline bool needs_reconnect(bool connected, engine::SimTime created, engine::SimTime now, const DbPoolConfig& p) {
    return !connected || recycle_due(created, now, p);
}
inline bool pre_ping_due(bool fresh, const DbPoolConfig& p) { return p.pool_pre_ping && !fresh; }

// _do_return_conn: a check-in beyond pool_size idle connections closes the connection (the queue
// is bounded by pool_size) — that is how overflow connections go away.

// sqlalchemy.exc.TimeoutError's message (pool/impl.py `_do_get`).
inline std::string pool_timeout_message(const DbPoolConfig& p) {
    char msg[160];
    std::snprintf(msg, sizeof msg, "QueuePool limit of size %d overflow %d reached, connection timed out, timeout %0.2f",
                  p.pool_size, p.max_overflow, p.pool_timeout);
    return msg;
}

}  // namespace gatetune::sim
