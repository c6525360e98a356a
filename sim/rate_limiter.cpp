#include "sim/rate_limiter.hpp"

namespace gatetune::sim {

using engine::from_seconds;

RateLimiter::RateLimiter(StackContext& ctx, std::map<int, KeyCounters>& counters)
    : ctx_(ctx), cfg_(ctx.cfg.rate_limiter), keys_(ctx.cfg.rate_limiter), counters_(counters) {
    if (cfg_.max_concurrent > 0) places_.emplace(ctx.sim, cfg_.max_concurrent);
}

Admission RateLimiter::refuse(Exchange& ex, GatewayRefusal refusal) {
    ++counters_[ex.rec.api_key].limited;
    ctx_.explainer.note(Cause::GatewayRateLimited, ex, facts::GatewayLimited{refusal}, ctx_.sim.now());
    return Admission{false, {}};
}

engine::Task<Admission> RateLimiter::admit(Exchange& ex) {
    if (auto refused = keys_.admit(ex.rec.api_key, ctx_.sim.now(), ex.rec.input_tokens + ex.rec.output_tokens))
        co_return refuse(ex, *refused);
    Admission a;
    if (places_) {
        engine::Acquired place = co_await places_->acquire(from_seconds(cfg_.max_queue_wait));
        if (!place.granted()) co_return refuse(ex, GatewayKeyLimits::concurrency_refusal());
        a.place = std::move(place.lease);
    }
    ++counters_[ex.rec.api_key].admitted;
    co_return a;
}

}  // namespace gatetune::sim
