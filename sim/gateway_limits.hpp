#pragma once
// The gateway's own limiter ([rate_limiter]) as a rule, written once for the simulated limiter
// (sim/rate_limiter.cpp) and the live one (app/live/gateway/worker_limiter.cpp): per API key a
// requests-per-minute and a tokens-per-minute budget (counted as rate_limiter.window says), checked both before either is taken (a
// refused request costs the key nothing), then a cap on requests in the handler with a bounded
// wait for a place. Each runtime waits for the place its own way; the refusal — which limit, the
// Retry-After, the 429's message — is decided here.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/time.hpp"
#include "sim/config.hpp"
#include "sim/minute_budget.hpp"
#include "sim/retry_rule.hpp"

namespace gatetune::sim {

enum class GatewayLimit { RequestsPerMinute, TokensPerMinute, Concurrency };

struct GatewayRefusal {
    GatewayLimit limit = GatewayLimit::RequestsPerMinute;
    SimTime retry_after = engine::kSecond;  // the Retry-After header: whole seconds, at least 1
};

class GatewayKeyLimits {
public:
    explicit GatewayKeyLimits(const RateLimiterConfig& cfg) : cfg_(cfg) {}

    // nullopt: admitted, and the key's buckets were charged one request and `tokens` tokens.
    std::optional<GatewayRefusal> admit(std::int64_t key, SimTime now, std::int64_t tokens) {
        Buckets& b = buckets(key);
        if (b.requests) {
            if (const SimTime wait = b.requests->wait_time(now, 1); wait > 0) return refusal(GatewayLimit::RequestsPerMinute, wait);
        }
        if (b.tokens) {
            if (const SimTime wait = b.tokens->wait_time(now, tokens); wait > 0) return refusal(GatewayLimit::TokensPerMinute, wait);
        }
        if (b.requests) b.requests->take(now, 1);
        if (b.tokens) b.tokens->take(now, tokens);
        return std::nullopt;
    }

    // No place in the handler came free within max_queue_wait: try again in a second.
    static GatewayRefusal concurrency_refusal() { return {GatewayLimit::Concurrency, engine::kSecond}; }

private:
    struct Buckets {
        std::optional<MinuteBudget> requests, tokens;
    };
    // A key's budgets start full when it is first seen; fixed windows are the clock's whole
    // minutes from the start of the run.
    Buckets& buckets(std::int64_t key) {
        auto [it, fresh] = keys_.try_emplace(key);
        if (fresh) {
            // The burst sizes are the token bucket's; a window holds the per-minute number.
            const bool bucket = cfg_.window == RateWindow::TokenBucket;
            if (cfg_.requests_per_minute > 0)
                it->second.requests.emplace(cfg_.window, cfg_.requests_per_minute,
                                            bucket && cfg_.burst_requests > 0 ? cfg_.burst_requests : cfg_.requests_per_minute);
            if (cfg_.tokens_per_minute > 0)
                it->second.tokens.emplace(cfg_.window, cfg_.tokens_per_minute,
                                          bucket && cfg_.burst_tokens > 0 ? cfg_.burst_tokens : cfg_.tokens_per_minute);
        }
        return it->second;
    }
    // A request beyond the burst never fits: it is told to come back in a minute.
    static GatewayRefusal refusal(GatewayLimit l, SimTime wait) {
        return {l, retry_after_header(std::min<SimTime>(wait, 60 * engine::kSecond))};
    }

    const RateLimiterConfig& cfg_;
    std::map<std::int64_t, Buckets> keys_;
};

// Which limit refused, as the explanation names it.
inline std::string_view limit_name(GatewayLimit l) {
    switch (l) {
        case GatewayLimit::RequestsPerMinute: return "requests per minute";
        case GatewayLimit::TokensPerMinute: return "tokens per minute";
        case GatewayLimit::Concurrency: return "concurrent requests (max_concurrent, after max_queue_wait)";
    }
    return "";
}

// The 429's message, as the live gateway answers it.
inline std::string refusal_message(GatewayLimit l, const RateLimiterConfig& cfg) {
    switch (l) {
        case GatewayLimit::RequestsPerMinute:
            return "Rate limit reached: " + std::to_string(cfg.requests_per_minute) + " requests per minute for this key.";
        case GatewayLimit::TokensPerMinute:
            return "Rate limit reached: " + std::to_string(cfg.tokens_per_minute) + " tokens per minute for this key.";
        case GatewayLimit::Concurrency:
            return "Too many requests in flight: " + std::to_string(cfg.max_concurrent) + " at once, waited " +
                   std::to_string(cfg.max_queue_wait) + " s.";
    }
    return "";
}

}  // namespace gatetune::sim
