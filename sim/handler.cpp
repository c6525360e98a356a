#include "sim/handler.hpp"

#include <optional>

#include "sim/concurrency_limits.hpp"
#include "sim/db_session.hpp"
#include "sim/gateway.hpp"
#include "sim/retry_rule.hpp"
#include "sim/worker.hpp"

namespace gatetune::sim {

using engine::from_seconds;

namespace {

// Tracks the request on its worker; if the handler's frame is destroyed before it answered —
// the worker process was killed — the client's connection is dropped.
struct InFlight {
    Worker& w;
    Exchange& ex;
    InFlight(Worker& wk, Exchange& e) : w(wk), ex(e) { w.request_started(&ex); }
    ~InFlight() {
        w.request_finished(&ex);
        if (!ex.is_answered()) ex.drop_with_worker();
    }
};

// The status the catch-all exception handler (or a passthrough) gives a failed request.
int status_for(Cause cause, int upstream_status, const RequestConfig& rq) {
    if (rq.upstream_status_passthrough && (cause == Cause::UpstreamRateLimited || cause == Cause::ContextLengthExceeded))
        return upstream_status;
    return 500;
}

// SELECT the chat session; INSERT it when missing. Without a lock or an upsert, a second
// request of the same owner that looks up while the first one's INSERT is uncommitted misses
// too, inserts too, and its commit fails on the unique key: IntegrityError → 500. (O4)
engine::Task<Cause> lookup_or_create_session(Worker& w, DbSession& db, Exchange& ex) {
    StackContext& ctx = w.ctx();
    const int owner = ex.rec.user >= 0 ? ex.rec.user : 1'000'000 + ex.rec.api_key;
    switch (w.gateway().lookup_session(owner)) {
        case Gateway::SessionLookup::Found: co_return Cause::Ok;
        case Gateway::SessionLookup::Missing: {
            Cause c = co_await db.commit(1);
            w.gateway().session_insert_done(owner, c == Cause::Ok);
            co_return c;
        }
        case Gateway::SessionLookup::MissingInsertPending:
            if (!ctx.cfg.request.session_create_race) co_return Cause::Ok;
            if (Cause c = co_await db.commit(1); c != Cause::Ok) co_return c;
            ctx.explainer.note(Cause::SessionCreateRace, ex, facts::SessionCreateRace{}, ctx.sim.now());
            co_return Cause::SessionCreateRace;
    }
    co_return Cause::Ok;
}

}  // namespace

engine::Task<> handle_request(Worker& w, ExchangePtr exp) {
    Exchange& ex = *exp;
    StackContext& ctx = w.ctx();
    auto& sim = ctx.sim;
    const RequestConfig& rq = ctx.cfg.request;
    const HttpClientConfig& hc = ctx.cfg.http_client;
    ex.rec.worker = w.slot().index;
    ex.worker_generation = w.slot().generation;
    ex.add(Phase::WorkerWait, sim.now() - ex.rec.start);

    if (exceeds_limit_concurrency(w.open_connections(), w.in_flight(), ctx.cfg.server)) {
        ctx.explainer.note(Cause::ConcurrencyLimit, ex, facts::ConcurrencyLimit{w.slot().index, w.in_flight(), w.open_connections()},
                           sim.now());
        // service_unavailable runs as the request's task, after the loop has read every request
        // that arrived with this one (they all see the same connections), and writes its response
        // on the loop.
        co_await sim.delay(0);
        engine::Rng rng = ctx.streams.stream("request", ex.rec.id);
        co_await w.cpu(ex, from_seconds(ctx.cfg.request.response_cpu.sample(rng)));
        ex.answer(503, Cause::ConcurrencyLimit);
        w.gateway().response_sent(ex);
        co_return;
    }
    InFlight tracked(w, ex);
    engine::Rng rng = ctx.streams.stream("request", ex.rec.id);

    ex.doing("parsing the request", sim.now());
    co_await w.cpu(ex, from_seconds(rq.parse_cpu.sample(rng) + rq.cpu_per_input_token * ex.rec.input_tokens));
    if (rq.blocking_probability > 0 && rng.uniform01() < rq.blocking_probability) {
        ex.doing("in a synchronous call blocking the event loop", sim.now());
        co_await w.cpu(ex, from_seconds(rq.blocking_call.sample(rng)));
    }

    DbSession db(ctx, w.pool(), ex);
    Cause cause = co_await db.execute(rq.api_key_queries);
    Admission admission;  // holds the limiter's place (if any) until the request ends
    if (RateLimiter* limiter = w.limiter(); limiter && cause == Cause::Ok) {
        admission = co_await limiter->admit(ex);
        if (!admission.admitted) {
            ex.answer(429, Cause::GatewayRateLimited);
            co_await db.close();
            co_return;
        }
    }
    if (cause == Cause::Ok && rq.session_lookup) {
        cause = co_await db.execute(1);
        if (cause == Cause::Ok) cause = co_await lookup_or_create_session(w, db, ex);
    }
    if (cause == Cause::Ok) cause = co_await db.execute(rq.private_key_queries);

    int upstream_status = 0;
    if (cause == Cause::Ok) {
        // `async with httpx.AsyncClient()` around the retry loop: one client per request,
        // built on the event loop (SSLContext), with its own (per-request) pool.
        std::optional<HttpClient> own;
        HttpClient* client = w.shared_http();
        if (!client) {
            ex.doing("creating an httpx.AsyncClient", sim.now());
            co_await w.cpu(ex, from_seconds(hc.client_setup_cpu.sample(rng)));
            own.emplace(ctx, w.slot().index);
            client = &*own;
        }
        AttemptResult r;
        for (int attempt = 1; attempt <= total_attempts(hc); ++attempt) {
            const auto before = ex.rec.phases;
            const SimTime t0 = sim.now();
            ex.rec.attempts = attempt;
            r = co_await client->send(ex, ex.rec.input_tokens, ex.rec.output_tokens, ex.stream);
            if (r.cause == Cause::Ok || !retryable(r.cause, hc) || attempt == total_attempts(hc)) break;
            // A failed attempt counts as retry time in the waterfall, not as its own phases.
            ex.rec.phases = before;
            if (const SimTime wait = retry_wait(hc, attempt, r.cause, r.retry_after); wait > 0) {
                ex.doing("waiting to retry the upstream", sim.now());
                co_await sim.delay(wait);
            }
            ex.add(Phase::Retry, sim.now() - t0);
        }
        cause = r.cause;
        upstream_status = r.status;
        if (cause == Cause::UpstreamError || cause == Cause::UpstreamRateLimited || cause == Cause::ContextLengthExceeded)
            ctx.explainer.note(cause, ex, facts::UpstreamAnswered{upstream_status, ex.rec.attempts}, sim.now());
    }

    if (cause == Cause::Ok) cause = co_await db.commit(rq.usage_writes);
    if (cause != Cause::Ok) {
        // The exception propagates to the catch-all handler: 500 with the exception's class. Its
        // JSONResponse and uvicorn's "Exception in ASGI application" traceback log (0.7 ms measured,
        // docs/FIDELITY.md) take the loop as a response does.
        ex.doing("answering the error", sim.now());
        co_await w.cpu(ex, from_seconds(rq.response_cpu.sample(rng)));
        ex.answer(status_for(cause, upstream_status, rq), cause);
        co_await db.close();
        co_return;
    }
    ex.doing("building the response", sim.now());
    co_await w.cpu(ex, from_seconds(rq.response_cpu.sample(rng) + rq.cpu_per_output_token * ex.rec.output_tokens));
    if (rq.cleanup_after_response) {
        ex.answer(200, Cause::Ok);
        co_await db.close();
    } else {
        co_await db.close();
        ex.answer(200, Cause::Ok);
    }
}

}  // namespace gatetune::sim
