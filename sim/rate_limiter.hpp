#pragma once
// The gateway's own limiter (the incident report's root cause 5, "no request queuing/throttling"):
// per-API-key token buckets for requests and tokens per minute, and a cap on requests in the
// handler with a bounded wait for a place — anything over answers 429 with Retry-After. The rule is
// sim/gateway_limits.hpp, shared with the live gateway. In-process state, so with per_worker each
// gunicorn worker limits on its own and the effective limit is workers × the configured one.
#include <map>
#include <optional>

#include "engine/resource.hpp"
#include "engine/task.hpp"
#include "sim/exchange.hpp"
#include "sim/gateway_limits.hpp"
#include "sim/stack_context.hpp"

namespace gatetune::sim {

struct Admission {
    bool admitted = true;
    engine::Lease place;  // held until the request ends (concurrency cap)
};

struct KeyCounters {
    std::uint64_t admitted = 0;
    std::uint64_t limited = 0;
};

class RateLimiter {
public:
    // `counters` outlives the limiter (a worker's limiter dies with the worker).
    RateLimiter(StackContext& ctx, std::map<int, KeyCounters>& counters);
    engine::Task<Admission> admit(Exchange& ex);

private:
    Admission refuse(Exchange& ex, GatewayRefusal refusal);

    StackContext& ctx_;
    const RateLimiterConfig& cfg_;
    GatewayKeyLimits keys_;
    std::optional<engine::Resource> places_;
    std::map<int, KeyCounters>& counters_;
};

}  // namespace gatetune::sim
