#include "sim/rate_limiter.hpp"

#include <algorithm>

namespace gatetune::sim {

using engine::from_seconds;
using engine::to_seconds;

RateLimiter::RateLimiter(StackContext& ctx, std::map<int, KeyCounters>& counters)
    : ctx_(ctx), cfg_(ctx.cfg.rate_limiter), counters_(counters) {
    if (cfg_.max_concurrent > 0) places_.emplace(ctx.sim, cfg_.max_concurrent);
}

RateLimiter::KeyBuckets& RateLimiter::buckets(int key) {
    auto [it, fresh] = keys_.try_emplace(key);
    if (fresh) {
        const SimTime now = ctx_.sim.now();
        if (cfg_.requests_per_minute > 0)
            it->second.requests.emplace(cfg_.requests_per_minute, cfg_.burst_requests > 0 ? cfg_.burst_requests : cfg_.requests_per_minute, now);
        if (cfg_.tokens_per_minute > 0)
            it->second.tokens.emplace(cfg_.tokens_per_minute, cfg_.burst_tokens > 0 ? cfg_.burst_tokens : cfg_.tokens_per_minute, now);
    }
    return it->second;
}

Admission RateLimiter::refuse(Exchange& ex, SimTime retry_after, const char* limit) {
    ++counters_[ex.rec.api_key].limited;
    if (ctx_.explainer.wants(Cause::GatewayRateLimited))
        ctx_.explainer.add(Cause::GatewayRateLimited, ex.rec.id,
                           format("Request #%llu (API key %d) was refused by the gateway's rate limiter: %s. It answered "
                                  "429 with Retry-After: %.0f.%s",
                                  static_cast<unsigned long long>(ex.rec.id), ex.rec.api_key, limit,
                                  std::max(1.0, to_seconds(retry_after)),
                                  cfg_.per_worker ? " The limiter's state is per worker process, so the whole service "
                                                    "admits up to workers × these limits."
                                                  : ""));
    Admission a;
    a.admitted = false;
    a.retry_after = retry_after;
    a.limit = limit;
    return a;
}

engine::Task<Admission> RateLimiter::admit(Exchange& ex) {
    const SimTime now = ctx_.sim.now();
    KeyBuckets& b = buckets(ex.rec.api_key);
    const std::int64_t tokens = ex.rec.input_tokens + ex.rec.output_tokens;
    // Check both before taking either, so a refusal costs the key nothing.
    if (b.requests && b.requests->available(now) < 1) co_return refuse(ex, b.requests->wait_time(now, 1), "requests per minute");
    if (b.tokens && b.tokens->available(now) < tokens) co_return refuse(ex, b.tokens->wait_time(now, tokens), "tokens per minute");
    if (b.requests) b.requests->try_take(now, 1);
    if (b.tokens) b.tokens->try_take(now, tokens);
    Admission a;
    if (places_) {
        engine::Acquired place = co_await places_->acquire(from_seconds(cfg_.max_queue_wait));
        if (!place.granted()) co_return refuse(ex, engine::kSecond, "concurrent requests (max_concurrent, after max_queue_wait)");
        a.place = std::move(place.lease);
    }
    ++counters_[ex.rec.api_key].admitted;
    co_return a;
}

}  // namespace gatetune::sim
