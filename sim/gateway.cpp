#include "sim/gateway.hpp"

#include <algorithm>

#include "sim/worker_timeout_rule.hpp"

namespace gatetune::sim {

using engine::from_seconds;
using engine::to_seconds;

Gateway::Gateway(StackContext& ctx)
    : ctx_(ctx), listener_(ctx.sim, ctx.cfg.server.backlog, ctx.streams.stream("listener"), ctx.cfg.server.worker_class == WorkerClass::Uvicorn),
      sigchld_(std::make_unique<engine::Trigger>(ctx.sim)) {
    if (ctx.cfg.rate_limiter.enabled && !ctx.cfg.rate_limiter.per_worker) shared_limiter_.emplace(ctx, limiter_counters_);
    for (int i = 0; i < ctx.cfg.server.workers; ++i) {
        slots_.push_back(std::make_unique<WorkerSlot>());
        slots_.back()->index = i;
    }
}

Gateway::~Gateway() {
    // Kill the workers before their slots go away (their destructors report to us).
    stopping_ = true;
    arbiter_.kill();
    for (auto& s : slots_) s->process.kill();
    for (auto& s : retiring_) s->process.kill();
}

// The initial workers are up before the load starts; the arbiter then watches them.
void Gateway::start() {
    for (auto& s : slots_) spawn_worker(*s, true);
    arbiter_ = ctx_.sim.spawn(arbiter());
    if (ctx_.cfg.server.restart_at) ctx_.sim.spawn(restart_all());
}

// A restart at server.restart_at: every worker gets SIGTERM and drains; a replacement is forked
// for each position at once. `term` (Arbiter.stop, a deploy): SIGKILL after graceful_timeout.
// `hup` (reload): no deadline, but the arbiter keeps murdering silent workers.
engine::Task<> Gateway::restart_all() {
    co_await ctx_.sim.delay(from_seconds(*ctx_.cfg.server.restart_at));
    for (auto& s : slots_) {
        auto fresh = std::make_unique<WorkerSlot>();
        fresh->index = s->index;
        fresh->generation = s->generation;  // spawn_worker increments it: old connections are invalid
        s->retiring = true;
        WorkerSlot& old = *s;
        retiring_.push_back(std::exchange(s, std::move(fresh)));
        spawn_worker(*s, false);
        if (old.worker) old.worker->drain();
        if (ctx_.cfg.server.restart_signal == RestartSignal::Term) kill_after_graceful_timeout(old);
    }
}

void Gateway::kill_after_graceful_timeout(WorkerSlot& slot) {
    ctx_.sim.spawn([](Gateway& g, WorkerSlot& s) -> engine::Task<> {
        co_await g.ctx_.sim.delay(from_seconds(g.ctx_.cfg.server.graceful_timeout));
        if (!s.process.alive()) co_return;
        if (Worker* w = s.worker; w && !w->requests().empty())
            g.ctx_.explainer.note(Cause::WorkerKilled, *w->requests().front(),
                                  facts::KilledAfterGracefulTimeout{s.index, w->in_flight()}, g.ctx_.sim.now());
        s.process.kill();
    }(*this, slot));
}

void Gateway::spawn_worker(WorkerSlot& slot, bool initial) {
    ++slot.generation;
    ++worker_boots_;
    slot.spawned_at = ctx_.sim.now();
    slot.last_update = ctx_.sim.now();  // WorkerTmp is created by the master at spawn
    slot.aborted = false;
    slot.process = ctx_.sim.spawn(Worker::main(ctx_, *this, slot, initial));
}

void Gateway::worker_exited(WorkerSlot&) {
    if (stopping_) return;
    sigchld_->fire();  // SIGCHLD wakes the master's select() at once
}

// Arbiter.run: sleep up to a second (or until SIGCHLD), murder_workers, manage_workers.
engine::Task<> Gateway::arbiter() {
    // The master's one-second rhythm starts at an arbitrary phase relative to the load.
    engine::Rng phase = ctx_.streams.stream("arbiter");
    co_await ctx_.sim.delay(from_seconds(phase.uniform01() * ctx_.cfg.server.arbiter_interval));
    for (;;) {
        co_await engine::any_of(ctx_.sim, from_seconds(ctx_.cfg.server.arbiter_interval), *sigchld_);
        if (sigchld_->fired()) sigchld_ = std::make_unique<engine::Trigger>(ctx_.sim);
        murder_workers();
        // manage_workers → spawn_workers: fork each missing worker, then sleep 0–0.1 s
        // (time.sleep(0.1 * random.random())) before the next one — which also shifts the
        // phase of the next murder_workers check.
        for (auto& s : slots_)
            if (s->worker == nullptr && !s->process.alive()) {
                spawn_worker(*s, false);
                co_await ctx_.sim.delay(from_seconds(0.1 * phase.uniform01()));
            }
    }
}

// murder_workers: SIGABRT for a worker silent longer than `timeout`, SIGKILL on a later pass; the
// abort lands at once for every worker class (sim/worker_timeout_rule.hpp).
void Gateway::murder_workers() {
    const SimTime now = ctx_.sim.now();
    // During a graceful stop the master only waits for the old workers (Arbiter.stop); after a
    // reload it keeps murdering them like any other.
    std::vector<WorkerSlot*> watched;
    for (auto& s : slots_) watched.push_back(s.get());
    if (ctx_.cfg.server.restart_signal == RestartSignal::Hup)
        for (auto& s : retiring_) watched.push_back(s.get());
    for (WorkerSlot* s : watched) {
        if (!s->process.alive()) continue;
        const SimTime silent = now - s->last_update;
        const Murder step = murder_step(silent, s->aborted, ctx_.cfg.server);
        if (step == Murder::None) continue;
        if (step == Murder::Abort) {
            ++worker_timeouts_;  // "WORKER TIMEOUT (pid:%s)"
            s->aborted = true;
        }
        note_kill(*s, silent);
        if (abort_kills_at_once(ctx_.cfg.server.worker_class)) s->process.kill();
    }
}

// Why the worker fell silent, for the explanation of the first request it takes down.
void Gateway::note_kill(WorkerSlot& slot, SimTime silent) {
    Worker* w = slot.worker;
    if (w == nullptr || w->requests().empty() || !ctx_.explainer.wants(Cause::WorkerKilled)) return;
    const Exchange& first = *w->requests().front();
    const SimTime now = ctx_.sim.now();
    using Silence = facts::WorkerTimedOut::Silence;
    facts::WorkerTimedOut f;
    f.worker = slot.index;
    f.silence = heartbeat_of(ctx_.cfg.server.worker_class) == Heartbeat::BetweenRequests ? Silence::SyncRequest
                : w->draining()                                                         ? Silence::Draining
                : !w->serving()                                                         ? Silence::Booting
                                                                                        : Silence::LoopBlocked;
    f.silent = silent;
    f.loop_busy_for = w->loop_busy() ? now - w->loop_busy_since() : -1;
    f.in_flight = w->in_flight();
    f.running_for = now - first.rec.start;
    ctx_.explainer.note(Cause::WorkerKilled, first, f, now);
}

}  // namespace gatetune::sim
