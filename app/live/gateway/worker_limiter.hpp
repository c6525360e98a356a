#pragma once
// The gateway's own limiter ([rate_limiter]), for real, in one worker process: the rule of
// sim/gateway_limits.hpp (per API key request and token buckets, refusal and Retry-After), and
// the concurrency cap's bounded wait on the worker's loop → 429 with Retry-After. Like the
// in-process limiter of a FastAPI app, each worker limits on its own.
#include <optional>

#include "app/live/net/async_semaphore.hpp"
#include "sim/gateway_limits.hpp"

namespace gatetune::live {

class WorkerLimiter {
public:
    explicit WorkerLimiter(const sim::RateLimiterConfig& cfg);

    // Holds the concurrency place (if any) until destroyed.
    class Admission {
    public:
        Admission() = default;
        explicit Admission(AsyncSemaphore* s) : s_(s) {}
        Admission(Admission&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
        Admission& operator=(Admission&& o) noexcept {
            std::swap(s_, o.s_);
            return *this;
        }
        ~Admission() {
            if (s_) s_->release();
        }

    private:
        AsyncSemaphore* s_ = nullptr;
    };

    // nullopt when limited (the caller answers 429); which limit, and the Retry-After, go to `refusal`.
    awaitable<std::optional<Admission>> admit(std::int64_t key, int tokens, sim::GatewayRefusal& refusal);

private:
    const sim::RateLimiterConfig& cfg_;
    sim::GatewayKeyLimits keys_;
    std::optional<AsyncSemaphore> concurrency_;
    std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
};

}  // namespace gatetune::live
