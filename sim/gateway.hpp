#pragma once
// The gateway service as clients see it: gunicorn's master (the Arbiter: spawns workers,
// murders silent ones, respawns), its shared listening socket, and the client connections that
// stay on the worker that accepted them while kept alive. [docs/MODEL.md §1, §2, O3, O7]
#include <memory>
#include <unordered_map>
#include <vector>

#include "sim/listener.hpp"
#include "sim/rate_limiter.hpp"
#include "sim/worker.hpp"

namespace gatetune::sim {

// A keep-alive TCP connection to the gateway as its user remembers it — a client's, or one of
// the load balancer's target connections. It belongs to the worker that accepted it.
struct GatewayConnection {
    bool open = false;
    int worker = -1;
    std::uint64_t generation = 0;
    SimTime idle_since = 0;
    SimTime server_closes_at = engine::kForever;  // O1: uvicorn closes it shortly after a 500
    ServerConnectionPtr server;  // the worker's side of it, where the worker counts connections
};

// How sending a request over a connection went.
struct SendResult {
    enum Kind { Sent, ClosedAfterError, KeepaliveRace, BacklogFull } kind = Sent;
    SimTime fails_at = 0;  // for the failures: when the sender learns it
};

class Gateway {
public:
    explicit Gateway(StackContext& ctx);
    ~Gateway();

    // Starts the arbiter (and with it the workers, already booted at t = 0).
    void start();

    // Sends `ex` over `conn`, reusing it while the server keeps it open, else over a new
    // connection (SYN retries while the backlog is full, until `connect_deadline`). A reuse
    // within `race_window` after the server's keep-alive closed it meets the FIN in flight.
    engine::Task<SendResult> send(ExchangePtr ex, GatewayConnection& conn, SimTime connect_deadline, SimTime race_window);
    // After the response: whether and how the connection stays open for the next request.
    void settle(GatewayConnection& conn, const Exchange& ex) const;
    // The sender closes the connection now (done with it, or gave up waiting on it).
    void hang_up(GatewayConnection& conn) const;
    void hang_up(const Exchange& ex) const;
    // The worker has sent its response (or dropped the request): when uvicorn closes its side.
    void response_sent(const Exchange& ex) const;

    Listener& listener() { return listener_; }
    // A connection handed to a worker that is going away: the client reconnects.
    void reconnect(ExchangePtr ex);
    void worker_exited(WorkerSlot& slot);

    // The chat-session table, shared by all workers (it lives in PostgreSQL). A lookup finds the
    // session, or misses it — and then either this request inserts it, or another request's
    // insert is still uncommitted (the O4 race window).
    enum class SessionLookup { Found, Missing, MissingInsertPending };
    SessionLookup lookup_session(int owner);
    void session_insert_done(int owner, bool committed);

    // The gateway-wide limiter (rate_limiter.per_worker = false: shared state, e.g. in Redis).
    RateLimiter* shared_limiter() { return shared_limiter_ ? &*shared_limiter_ : nullptr; }
    std::map<int, KeyCounters>& limiter_counters() { return limiter_counters_; }

    std::uint64_t worker_timeouts() const { return worker_timeouts_; }
    std::uint64_t worker_boots() const { return worker_boots_; }
    const std::vector<std::unique_ptr<WorkerSlot>>& slots() const { return slots_; }

private:
    engine::Task<> arbiter();
    engine::Task<> restart_all();
    void kill_after_graceful_timeout(WorkerSlot& slot);
    void spawn_worker(WorkerSlot& slot, bool initial);
    void murder_workers();
    void note_kill(WorkerSlot& slot, SimTime silent);
    engine::Task<bool> connect(ExchangePtr ex, SimTime deadline);

    StackContext& ctx_;
    Listener listener_;
    std::vector<std::unique_ptr<WorkerSlot>> slots_;
    std::vector<std::unique_ptr<WorkerSlot>> retiring_;  // old workers draining after a restart
    std::unordered_map<int, bool> sessions_;  // owner → committed (false: insert in flight)
    std::unique_ptr<engine::Trigger> sigchld_;
    std::map<int, KeyCounters> limiter_counters_;
    std::optional<RateLimiter> shared_limiter_;
    engine::Process arbiter_;
    std::uint64_t worker_timeouts_ = 0, worker_boots_ = 0;
    bool stopping_ = false;
};

}  // namespace gatetune::sim
