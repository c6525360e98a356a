#pragma once
// The gateway service as clients see it: gunicorn's master (the Arbiter: spawns workers,
// murders silent ones, respawns), its shared listening socket, and the client connections that
// stay on the worker that accepted them while kept alive. [MODEL.md §1, §2, §9 O3, O7]
#include <memory>
#include <unordered_set>
#include <vector>

#include "sim/listener.hpp"
#include "sim/worker.hpp"

namespace gatetune::sim {

// A client's TCP connection to the gateway, as the client remembers it.
struct ClientConnection {
    bool open = false;
    int worker = -1;
    std::uint64_t generation = 0;
    SimTime last_used = 0;
};

class Gateway {
public:
    explicit Gateway(StackContext& ctx);
    ~Gateway();

    // Starts the arbiter (and with it the workers, already booted at t = 0).
    void start();

    // Sends `ex` over `conn` (reusing it when still open) and waits for the answer or the
    // client's timeout; fills ex.rec.
    engine::Task<> exchange(ExchangePtr ex, ClientConnection& conn);

    Listener& listener() { return listener_; }
    // A connection handed to a worker that is going away: the client reconnects.
    void reconnect(ExchangePtr ex);
    void worker_exited(WorkerSlot& slot);

    // The chat-session table: true the first time a user is seen (the handler INSERTs then).
    bool create_session(int user) { return sessions_.insert(user).second; }

    std::uint64_t worker_timeouts() const { return worker_timeouts_; }
    std::uint64_t worker_boots() const { return worker_boots_; }
    const std::vector<std::unique_ptr<WorkerSlot>>& slots() const { return slots_; }

private:
    engine::Task<> arbiter();
    engine::Task<> restart_all();
    void kill_after_graceful_timeout(WorkerSlot& slot);
    void spawn_worker(WorkerSlot& slot, bool initial);
    void murder_workers();
    void explain_kill(WorkerSlot& slot, SimTime silent);
    engine::Task<bool> connect(ExchangePtr ex);

    StackContext& ctx_;
    Listener listener_;
    std::vector<std::unique_ptr<WorkerSlot>> slots_;
    std::vector<std::unique_ptr<WorkerSlot>> retiring_;  // old workers draining after a restart
    std::unordered_set<int> sessions_;
    std::unique_ptr<engine::Trigger> sigchld_;
    engine::Process arbiter_;
    std::uint64_t worker_timeouts_ = 0, worker_boots_ = 0;
    bool stopping_ = false;
};

}  // namespace gatetune::sim
