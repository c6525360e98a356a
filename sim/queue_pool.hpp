#pragma once
// SQLAlchemy's QueuePool (AsyncAdaptedQueuePool under create_async_engine), one per worker
// process because pools are not shared across fork. [docs/MODEL.md §3, O2]
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/store.hpp"
#include "engine/task.hpp"
#include "sim/db_server.hpp"
#include "sim/exchange.hpp"
#include "sim/stack_context.hpp"

namespace gatetune::sim {

struct DbConnection {
    SimTime created = 0;
    bool connected = true;   // false after a failed reconnect (the record stays in the pool)
    bool used = false;       // a fresh connection skips pre-ping on its first checkout
    Exchange* holder = nullptr;
    SimTime checked_out_at = 0;
};

struct CheckoutResult {
    DbConnection* conn = nullptr;
    Cause cause = Cause::Ok;   // DbPoolTimeout or DbTooManyClients when conn is null
};

class QueuePool {
public:
    QueuePool(StackContext& ctx, int worker_slot);
    ~QueuePool();  // the worker process is gone: the kernel closes every connection
    QueuePool(const QueuePool&) = delete;
    QueuePool& operator=(const QueuePool&) = delete;

    // QueuePool._do_get: an idle connection if there is one; else a new connection while
    // fewer than pool_size + max_overflow exist; else wait up to pool_timeout for a check-in.
    engine::Task<CheckoutResult> checkout(Exchange& ex);
    // Return with reset-on-return (a ROLLBACK round trip), then back to the queue — or closed,
    // when pool_size connections already sit idle (that is how overflow connections go away).
    engine::Task<> checkin(DbConnection* c);
    // Immediate return without the rollback, for unwinding after a kill.
    void checkin_now(DbConnection* c);
    // A leaked session's connection returned by the garbage collector's finalizer: it cannot run
    // the reset, so the record is invalidated (the server connection terminated) and goes back to
    // the queue; the next checkout of it reconnects. [docs/MODEL.md O9]
    void checkin_invalidated(DbConnection* c);

    int checked_out() const { return checked_out_; }
    int open() const { return static_cast<int>(owned_.size()); }
    int overflow() const { return overflow_; }
    std::size_t waiting() const { return idle_.getters_waiting(); }

private:
    engine::Task<CheckoutResult> prepare(DbConnection* c, Exchange& ex);
    engine::Task<CheckoutResult> create(Exchange& ex);
    CheckoutResult fail(Exchange& ex, Cause cause, SimTime waited, ConnectError err);
    void mark_out(DbConnection* c, Exchange& ex);
    void close(DbConnection* c);

    StackContext& ctx_;
    const DbPoolConfig& cfg_;
    int slot_;
    engine::Store<DbConnection*> idle_;
    std::vector<std::unique_ptr<DbConnection>> owned_;
    int overflow_;      // SQLAlchemy's counter: open connections − pool_size
    int checked_out_ = 0;
    engine::Rng rng_;
};

// The connection a request holds; gives it back on destruction (e.g. when the worker dies).
class HeldConnection {
public:
    HeldConnection() = default;
    HeldConnection(QueuePool* p, DbConnection* c) : pool_(p), conn_(c) {}
    HeldConnection(HeldConnection&& o) noexcept : pool_(o.pool_), conn_(std::exchange(o.conn_, nullptr)) {}
    HeldConnection& operator=(HeldConnection&& o) noexcept {
        std::swap(pool_, o.pool_);
        std::swap(conn_, o.conn_);
        return *this;
    }
    ~HeldConnection() {
        if (conn_) pool_->checkin_now(conn_);
    }
    explicit operator bool() const { return conn_ != nullptr; }
    DbConnection* get() const { return conn_; }
    DbConnection* release() { return std::exchange(conn_, nullptr); }
    QueuePool* pool() const { return pool_; }

private:
    QueuePool* pool_ = nullptr;
    DbConnection* conn_ = nullptr;
};

}  // namespace gatetune::sim
