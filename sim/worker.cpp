#include "sim/worker.hpp"

#include <algorithm>

#include "sim/concurrency_limits.hpp"
#include "sim/gateway.hpp"
#include "sim/handler.hpp"
#include "sim/worker_timeout_rule.hpp"

namespace gatetune::sim {

using engine::from_seconds;

namespace {
constexpr SimTime kAcceptCpu = 200;  // µs per accepted connection (uvicorn accept + protocol set-up)

// A connection this worker has accepted and not yet answered: if the worker process is killed
// first (its frames are destroyed), the client's connection closes with it — never left hanging.
struct AcceptedConnection {
    ExchangePtr& ex;
    explicit AcceptedConnection(ExchangePtr& e) : ex(e) {}
    AcceptedConnection(const AcceptedConnection&) = delete;
    ~AcceptedConnection() {
        if (ex && !ex->is_answered()) ex->drop_with_worker();
    }
};

// The same for connections accepted in one batch and not yet handed to their requests.
struct AcceptedConnections {
    std::vector<ExchangePtr>& batch;
    explicit AcceptedConnections(std::vector<ExchangePtr>& b) : batch(b) {}
    AcceptedConnections(const AcceptedConnections&) = delete;
    ~AcceptedConnections() {
        for (ExchangePtr& ex : batch)
            if (ex && !ex->is_answered()) ex->drop_with_worker();
    }
};
}  // namespace

Worker::Worker(StackContext& ctx, Gateway& gateway, WorkerSlot& slot)
    : ctx_(ctx), gateway_(gateway), slot_(slot), loop_(ctx.sim, 1), pool_(ctx, slot.index), drained_(ctx.sim) {
    const auto& s = ctx.cfg.server;
    if (s.worker_class == WorkerClass::Gthread) threads_.emplace(ctx.sim, std::max(s.threads, 1));
    if (ctx.cfg.http_client.mode == HttpClientMode::Shared) http_.emplace(ctx, slot.index);
    if (ctx.cfg.rate_limiter.enabled && ctx.cfg.rate_limiter.per_worker) limiter_.emplace(ctx, gateway.limiter_counters());
    if (s.max_requests > 0) {
        // max_requests + randint(0, jitter), drawn per worker process.
        engine::Rng r = ctx.streams.stream("max_requests", slot.generation * 1000 + static_cast<std::uint64_t>(slot.index));
        max_requests_ = s.max_requests + static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(s.max_requests_jitter) + 1));
    }
    slot_.worker = this;
}

Worker::~Worker() {
    slot_.worker = nullptr;
    gateway_.worker_exited(slot_);
}

engine::Task<> Worker::main(StackContext& ctx, Gateway& gateway, WorkerSlot& slot, bool initial) {
    Worker w(ctx, gateway, slot);
    // A respawned worker imports the app and runs lifespan startup before it accepts; its
    // heartbeat file was created at spawn, so a boot longer than `timeout` gets it killed.
    if (!initial) co_await ctx.sim.delay(from_seconds(ctx.cfg.server.boot_time));
    w.serving_ = true;
    w.notify();
    const WorkerClass wc = ctx.cfg.server.worker_class;
    // Named first: GCC 12 destroys a conditional-expression temporary inside a co_await operand.
    engine::Task<> accept_loop = wc == WorkerClass::Sync ? w.accept_loop_sync() : w.accept_loop_async();
    engine::Process acceptor = co_await engine::spawn_child(ctx.sim, std::move(accept_loop));
    engine::Process heartbeat;
    if (wc == WorkerClass::Uvicorn) heartbeat = co_await engine::spawn_child(ctx.sim, w.heartbeat_uvicorn());
    if (wc == WorkerClass::Gthread) heartbeat = co_await engine::spawn_child(ctx.sim, w.heartbeat_main_thread());
    co_await w.drained_;  // max_requests reached and every in-flight request done
    acceptor.kill();
    heartbeat.kill();
}

RateLimiter* Worker::limiter() { return limiter_ ? &*limiter_ : gateway_.shared_limiter(); }

void Worker::deliver(ExchangePtr ex) {
    if (!serving_ || draining_) {
        // The connection is being closed by a draining worker: the client reconnects.
        gateway_.reconnect(std::move(ex));
        return;
    }
    ctx_.sim.spawn(serve_one(std::move(ex)), slot_.process.state());
}

engine::Task<> Worker::serve_one(ExchangePtr ex) {
    AcceptedConnection accepted{ex};  // a gthread request may die waiting for a thread
    count_request();
    if (threads_) {
        engine::Acquired thread = co_await threads_->acquire();
        co_await handle_request(*this, ex);
    } else {
        co_await handle_request(*this, ex);
    }
    if (draining_ && requests_.empty()) drained_.fire();
}

// With fewer cores than workers (server.cpus) the loop also waits for a core, and while it waits
// it is busy: it accepts nothing, and the loops on the cores take the backlog. (O8)
engine::Task<> Worker::cpu(Exchange& ex, SimTime d) {
    if (d <= 0) co_return;
    const SimTime t0 = ctx_.sim.now();
    engine::Acquired loop = co_await loop_.acquire();
    loop_busy_ = true;
    loop_busy_since_ = ctx_.sim.now();
    if (engine::Resource* cores = gateway_.cores()) {
        engine::Acquired core = co_await cores->acquire();
        ex.add(Phase::LoopWait, ctx_.sim.now() - t0);
        co_await ctx_.sim.delay(d);
    } else {
        ex.add(Phase::LoopWait, ctx_.sim.now() - t0);
        co_await ctx_.sim.delay(d);
    }
    loop_busy_ = false;
    gateway_.listener().loop_came_round(&loop_busy_);
    ex.add(Phase::Cpu, d);
}

void Worker::request_started(Exchange* ex) { requests_.push_back(ex); }

void Worker::drain() {
    draining_ = true;
    if (requests_.empty()) drained_.fire();
}

void Worker::request_finished(Exchange* ex) {
    auto it = std::find(requests_.begin(), requests_.end(), ex);
    if (it != requests_.end()) requests_.erase(it);
    gateway_.response_sent(*ex);
    if (draining_ && requests_.empty()) drained_.fire();
    if (place_freed_) place_freed_->fire();
}

// Both gunicorn (Worker.nr in handle_request) and uvicorn (server_state.total_requests) count a
// request when it starts; at max_requests the worker stops accepting and drains. A draining
// uvicorn worker's main_loop has exited, so it no longer notifies the arbiter either.
void Worker::count_request() {
    ++handled_;
    if (max_requests_ > 0 && handled_ >= max_requests_) draining_ = true;
}

// uvicorn: the server accepts every connection waiting and runs each request as a task; nothing
// bounds the number in flight except limit_concurrency. gthread: one connection at a time, up to
// worker_connections; at the limit the main loop waits until a request finishes.
engine::Task<> Worker::accept_loop_async() {
    const auto& s = ctx_.cfg.server;
    for (;;) {
        while (threads_ && !gthread_accepts(in_flight(), s)) {
            place_freed_ = std::make_unique<engine::Trigger>(ctx_.sim);  // the last one fired: nobody waits on it
            co_await *place_freed_;
        }
        std::vector<ExchangePtr> batch;
        if (threads_)
            batch.push_back(co_await gateway_.listener().accept(engine::kForever, &loop_busy_));
        else
            batch = co_await gateway_.listener().accept_waiting(&loop_busy_);
        if (draining_) {
            for (ExchangePtr& ex : batch) gateway_.reconnect(std::move(ex));
            co_return;
        }
        // accept() and connection_made run on the loop, for every connection of the batch before
        // any of their requests is read (asyncio reads them at its next select): while this worker
        // is busy accepting, the other workers take the next connections from the backlog.
        AcceptedConnections accepted{batch};
        for (ExchangePtr& ex : batch) {
            if (counts_connections(s)) ex->connection = connections_.made();
            co_await cpu(*ex, kAcceptCpu);
        }
        for (ExchangePtr& ex : batch) ctx_.sim.spawn(serve_one(std::move(ex)), slot_.process.state());
    }
}

// sync: notify, wait up to timeout/2 for a connection, notify as the loop comes round to accept
// it, handle it to the end, close it. No heartbeat while a request runs — the whole point of the
// sync worker's timeout.
engine::Task<> Worker::accept_loop_sync() {
    const SimTime wait = worker_half_timeout(ctx_.cfg.server);
    for (;;) {
        if (draining_) {
            drained_.fire();
            co_return;
        }
        notify();
        ExchangePtr ex = co_await gateway_.listener().accept(wait, &loop_busy_);
        if (!ex) continue;
        notify();
        count_request();
        co_await handle_request(*this, ex);
        if (draining_) {
            drained_.fire();
            co_return;
        }
    }
}

// uvicorn's Server.main_loop: a 0.1 s tick on the event loop; every tenth tick it notifies the
// arbiter if more than timeout_notify (gunicorn timeout / 2) passed since the last notify. The
// tick needs the loop, so a blocked loop silences the heartbeat.
engine::Task<> Worker::heartbeat_uvicorn() {
    const SimTime tick = from_seconds(ctx_.cfg.server.heartbeat_tick);
    SimTime last_notified = -engine::kForever / 2;
    for (;;) {
        co_await ctx_.sim.delay(tick);
        { engine::Acquired loop = co_await loop_.acquire(); }
        if (draining_ && !notifies_while_draining()) co_return;
        if (tick_notifies(ctx_.sim.now(), last_notified, ctx_.cfg.server)) {
            last_notified = ctx_.sim.now();
            notify();
        }
    }
}

// gthread: the main thread's poll loop notifies about once a second, whatever the request
// threads do.
engine::Task<> Worker::heartbeat_main_thread() {
    const SimTime tick = from_seconds(ctx_.cfg.server.heartbeat_tick);
    for (;;) {
        co_await ctx_.sim.delay(tick);
        if (draining_ && !notifies_while_draining()) co_return;
        notify();
    }
}

}  // namespace gatetune::sim
