#pragma once
// gunicorn's worker timeout, written once for both runtimes: what keeps each worker class's
// heartbeat fresh (sim/worker.cpp, app/live/gateway/worker.cpp) and what the arbiter does with a
// silent worker (sim/gateway.cpp, app/live/gateway/arbiter.cpp). docs/MODEL.md §1.
#include <algorithm>

#include "engine/time.hpp"
#include "sim/config.hpp"

namespace gatetune::sim {

// Who calls WorkerTmp.notify(), per worker class.
enum class Heartbeat {
    // sync: the accept loop (sync.py run_for_one), before each accept — so right before a request
    // is taken — and after each wait for a connection; never while a request runs.
    BetweenRequests,
    // uvicorn: Server.main_loop's tick on the event loop notifies when more than timeout_notify
    // (gunicorn timeout / 2) passed since the last notify; a blocked loop runs no tick.
    LoopTick,
    // gthread: the main thread's poll loop, every iteration (about once a second), whatever the
    // request threads do.
    MainThread,
};

inline Heartbeat heartbeat_of(WorkerClass wc) {
    switch (wc) {
        case WorkerClass::Sync: return Heartbeat::BetweenRequests;
        case WorkerClass::Gthread: return Heartbeat::MainThread;
        case WorkerClass::Uvicorn: return Heartbeat::LoopTick;
    }
    return Heartbeat::BetweenRequests;
}

// The worker's own timeout, half the configured one (arbiter.py spawn_worker passes
// cfg.timeout / 2): uvicorn's timeout_notify and the sync worker's longest wait for a connection.
// With no timeout the sync worker still wakes every 0.5 s (sync.py run: `self.timeout or 0.5`).
inline engine::SimTime worker_half_timeout(const ServerConfig& s) {
    return engine::from_seconds(s.timeout > 0 ? s.timeout / 2 : 0.5);
}

// uvicorn's on_tick: notify when more than timeout_notify passed since the last notify.
inline bool tick_notifies(engine::SimTime now, engine::SimTime last_notified, const ServerConfig& s) {
    return now - last_notified > engine::from_seconds(s.timeout / 2);
}

// A draining worker notifies no more: uvicorn's main_loop has exited, and gunicorn's sync and
// gthread run loops end when `alive` turns false.
inline bool notifies_while_draining() { return false; }

// murder_workers: a worker silent for more than `timeout` gets SIGABRT (logged "WORKER TIMEOUT
// (pid:%s)" once), and SIGKILL if still there on a later pass. timeout = 0 disables it.
enum class Murder { None, Abort, Kill };
inline Murder murder_step(engine::SimTime silent, bool aborted, const ServerConfig& s) {
    if (s.timeout <= 0 || silent <= engine::from_seconds(s.timeout)) return Murder::None;
    return aborted ? Murder::Kill : Murder::Abort;
}

// The SIGABRT lands at once for every worker class: UvicornWorker resets it to SIG_DFL (the
// default action ends the process), and sync's and gthread's handle_abort call sys.exit(1).
inline bool abort_kills_at_once(WorkerClass) { return true; }

}  // namespace gatetune::sim
