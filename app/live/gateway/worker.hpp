#pragma once
// One gunicorn worker process of the live gateway: its own event loop, database pool, database
// threads and httpx client, accepting from the listening socket it inherited from the master.
// The worker class decides how it accepts and when it tells the master it is alive (docs/MODEL.md §1):
//   uvicorn — every request a task on the loop; heartbeat is a tick on the loop, so only a
//             blocked loop silences it;
//   sync    — one request at a time, connection closed after it; notifies only between requests;
//   gthread — up to `threads` requests; a separate main thread notifies whatever they do.
// The preset's CPU costs are spent for real on the loop thread, so a blocking step blocks.
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "app/live/gateway/queue_pool.hpp"
#include "app/live/gateway/upstream_client.hpp"
#include "app/live/gateway/worker_limiter.hpp"
#include "app/live/net/server.hpp"

namespace gatetune::live {

struct WorkerSetup {
    const sim::Config* config = nullptr;   // already time-scaled
    int slot = 0;                          // the worker's position (labels, random streams)
    int record = 0;                        // its record in SharedState::slots (slot_record)
    int listen_fd = -1;                    // inherited from the master
    SharedState* shared = nullptr;
    std::string database;                  // SQLite file
    HttpUrl upstream;
    ServerLimits limits;
    bool respawn = false;                  // a replacement boots (imports the app) before accepting
    bool db_steps = true;                  // false: skip key check, session and usage (benchmarking the HTTP path)
    bool protect_metrics = false;          // /metrics needs a valid key (listening beyond loopback)
};

class GatewayWorker {
public:
    GatewayWorker(const WorkerSetup& setup, asio::io_context& loop);
    ~GatewayWorker();
    void start();
    // SIGTERM (a restart or a stop) or max_requests: stop accepting and stop notifying the master,
    // close idle connections, finish the requests in flight, then leave the loop (uvicorn's
    // shutdown, with no timeout of its own: the master decides how long draining may take).
    void begin_drain();
    bool draining() const { return draining_; }

    // Routes one request: chat completions, models, health, metrics.
    awaitable<void> handle(Request& req, Responder& out);

private:
    awaitable<void> chat(Request& req, Responder& out);
    awaitable<void> serve_client(tcp::socket socket, ServerLimits limits);
    awaitable<bool> authorized(Request& req);
    awaitable<void> accept_async();
    void accept_waiting(std::vector<tcp::socket>& batch);
    awaitable<void> accept_sync();
    awaitable<void> heartbeat_loop_tick();
    awaitable<void> heartbeat_when_idle();
    void heartbeat_thread();
    void notify();
    void count_request();
    void spend_cpu(double seconds, RequestTimeline& t);
    void block(double seconds, RequestTimeline& t);
    void finish(int status, sim::Cause cause, std::chrono::steady_clock::time_point start);
    void request_finished();
    void stop_if_drained();

    const WorkerSetup setup_;
    const sim::Config& cfg_;
    asio::io_context& loop_;
    WorkerSlotState& slot_;
    tcp::acceptor acceptor_;
    asio::thread_pool db_threads_;
    DbServerLink db_server_;
    QueuePool pool_;
    std::optional<UpstreamClient> shared_http_;
    std::optional<WorkerLimiter> limiter_;
    std::optional<AsyncSemaphore> threads_;   // gthread
    std::map<asio::ip::address, int> client_connections_;
    std::shared_ptr<ConnectionSet> connections_ = std::make_shared<ConnectionSet>();
    std::int64_t in_flight_ = 0;
    std::int64_t open_connections_ = 0;  // accepted and not yet closed (uvicorn's server_state.connections)
    std::int64_t handled_ = 0;
    std::int64_t max_requests_ = 0;
    std::atomic<bool> draining_{false};  // read by gthread's heartbeat thread too
    asio::steady_timer place_freed_;     // cancelled when a request finishes (gthread at worker_connections waits on it)
    std::atomic<bool> stop_heartbeat_{false};
    std::thread main_thread_heartbeat_;
    std::int64_t last_notified_us_ = 0;
    std::uint64_t next_request_ = 0;
    engine::Rng rng_;
    engine::RngStreams request_streams_;
};

// The forked child's whole life. Returns its exit code.
int run_worker(const WorkerSetup& setup);

}  // namespace gatetune::live
