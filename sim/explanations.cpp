// The sentence explaining each kind of failure, written from the facts the failing component
// recorded (sim/failure_facts.hpp), the request's record and the configuration.
#include <algorithm>

#include "sim/concurrency_limits.hpp"
#include "sim/explainer.hpp"
#include "sim/queue_pool_rules.hpp"

namespace gatetune::sim {

namespace {

using engine::to_seconds;

unsigned long long id_of(const RequestRecord& r) { return static_cast<unsigned long long>(r.id); }

struct Sentence {
    const NotedFailure& n;
    const Config& cfg;
    const RequestRecord& r = n.rec;

    std::string operator()(const facts::ConcurrencyLimit& f) const {
        return format("Request #%llu reached worker %d with %d connections open on it (its own and idle keep-alive ones "
                      "included) and %d requests already in flight; uvicorn's limit_concurrency=%d counts both and "
                      "answered 503 %s (\"%s\").",
                      id_of(r), f.worker, f.open_connections, f.in_flight, cfg.server.limit_concurrency,
                      std::string(kServiceUnavailableBody).c_str(), std::string(kConcurrencyLimitLog).c_str());
    }

    std::string operator()(const facts::DbPoolTimeout& f) const {
        const auto& p = cfg.db_pool;
        return format("Request #%llu (user %d, call %d) waited %.2f s for a connection from worker %d's QueuePool and "
                      "failed with \"%s\". All %d connections were checked out (%s; held %.1f s on average so far) and %zu "
                      "more requests were waiting. With the session held per request, a connection stays checked out from "
                      "the first query until the session closes — across the upstream call.",
                      id_of(r), r.user, r.call + 1, to_seconds(f.waited), f.worker, pool_timeout_message(p).c_str(), f.holders,
                      f.holders_doing.c_str(), f.holders ? to_seconds(f.held_total) / f.holders : 0.0, f.waiting);
    }

    std::string operator()(const facts::DbRefused& f) const {
        const auto& db = cfg.db_server;
        return format("Request #%llu (user %d, call %d) needed a new DB connection (worker %d's pool had %d open, limit %d) "
                      "and PostgreSQL refused it after %.3f s: \"%s\" (max_connections %d, %d reserved for superusers, %d "
                      "open). asyncpg raises TooManyConnectionsError (SQLSTATE 53300); connections already in the pools keep "
                      "working, only pool growth fails.",
                      id_of(r), r.user, r.call + 1, f.worker, f.pool_open, cfg.db_pool.pool_size + cfg.db_pool.max_overflow,
                      to_seconds(f.waited), pg_fatal(f.error).c_str(), db.max_connections, db.superuser_reserved_connections,
                      f.server_connections);
    }

    std::string operator()(const facts::HttpPoolTimeout& f) const {
        return format("Request #%llu waited %.2f s for one of worker %d's %d httpx connections and raised httpx.PoolTimeout: "
                      "every connection was busy with an upstream call.",
                      id_of(r), cfg.http_client.pool_timeout, f.worker, cfg.http_client.max_connections);
    }

    std::string operator()(const facts::UpstreamDown&) const {
        return format("Request #%llu could not reach the upstream: it was down (an outage window in [faults]) and refused "
                      "the connection; httpx raised ConnectError, which the app's retry loop does not retry.",
                      id_of(r));
    }

    std::string operator()(const facts::UpstreamConnectTimeout& f) const {
        return format("Request #%llu could not connect to the upstream within httpx's connect timeout (%.2f s; the handshake "
                      "needed %.2f s) and raised httpx.ConnectTimeout.",
                      id_of(r), cfg.http_client.connect_timeout, f.handshake_s);
    }

    std::string operator()(const facts::UpstreamReadTimeout& f) const {
        return format("Request #%llu (call %d: %d prompt + %d completion tokens, %s) got no byte from the upstream within "
                      "httpx's read timeout of %.2f s and raised httpx.ReadTimeout. %s The upstream was not told and kept "
                      "generating.",
                      id_of(r), r.call + 1, f.input_tokens, f.output_tokens, f.stream ? "streamed" : "not streamed",
                      cfg.http_client.read_timeout,
                      f.stream ? "The time to first token exceeded it."
                               : "A non-streamed completion sends nothing until generation ends, so the read timeout must "
                                 "cover queueing, prefill and the whole decode.");
    }

    std::string operator()(const facts::UpstreamAnswered& f) const {
        const auto& u = cfg.upstream;
        std::string why;
        if (n.cause == Cause::UpstreamRateLimited)
            why = format("the upstream answered 429: its limits are %d requests and %d tokens per minute (0 = none), and this "
                         "call needed %d tokens.", u.rpm, u.tpm, r.input_tokens + r.output_tokens);
        else if (n.cause == Cause::ContextLengthExceeded)
            why = format("the upstream answered 400: %d prompt + %d completion tokens exceed its context length of %d.",
                         r.input_tokens, r.output_tokens, u.context_length);
        else
            why = format("the upstream answered %d.", f.status);
        return format("Request #%llu (user %d, call %d) failed after %d attempt(s): %s", id_of(r), r.user, r.call + 1,
                      f.attempts, why.c_str());
    }

    std::string operator()(const facts::SessionCreateRace&) const {
        return format("Request #%llu (user %d) looked up its chat session while another request of the same user was still "
                      "inserting it; both missed it and both inserted, and this commit failed with IntegrityError "
                      "(duplicate key) → 500. Lookup-or-create needs an upsert (INSERT … ON CONFLICT) or a lock.",
                      id_of(r), r.user);
    }

    std::string operator()(const facts::GatewayLimited& f) const {
        return format("Request #%llu (API key %d) was refused by the gateway's rate limiter: %s. It answered 429 with "
                      "Retry-After: %.0f.%s",
                      id_of(r), r.api_key, std::string(limit_name(f.refusal.limit)).c_str(), to_seconds(f.refusal.retry_after),
                      cfg.rate_limiter.per_worker ? " The limiter's state is per worker process, so the whole service admits "
                                                    "up to workers × these limits."
                                                  : "");
    }

    std::string operator()(const facts::WorkerTimedOut& f) const {
        const auto& s = cfg.server;
        using Silence = facts::WorkerTimedOut::Silence;
        std::string why;
        switch (f.silence) {
            case Silence::SyncRequest:
                why = format("A sync worker notifies only between requests, so request #%llu, running for %.1f s, outlived "
                             "the timeout by itself — even though it was only %s.",
                             id_of(r), to_seconds(f.running_for), n.activity);
                break;
            case Silence::Draining:
                why = format("It had reached max_requests and was draining: uvicorn's main loop had exited, so nothing "
                             "notified the master any more while %d long request(s) were still running.",
                             f.in_flight);
                break;
            case Silence::Booting:
                why = format("The replacement worker was still booting (boot_time %.1f s) when its heartbeat file aged past "
                             "the timeout.", s.boot_time);
                break;
            case Silence::LoopBlocked:
                why = format("Its event loop was blocked%s, so uvicorn's heartbeat tick (which runs on the loop) could not "
                             "notify the master. Awaiting I/O never trips this timeout; only a blocked loop does.",
                             f.loop_busy_for >= 0 ? format(" for %.1f s by synchronous work", to_seconds(f.loop_busy_for)).c_str() : "");
                break;
        }
        return format("Worker %d (%s) was killed at t=%.1f s: the arbiter saw no heartbeat for %.1f s (> timeout %.0f s), "
                      "logged WORKER TIMEOUT and sent SIGABRT. %s All %d requests in flight on it were dropped, request #%llu "
                      "among them (the client sees RemoteProtocolError: Server disconnected without sending a response; "
                      "behind an ALB, a 502). The master forks a replacement, which serves after booting (%.1f s).",
                      f.worker, to_string(s.worker_class), to_seconds(n.at), to_seconds(f.silent), s.timeout, why.c_str(),
                      f.in_flight, id_of(r), s.boot_time);
    }

    std::string operator()(const facts::KilledAfterGracefulTimeout& f) const {
        const auto& s = cfg.server;
        return format("Worker %d was stopped for a restart at t=%.1f s (SIGTERM) and still had %d request(s) in flight when "
                      "graceful_timeout (%.0f s) ran out; the master sent SIGKILL and they were dropped, request #%llu among "
                      "them (%s for %.1f s).",
                      f.worker, s.restart_at.value_or(0.0), f.in_flight, s.graceful_timeout, id_of(r), n.activity,
                      to_seconds(n.at - n.activity_since));
    }

    // The load balancer's answers: "… the load balancer answered <status> — <why>".
    std::string balancer(int status, const std::string& why) const {
        return format("Request #%llu (user %d, call %d): the load balancer answered %d — %s", id_of(r), r.user, r.call + 1,
                      status, why.c_str());
    }
    std::string operator()(const facts::LbKeepaliveRace& f) const {
        return balancer(502, format("it reused a target connection that had been idle for %.3f s, just as gunicorn's "
                                    "keep-alive (%.0f s, passed to uvicorn as timeout_keep_alive) closed it: the target's FIN "
                                    "crossed the request. AWS recommends a target keep-alive longer than the ALB idle timeout "
                                    "(%.0f s).",
                                    to_seconds(f.idle_for), cfg.server.keepalive, cfg.load_balancer.idle_timeout));
    }
    std::string operator()(const facts::LbTargetClosed&) const {
        return balancer(502, "it reused a target connection on which the previous request had just got a 500; uvicorn closes "
                             "the connection after a 500 from the catch-all handler, and the ALB's request met the close (O1).");
    }
    std::string operator()(const facts::LbConnectTimeout&) const {
        return balancer(504, format("it could not connect to the target within its %.0f s connection timeout: the listen "
                                    "backlog was full.", cfg.load_balancer.connect_timeout));
    }
    std::string operator()(const facts::LbIdleTimeout&) const {
        return balancer(504, format("the target sent no byte for its idle timeout of %.0f s (%s, non-streamed responses send "
                                    "nothing until the whole completion is ready). The gateway was still %s and carried on.",
                                    cfg.load_balancer.idle_timeout, n.stream ? "streamed" : "not streamed", n.activity));
    }

    std::string operator()(const facts::LbClientIdleClose& f) const {
        return format("Request #%llu (user %d, call %d) went out on the caller's keep-alive connection to the load balancer "
                      "after %.3f s without traffic, just as the ALB closed it for its idle timeout of %.0f s: the "
                      "ALB's FIN crossed the request, which got no response (httpx.RemoteProtocolError: Server "
                      "disconnected without sending a response). A caller that idles longer than the ALB's idle timeout "
                      "between calls should close its connections sooner (httpx keepalive_expiry below it).",
                      id_of(r), r.user, r.call + 1, to_seconds(f.idle_for), cfg.load_balancer.idle_timeout);
    }

    std::string operator()(const facts::ClientGaveUp&) const {
        return format("Request #%llu (user %d, call %d) was still %s when the client's own timeout of %.1f s ran out; the "
                      "client gave up, the gateway carried on.",
                      id_of(r), r.user, r.call + 1, n.activity, cfg.workload.client_timeout);
    }
    std::string operator()(const facts::BacklogFull&) const {
        return format("Request #%llu could not connect: the listen backlog (%d) stayed full, so the kernel dropped every SYN "
                      "until the client gave up.", id_of(r), cfg.server.backlog);
    }
    std::string operator()(const facts::ClosedAfterError&) const {
        return format("Request #%llu reused the keep-alive connection on which the previous call had just received a 500. "
                      "Starlette's ServerErrorMiddleware re-raises after sending the 500 and uvicorn then closes the "
                      "connection (%.0f ms later); the request, sent before the close, failed with httpx.ReadError without "
                      "reaching the handler.",
                      id_of(r), cfg.request.close_after_error_delay * 1000);
    }
};

}  // namespace

std::string explain(const NotedFailure& n, const Config& cfg) { return std::visit(Sentence{n, cfg}, n.fact); }

}  // namespace gatetune::sim
