#include "app/live/gateway/worker_limiter.hpp"

namespace gatetune::live {

WorkerLimiter::WorkerLimiter(const sim::RateLimiterConfig& cfg) : cfg_(cfg), keys_(cfg) {
    if (cfg.max_concurrent > 0) concurrency_.emplace(cfg.max_concurrent);
}

awaitable<std::optional<WorkerLimiter::Admission>> WorkerLimiter::admit(std::int64_t key, int tokens, sim::GatewayRefusal& refusal) {
    const engine::SimTime now =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0_).count();
    if (auto refused = keys_.admit(key, now, tokens)) {
        refusal = *refused;
        co_return std::nullopt;
    }
    if (!concurrency_) co_return Admission{};
    if (!co_await concurrency_->acquire(seconds(cfg_.max_queue_wait))) {
        refusal = sim::GatewayKeyLimits::concurrency_refusal();
        co_return std::nullopt;
    }
    co_return Admission{&*concurrency_};
}

}  // namespace gatetune::live
