#pragma once
// One gunicorn worker process — sync, gthread or uvicorn.workers.UvicornWorker — with what
// each process owns: its event loop (or GIL), its own SQLAlchemy pool and httpx client, and its
// heartbeat. The arbiter keeps a WorkerSlot per worker that survives respawns. [docs/MODEL.md §1, §2]
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/process.hpp"
#include "engine/resource.hpp"
#include "sim/http_client.hpp"
#include "sim/listener.hpp"
#include "sim/queue_pool.hpp"
#include "sim/rate_limiter.hpp"
#include "sim/server_connection.hpp"

namespace gatetune::sim {

class Worker;
class Gateway;

// The arbiter's record of a worker position.
struct WorkerSlot {
    int index = 0;
    std::uint64_t generation = 0;  // incremented at each spawn
    SimTime spawned_at = 0;
    SimTime last_update = 0;       // WorkerTmp mtime: spawn time, then each notify()
    bool aborted = false;          // SIGABRT sent, SIGKILL next
    bool retiring = false;         // got SIGTERM in a restart: drains, replaced by a new slot
    engine::Process process;
    Worker* worker = nullptr;      // null while no process runs in this slot
};

class Worker {
public:
    Worker(StackContext& ctx, Gateway& gateway, WorkerSlot& slot);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // The process body: boot (unless this is the initial, already-running worker), serve until
    // max_requests, drain, exit. Spawned by the Arbiter.
    static engine::Task<> main(StackContext& ctx, Gateway& gateway, WorkerSlot& slot, bool initial);

    // A request on a connection this worker already owns (keep-alive).
    void deliver(ExchangePtr ex);
    // CPU work on the event loop (for sync/gthread: under the GIL): other requests of this worker
    // wait meanwhile, and so does the uvicorn heartbeat.
    engine::Task<> cpu(Exchange& ex, SimTime d);

    StackContext& ctx() { return ctx_; }
    Gateway& gateway() { return gateway_; }
    WorkerSlot& slot() { return slot_; }
    QueuePool& pool() { return pool_; }
    HttpClient* shared_http() { return http_ ? &*http_ : nullptr; }
    RateLimiter* limiter();
    int in_flight() const { return static_cast<int>(requests_.size()); }
    // Connections open on this worker now (counted only where limit_concurrency reads them).
    int open_connections() { return connections_.open_at(ctx_.sim.now()); }
    const std::vector<Exchange*>& requests() const { return requests_; }
    bool serving() const { return serving_; }
    bool draining() const { return draining_; }
    SimTime loop_busy_since() const { return loop_busy_since_; }
    bool loop_busy() const { return loop_busy_; }

    // SIGTERM: stop accepting, finish what is in flight, exit (uvicorn's main loop — and with it the
    // heartbeat — stops at once).
    void drain();

    void request_started(Exchange* ex);
    void request_finished(Exchange* ex);

private:
    engine::Task<> accept_loop_async();
    engine::Task<> accept_loop_sync();
    engine::Task<> heartbeat_uvicorn();
    engine::Task<> heartbeat_main_thread();
    engine::Task<> serve_one(ExchangePtr ex);
    void count_request();
    void notify() { slot_.last_update = ctx_.sim.now(); }

    StackContext& ctx_;
    Gateway& gateway_;
    WorkerSlot& slot_;
    engine::Resource loop_;
    std::optional<engine::Resource> threads_;
    QueuePool pool_;
    std::optional<HttpClient> http_;
    std::optional<RateLimiter> limiter_;
    std::vector<Exchange*> requests_;
    ServerConnections connections_;
    bool serving_ = false;
    bool draining_ = false;
    bool loop_busy_ = false;
    SimTime loop_busy_since_ = 0;
    std::int64_t handled_ = 0;
    std::int64_t max_requests_ = 0;
    engine::Trigger drained_;
    std::unique_ptr<engine::Trigger> place_freed_;  // a request finished (gthread at worker_connections waits for it)
};

}  // namespace gatetune::sim
