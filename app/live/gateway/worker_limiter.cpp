#include "app/live/gateway/worker_limiter.hpp"

namespace gatetune::live {

WorkerLimiter::WorkerLimiter(const sim::RateLimiterConfig& cfg) : cfg_(cfg) {
    if (cfg.max_concurrent > 0) concurrency_.emplace(cfg.max_concurrent);
}

awaitable<std::optional<WorkerLimiter::Admission>> WorkerLimiter::admit(std::int64_t key, int tokens, std::string& why) {
    const engine::SimTime now =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0_).count();
    KeyBuckets& b = keys_[key];
    if (cfg_.requests_per_minute > 0 && !b.requests)
        b.requests.emplace(cfg_.requests_per_minute, cfg_.burst_requests > 0 ? cfg_.burst_requests : cfg_.requests_per_minute);
    if (cfg_.tokens_per_minute > 0 && !b.tokens)
        b.tokens.emplace(cfg_.tokens_per_minute, cfg_.burst_tokens > 0 ? cfg_.burst_tokens : cfg_.tokens_per_minute);
    if (b.requests && b.requests->available(now) < 1) {
        why = "Rate limit reached: " + std::to_string(cfg_.requests_per_minute) + " requests per minute for this key.";
        co_return std::nullopt;
    }
    if (b.tokens && b.tokens->available(now) < tokens) {
        why = "Rate limit reached: " + std::to_string(cfg_.tokens_per_minute) + " tokens per minute for this key.";
        co_return std::nullopt;
    }
    if (b.requests) b.requests->try_take(now, 1);
    if (b.tokens) b.tokens->try_take(now, tokens);
    if (!concurrency_) co_return Admission{};
    if (!co_await concurrency_->acquire(seconds(cfg_.max_queue_wait))) {
        why = "Too many requests in flight: " + std::to_string(cfg_.max_concurrent) + " at once, waited " +
              std::to_string(cfg_.max_queue_wait) + " s.";
        co_return std::nullopt;
    }
    co_return Admission{&*concurrency_};
}

}  // namespace gatetune::live
