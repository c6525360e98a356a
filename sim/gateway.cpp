#include "sim/gateway.hpp"

#include <algorithm>

namespace gatetune::sim {

using engine::from_seconds;
using engine::to_seconds;

Gateway::Gateway(StackContext& ctx)
    : ctx_(ctx), listener_(ctx.sim, ctx.cfg.server.backlog, ctx.streams.stream("listener")),
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
        Worker* w = s.worker;
        if (w && !w->requests().empty() && g.ctx_.explainer.wants(Cause::WorkerKilled)) {
            const Exchange& first = *w->requests().front();
            g.ctx_.explainer.add(Cause::WorkerKilled, first.rec.id,
                                 format("Worker %d was stopped for a restart at t=%.1f s (SIGTERM) and still had %d request(s) "
                                        "in flight when graceful_timeout (%.0f s) ran out; the master sent SIGKILL and they "
                                        "were dropped, request #%llu among them (%s for %.1f s).",
                                        s.index, *g.ctx_.cfg.server.restart_at, w->in_flight(), g.ctx_.cfg.server.graceful_timeout,
                                        static_cast<unsigned long long>(first.rec.id), first.activity,
                                        to_seconds(g.ctx_.sim.now() - first.activity_since)));
        }
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

// murder_workers: a worker whose heartbeat file is older than `timeout` gets SIGABRT, and
// SIGKILL on a later pass if still there. UvicornWorker resets SIGABRT to SIG_DFL, so the
// abort kills it at once; a sync worker's handler exits at once too (handle_abort → sys.exit).
void Gateway::murder_workers() {
    const double timeout = ctx_.cfg.server.timeout;
    if (timeout <= 0) return;
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
        if (silent <= from_seconds(timeout)) continue;
        if (!s->aborted) {
            ++worker_timeouts_;  // "WORKER TIMEOUT (pid:%s)"
            s->aborted = true;
        }
        explain_kill(*s, silent);
        s->process.kill();
    }
}

void Gateway::explain_kill(WorkerSlot& slot, SimTime silent) {
    Worker* w = slot.worker;
    if (w == nullptr || w->requests().empty() || !ctx_.explainer.wants(Cause::WorkerKilled)) return;
    const auto& s = ctx_.cfg.server;
    const Exchange& first = *w->requests().front();
    std::string why;
    if (s.worker_class == WorkerClass::Sync)
        why = format("A sync worker notifies only between requests, so request #%llu, running for %.1f s, outlived the "
                     "timeout by itself — even though it was only %s.",
                     static_cast<unsigned long long>(first.rec.id), to_seconds(ctx_.sim.now() - first.rec.start),
                     first.activity);
    else if (w->draining())
        why = format("It had reached max_requests and was draining: uvicorn's main loop had exited, so nothing notified "
                     "the master any more while %d long request(s) were still running.", w->in_flight());
    else if (!w->serving())
        why = format("The replacement worker was still booting (boot_time %.1f s) when its heartbeat file aged past the "
                     "timeout.", s.boot_time);
    else
        why = format("Its event loop was blocked%s, so uvicorn's heartbeat tick (which runs on the loop) could not notify "
                     "the master. Awaiting I/O never trips this timeout; only a blocked loop does.",
                     w->loop_busy() ? format(" for %.1f s by synchronous work", to_seconds(ctx_.sim.now() - w->loop_busy_since())).c_str() : "");
    ctx_.explainer.add(Cause::WorkerKilled, first.rec.id,
                       format("Worker %d (%s) was killed at t=%.1f s: the arbiter saw no heartbeat for %.1f s (> timeout %.0f s), "
                              "logged WORKER TIMEOUT and sent SIGABRT. %s All %d requests in flight on it were dropped, "
                              "request #%llu among them (the client sees RemoteProtocolError: Server disconnected without "
                              "sending a response; behind an ALB, a 502). The master forks a replacement, which serves "
                              "after booting (%.1f s).",
                              slot.index, to_string(s.worker_class), to_seconds(ctx_.sim.now()), to_seconds(silent), s.timeout,
                              why.c_str(), w->in_flight(), static_cast<unsigned long long>(first.rec.id), s.boot_time));
}

}  // namespace gatetune::sim
