// The FastAPI endpoint of the incident's gateway, for real — the same steps in the same order as
// sim/handler.cpp: parse, API key (first query checks a connection out), the gateway limiter,
// chat session lookup-or-create, private key, the upstream call with the app's retry loop, the
// usage transaction, the response — except that no answer about the body comes before the key
// has passed (401 first, as the OpenAI API does). Every failure is answered with its real status and an
// OpenAI-style error naming the cause; the catch-all handler turns exceptions into 500.
#include <unistd.h>

#include <charconv>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/live/db/api_keys.hpp"
#include "app/live/gateway/db_session.hpp"
#include "app/live/gateway/worker.hpp"
#include "app/live/net/chat_body.hpp"
#include "app/live/net/error_json.hpp"
#include "sim/concurrency_limits.hpp"
#include "sim/retry_rule.hpp"

namespace gatetune::live {

namespace {

using sim::Cause;
using sim::Phase;
using clock = std::chrono::steady_clock;

// Tags a response with what the load generator needs to rebuild the simulator's record.
void tag(http::fields& f, Cause cause, int worker, int attempts, const RequestTimeline& t) {
    f.set("x-gatetune-cause", sim::to_string(cause));
    f.set("x-gatetune-worker", std::to_string(worker));
    f.set("x-gatetune-attempts", std::to_string(attempts));
    if (auto st = t.server_timing(); !st.empty()) f.set("server-timing", st);
}

const char* error_type(int status) {
    if (status == 401) return "authentication_error";
    if (status == 429) return "rate_limit_error";
    if (status < 500) return "invalid_request_error";
    return "server_error";
}

}  // namespace

awaitable<void> GatewayWorker::chat(Request& req, Responder& out) {
    const auto start = clock::now();
    const std::int64_t started_at_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const auto& rq = cfg_.request;
    const auto& hc = cfg_.http_client;
    RequestTimeline t;
    int attempts = 0;

    auto fail = [&](int status, Cause cause, const std::string& message) -> Response {
        if (cause == Cause::DbError)  // never a silently missing usage row: say why in the log
            std::cerr << "[" << ::getpid() << "] [ERROR] request failed on the database (503): " << message << std::endl;
        Response r = error_response(static_cast<unsigned>(status), message, error_type(status), sim::to_string(cause), req.version());
        tag(r, cause, setup_.slot, attempts, t);
        if (status == 500 && rq.close_after_error_delay > 0)
            out.close_after(seconds(rq.close_after_error_delay));  // uvicorn closes after a 500 (O1)
        finish(status, cause, start);
        return r;
    };

    if (sim::exceeds_limit_concurrency(static_cast<int>(open_connections_), static_cast<int>(in_flight_), cfg_.server)) {
        std::cerr << "[" << ::getpid() << "] [WARNING] " << sim::kConcurrencyLimitLog << std::endl;
        out.set_keep_alive(false);  // service_unavailable answers `connection: close`
        Response r{http::status::service_unavailable, req.version()};
        r.set(http::field::content_type, "text/plain; charset=utf-8");
        r.body() = sim::kServiceUnavailableBody;
        tag(r, Cause::ConcurrencyLimit, setup_.slot, 0, t);
        finish(503, Cause::ConcurrencyLimit, start);
        co_await out.send(std::move(r));
        co_return;
    }
    count_request();
    ++in_flight_;
    slot_.gauges.in_flight.fetch_add(1);
    struct InFlight {
        GatewayWorker& w;
        ~InFlight() { w.request_finished(); }
    } in_flight{*this};
    std::optional<AsyncSemaphore::Permit> thread;
    if (threads_) {  // a gthread request thread
        co_await threads_->acquire();
        thread.emplace(&*threads_);
    }

    // Authentication decides first, as in the OpenAI API: whatever the body, a caller without a
    // valid key gets 401 and learns nothing about request validation. A missing or malformed key
    // is refused before the body is looked at. An unknown key needs the request's first query,
    // which the modelled app makes after parsing (sim/handler.cpp): a well-formed body keeps that
    // timeline, so live runs stay comparable with the simulation, and a malformed body's 400
    // waits until the key has passed. (An oversized body never gets here: the server answers
    // 413 from Content-Length alone — see read_error_response in app/live/net/server.cpp.)
    const auto token = bearer_token(req[http::field::authorization]);
    const auto prefix = token ? key_prefix(*token) : std::nullopt;
    if (setup_.db_steps && !prefix) {
        co_await out.send(fail(401, Cause::InvalidApiKey, "Missing or malformed API key: send 'Authorization: Bearer gt-…'."));
        co_return;
    }

    const auto parsed = parse_chat_body(req.body());
    const ChatCall* call = std::get_if<ChatCall>(&parsed);
    // Draw this request's choices as the simulator draws them for the same request number.
    engine::Rng rng = rng_;
    if (call) {
        if (auto id = req["x-gatetune-request"]; !id.empty()) {
            std::uint64_t n = 0;
            if (std::from_chars(id.data(), id.data() + id.size(), n).ec == std::errc{}) rng = request_streams_.stream("request", n);
        } else {
            rng = engine::Rng(rng_.next_u64());
        }
        spend_cpu(rq.parse_cpu.sample(rng) + rq.cpu_per_input_token * call->prompt_tokens, t);
        if (rq.blocking_probability > 0 && rng.uniform01() < rq.blocking_probability) block(rq.blocking_call.sample(rng), t);
    }

    DbSession db(pool_, cfg_, t);
    std::int64_t key_id = 0;
    std::optional<std::int64_t> session_id;
    std::optional<WorkerLimiter::Admission> admission;
    if (setup_.db_steps) {
        const std::string presented(*token);
        auto key = co_await db.find_key(std::max(rq.api_key_queries, 1), *prefix);
        if (key.cause != Cause::Ok) {
            const int status = key.cause == Cause::DbError ? 503 : 500;
            spend_cpu(rq.response_cpu.sample(rng), t);  // the catch-all handler's answer and traceback log
            co_await out.send(fail(status, key.cause, key.error));
            co_return;
        }
        const std::optional<ApiKeyRow>& row = *key.value;
        if (!row || row->revoked_at || !key_matches(*row, presented)) {
            db.close();
            co_await out.send(fail(401, Cause::InvalidApiKey, "Invalid API key."));
            co_return;
        }
        key_id = row->id;
    }
    if (!call) {
        db.close();
        co_await out.send(fail(400, Cause::InvalidRequest, std::get<BodyError>(parsed).message));
        co_return;
    }
    if (limiter_) {
        sim::GatewayRefusal refusal;
        admission = co_await limiter_->admit(key_id, call->prompt_tokens + call->max_tokens, refusal);
        if (!admission) {
            db.close();
            Response r = fail(429, Cause::GatewayRateLimited, sim::refusal_message(refusal.limit, cfg_.rate_limiter));
            r.set(http::field::retry_after, std::to_string(refusal.retry_after / engine::kSecond));
            co_await out.send(std::move(r));
            co_return;
        }
    }
    if (setup_.db_steps && rq.session_lookup) {
        const std::string owner = call->user.empty() ? "key-" + std::to_string(key_id) : call->user;
        auto found = co_await db.find_session(key_id, owner);
        if (found.cause == Cause::Ok && !*found.value) {
            // Lookup-or-create without an upsert: a concurrent request of the same owner that
            // also missed inserts too, and one of the two fails on the unique key (O4).
            auto made = co_await db.insert_session(key_id, owner);
            if (made.constraint && !rq.session_create_race)
                made = found_or(co_await db.find_session(key_id, owner), std::int64_t{0});  // the other request's row
            else if (made.constraint)
                made.cause = Cause::SessionCreateRace;
            if (made.cause != Cause::Ok) {
                spend_cpu(rq.response_cpu.sample(rng), t);
                co_await out.send(fail(made.cause == Cause::DbError ? 503 : 500, made.cause, made.error));
                co_return;
            }
            session_id = *made.value;
        } else if (found.cause != Cause::Ok) {
            spend_cpu(rq.response_cpu.sample(rng), t);
            co_await out.send(fail(found.cause == Cause::DbError ? 503 : 500, found.cause, found.error));
            co_return;
        } else {
            session_id = **found.value;
        }
    }
    if (setup_.db_steps && rq.private_key_queries > 0) {
        auto secret = co_await db.private_key(rq.private_key_queries, key_id);
        if (secret.cause != Cause::Ok) {
            spend_cpu(rq.response_cpu.sample(rng), t);
            co_await out.send(fail(secret.cause == Cause::DbError ? 503 : 500, secret.cause, secret.error));
            co_return;
        }
    }

    // `async with httpx.AsyncClient()` per request, or the worker's shared client.
    std::optional<UpstreamClient> own;
    UpstreamClient* client = shared_http_ ? &*shared_http_ : nullptr;
    if (!client) {
        spend_cpu(hc.client_setup_cpu.sample(rng), t);  // SSLContext built on the loop [§4]
        own.emplace(hc, setup_.upstream, slot_.gauges);
        client = &*own;
    }
    bool streaming_started = false;
    StreamSink sink{
        [&](int status) -> awaitable<bool> {
            http::response<http::empty_body> h{static_cast<http::status>(status), req.version()};
            h.set(http::field::content_type, "text/event-stream");
            h.set(http::field::cache_control, "no-cache");
            tag(h, Cause::Ok, setup_.slot, attempts, t);
            streaming_started = true;
            co_return co_await out.begin_stream(std::move(h));
        },
        [&](std::string_view event) -> awaitable<bool> { co_return co_await out.write_chunk(event); }};
    UpstreamReply reply;
    const int max_attempts = sim::total_attempts(hc);
    for (attempts = 1; attempts <= max_attempts; ++attempts) {
        const auto before = t.raw();
        const auto t0 = clock::now();
        setup_.shared->upstream_calls.fetch_add(1);
        reply = co_await client->post_chat(req.body(), "", call->stream, &sink, t);
        if (reply.cause == Cause::Ok || reply.streamed || !sim::retryable(reply.cause, hc) || attempts == max_attempts) break;
        t.raw() = before;  // a failed attempt counts as retry time in the waterfall
        if (const auto wait = sim::retry_wait(hc, attempts, reply.cause, reply.retry_after); wait > 0) {
            asio::steady_timer pause(loop_);
            pause.expires_after(std::chrono::microseconds(wait));
            boost::system::error_code ec;
            co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
        }
        t.add(Phase::Retry, clock::now() - t0);
    }
    attempts = std::min(attempts, max_attempts);

    Cause cause = reply.cause;
    if (cause == Cause::Ok && setup_.db_steps) {
        UsageRow usage;
        usage.request_id = std::to_string(::getpid()) + "-" + std::to_string(++next_request_);
        usage.api_key_id = key_id;
        usage.session_id = session_id;
        usage.prompt_tokens = call->prompt_tokens;
        usage.completion_tokens = reply.completion_tokens;
        usage.model = call->model;
        usage.started_at_us = started_at_us;
        usage.latency_us = reply.latency_us;
        usage.ttft_us = reply.ttft_us;
        usage.status = reply.status;
        auto done = co_await db.commit_usage(std::max(rq.usage_writes, 1), usage);
        if (done.cause != Cause::Ok) {
            cause = done.cause;
            reply.error = done.error;
        }
    }
    const bool leak = rq.leak_probability > 0 && rng_.uniform01() < rq.leak_probability;

    if (streaming_started) {
        // Headers already went out as 200: a failure ends the stream with an error event.
        if (cause != Cause::Ok) {
            co_await out.write_chunk("data: " + error_body(reply.error, "server_error", sim::to_string(cause)) + "\n\n");
            finish(200, cause, start);
        } else {
            co_await out.write_chunk("data: [DONE]\n\n");
            finish(200, Cause::Ok, start);
        }
        co_await out.end_stream();
        db.close(leak);
        co_return;
    }
    if (cause != Cause::Ok) {
        int status = 500;
        if (rq.upstream_status_passthrough && (cause == Cause::UpstreamRateLimited || cause == Cause::ContextLengthExceeded))
            status = reply.status;
        if (cause == Cause::DbError) status = 503;
        const std::string message = reply.error.empty() ? "The upstream answered " + std::to_string(reply.status) + "." : reply.error;
        // The catch-all handler's JSONResponse and uvicorn's traceback log take the loop as a
        // response does (sim/handler.cpp).
        spend_cpu(rq.response_cpu.sample(rng), t);
        Response r = fail(status, cause, message);
        if (status == 429 && reply.retry_after > 0)  // a passed-through 429 keeps the upstream's Retry-After
            r.set(http::field::retry_after, std::to_string(reply.retry_after / engine::kSecond));
        db.close(leak);
        co_await out.send(std::move(r));
        co_return;
    }
    spend_cpu(rq.response_cpu.sample(rng) + rq.cpu_per_output_token * reply.completion_tokens, t);
    Response r{http::status::ok, req.version()};
    r.set(http::field::content_type, "application/json");
    r.body() = std::move(reply.body);
    tag(r, Cause::Ok, setup_.slot, attempts, t);
    finish(200, Cause::Ok, start);
    if (!rq.cleanup_after_response) db.close(leak);
    co_await out.send(std::move(r));
    db.close(leak);
}

}  // namespace gatetune::live
