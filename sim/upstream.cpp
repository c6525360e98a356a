#include "sim/upstream.hpp"

#include <limits>

#include "sim/faults.hpp"
#include "sim/retry_rule.hpp"

namespace gatetune::sim {

using engine::from_seconds;

Upstream::Upstream(engine::Simulation& sim, const UpstreamConfig& cfg, const FaultsConfig& faults, StackMetrics& metrics,
                   engine::Rng rng)
    : sim_(sim), cfg_(cfg), faults_(faults), metrics_(metrics), rng_(rng),
      slots_(sim, cfg.slot_count > 0 ? cfg.slot_count : std::numeric_limits<std::int64_t>::max() / 2), limits_(cfg) {
    if (cfg.tpm > 0) metrics.upstream_tpm_left = [this](SimTime now) { return limits_.tokens_left(now).value_or(0); };
}

Upstream::~Upstream() { metrics_.upstream_tpm_left = nullptr; }

bool Upstream::reachable() const { return !active_fault(faults_.upstream_outage, sim_.now()); }

void Upstream::submit(const UpstreamCallPtr& call) {
    ++calls_;
    call->sent = sim_.now();
    call->server = sim_.spawn(serve(call));
}

void Upstream::abandon(const UpstreamCallPtr& call) {
    if (call->abandoned) return;
    call->abandoned = true;
    if (!call->finished.fired()) ++abandoned_;
    if (cfg_.cancel_on_disconnect) call->server.kill();
}

void Upstream::respond(UpstreamCall& c, int status) {
    c.status = status;
    c.first_byte.fire();
    c.finished.fire();
}

engine::Task<> Upstream::serve(UpstreamCallPtr call) {
    UpstreamCall& c = *call;
    co_await sim_.delay(from_seconds(cfg_.network_rtt / 2 + cfg_.router_overhead.sample(rng_)));

    if (cfg_.context_length > 0 && c.input_tokens + c.output_tokens > cfg_.context_length) {
        respond(c, 400);
        co_return;
    }
    if (const auto wait = limits_.admit(sim_.now(), c.input_tokens + c.output_tokens)) {
        c.retry_after = retry_after_header(*wait);
        respond(c, 429);
        co_return;
    }
    const double error_probability = active_fault(faults_.upstream_error_burst, sim_.now()).value_or(cfg_.error_probability);
    if (error_probability > 0 && rng_.uniform01() < error_probability) {
        respond(c, 500);
        co_return;
    }
    if (cfg_.max_queue > 0 && slots_.available() == 0 && static_cast<int>(slots_.waiting()) >= cfg_.max_queue) {
        respond(c, 503);
        co_return;
    }

    metrics_.upstream_queue.add(1);
    engine::Acquired slot = co_await slots_.acquire();
    metrics_.upstream_queue.add(-1);
    metrics_.upstream_active.add(1);
    struct ActiveGuard {
        Level& l;
        ~ActiveGuard() { l.add(-1); }
    } active_guard{metrics_.upstream_active};
    c.slot_at = sim_.now();

    const double factor = cfg_.latency_factor.sample(rng_) * active_fault(faults_.upstream_slowdown, sim_.now()).value_or(1.0);
    if (cfg_.stall_probability > 0 && rng_.uniform01() < cfg_.stall_probability) {
        co_await sim_.delay(from_seconds(cfg_.stall_time));
        respond(c, 504);
        co_return;
    }
    const double concurrency = static_cast<double>(slots_.in_use() - 1);
    const double tpot = cfg_.time_per_output_token * (1.0 + cfg_.decode_slowdown * concurrency) * factor;
    const SimTime ttft = from_seconds((cfg_.ttft_base + c.input_tokens / cfg_.prefill_tokens_per_s) * factor);
    const SimTime decode = from_seconds(tpot * c.output_tokens);
    const SimTime half_rtt = from_seconds(cfg_.network_rtt / 2);

    // vLLM: a non-streamed completion is one JSON body after generation ends; a streamed one
    // sends a chunk per token after the first. [docs/MODEL.md §7] Waits are joined where nothing
    // that anyone else sees happens between them; the times they pass are set ahead (a reader
    // takes a time still to come as not reached: HttpClient::read_response).
    const int tokens = c.input_tokens + c.output_tokens;
    c.first_token_at = sim_.now() + ttft;
    if (c.stream) {
        c.chunk_gap_ = from_seconds(tpot);
        co_await sim_.delay(ttft + half_rtt);
        c.status = 200;
        c.first_byte.fire();
        co_await sim_.delay(decode);
        c.done_at = sim_.now();
        limits_.served(c.done_at, tokens);
        c.finished.fire();
    } else if (limits_.counts_served()) {
        co_await sim_.delay(ttft + decode);
        c.done_at = sim_.now();
        limits_.served(c.done_at, tokens);  // the budget is charged as generation ends
        co_await sim_.delay(half_rtt);
        respond(c, 200);
    } else {
        c.done_at = c.first_token_at + decode;
        co_await sim_.delay(ttft + decode + half_rtt);
        respond(c, 200);
    }
}

}  // namespace gatetune::sim
