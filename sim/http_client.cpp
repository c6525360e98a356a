#include "sim/http_client.hpp"

#include <limits>

#include "sim/retry_rule.hpp"

namespace gatetune::sim {

using engine::from_seconds;
using engine::to_seconds;

HttpClient::HttpClient(StackContext& ctx, int worker_slot)
    : ctx_(ctx), cfg_(ctx.cfg.http_client), slot_(worker_slot),
      rng_(ctx.streams.stream("http_client", static_cast<std::uint64_t>(worker_slot))),
      pool_(ctx.sim, cfg_.max_connections > 0 ? cfg_.max_connections : std::numeric_limits<std::int64_t>::max() / 2) {}

HttpClient::~HttpClient() { ctx_.metrics.http_connections.add(-open_); }

void HttpClient::close_connection() {
    --open_;
    ctx_.metrics.http_connections.add(-1);
}

engine::Task<AttemptResult> HttpClient::send(Exchange& ex, int input_tokens, int output_tokens, bool stream) {
    auto& sim = ctx_.sim;
    // httpcore: a request beyond max_connections queues for a connection, up to `pool`.
    ex.doing("waiting for an HTTP connection", sim.now());
    engine::Acquired conn = co_await pool_.acquire(from_seconds(cfg_.pool_timeout));
    ex.add(Phase::HttpPoolWait, conn.waited);
    if (!conn.granted()) {
        ctx_.explainer.note(Cause::HttpPoolTimeout, ex, facts::HttpPoolTimeout{slot_}, sim.now());
        co_return AttemptResult{Cause::HttpPoolTimeout, 0};
    }

    // Reuse a keep-alive connection unless it sat idle past keepalive_expiry.
    while (!idle_expiry_.empty() && idle_expiry_.front() <= sim.now()) {
        idle_expiry_.pop_front();
        close_connection();
    }
    if (!ctx_.upstream.reachable()) {
        // Down: new connections are refused, and kept-alive ones were reset.
        while (!idle_expiry_.empty()) {
            idle_expiry_.pop_back();
            close_connection();
        }
        co_await sim.delay(from_seconds(ctx_.cfg.upstream.network_rtt));
        ctx_.explainer.note(Cause::UpstreamConnectError, ex, facts::UpstreamDown{}, sim.now());
        co_return AttemptResult{Cause::UpstreamConnectError, 0};
    }
    bool fresh = idle_expiry_.empty();
    if (!fresh) {
        idle_expiry_.pop_back();  // most recently used first
    } else {
        ex.doing("connecting to the upstream", sim.now());
        const SimTime t0 = sim.now();
        double secs = cfg_.connect_time.sample(rng_) + (cfg_.tls ? cfg_.tls_time.sample(rng_) : 0.0);
        const SimTime need = from_seconds(secs), limit = from_seconds(cfg_.connect_timeout);
        if (need > limit) {
            co_await sim.delay(limit);
            ex.add(Phase::Connect, sim.now() - t0);
            ctx_.explainer.note(Cause::UpstreamConnectTimeout, ex, facts::UpstreamConnectTimeout{secs}, sim.now());
            co_return AttemptResult{Cause::UpstreamConnectTimeout, 0};
        }
        co_await sim.delay(need);
        ex.add(Phase::Connect, sim.now() - t0);
        ++open_;
        ctx_.metrics.http_connections.add(1);
    }

    auto call = std::make_shared<UpstreamCall>(sim);
    call->input_tokens = input_tokens;
    call->output_tokens = output_tokens;
    call->stream = stream;
    ctx_.upstream.submit(call);
    // If this coroutine is destroyed (worker killed) the upstream is not told: it carries on.
    AttemptResult r = co_await read_response(ex, call);

    if (r.cause == Cause::UpstreamReadTimeout) {
        // httpx closes a connection whose read timed out; the upstream keeps generating (O6).
        ctx_.upstream.abandon(call);
        close_connection();
    } else if (static_cast<int>(idle_expiry_.size()) < cfg_.max_keepalive_connections) {
        idle_expiry_.push_back(sim.now() + from_seconds(cfg_.keepalive_expiry));
    } else {
        close_connection();
    }
    co_return r;
}

// The read timeout bounds each wait for bytes, not the whole response: non-streamed, the first
// byte comes when generation ends; streamed, it bounds time to first token and each gap.
engine::Task<AttemptResult> HttpClient::read_response(Exchange& ex, const UpstreamCallPtr& call) {
    auto& sim = ctx_.sim;
    const SimTime read = from_seconds(cfg_.read_timeout);
    const SimTime t0 = sim.now();
    ex.doing("awaiting the upstream", sim.now());
    int got = co_await engine::any_of(sim, read, call->first_byte);
    auto account = [&] {
        SimTime slot = call->slot_at >= 0 ? call->slot_at : sim.now();
        SimTime first = call->first_token_at >= 0 ? call->first_token_at : sim.now();
        ex.add(Phase::UpstreamQueue, std::max<SimTime>(0, slot - t0));
        ex.add(Phase::Ttft, std::max<SimTime>(0, std::min(first, sim.now()) - std::min(slot, sim.now())));
        ex.add(Phase::Decode, std::max<SimTime>(0, sim.now() - std::min(first, sim.now())));
    };
    if (got == engine::AnyOf::kTimedOut) {
        account();
        ctx_.explainer.note(Cause::UpstreamReadTimeout, ex,
                            facts::UpstreamReadTimeout{call->input_tokens, call->output_tokens, call->stream}, sim.now());
        co_return AttemptResult{Cause::UpstreamReadTimeout, 0};
    }
    if (call->stream && call->status == 200 && !call->finished.fired()) {
        // StreamingResponse: the gateway relays chunks as they come, each read bounded by `read`.
        if (!co_await call->read_stream(read, [&ex] { ex.start_stream(); })) {
            account();
            co_return AttemptResult{Cause::UpstreamReadTimeout, 0};
        }
    }
    account();
    // The simulated upstream answers 400 only for an over-long context.
    const Cause c = upstream_answer_cause(call->status, call->status == 400);
    co_return AttemptResult{c, call->status, c == Cause::UpstreamRateLimited ? call->retry_after : 0};
}

}  // namespace gatetune::sim
