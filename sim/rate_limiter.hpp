#pragma once
// The gateway's own limiter (the incident report's root cause 5, "no request queuing/throttling"): per-API-key token buckets for
// requests and tokens per minute, and a cap on requests in the handler with a bounded wait for a
// place — anything over answers 429 with Retry-After. In-process state, so with per_worker each
// gunicorn worker limits on its own and the effective limit is workers × the configured one.
#include <map>
#include <optional>

#include "engine/resource.hpp"
#include "engine/task.hpp"
#include "engine/token_bucket.hpp"
#include "sim/exchange.hpp"
#include "sim/stack_context.hpp"

namespace gatetune::sim {

struct Admission {
    bool admitted = true;
    SimTime retry_after = 0;   // for the Retry-After header
    const char* limit = "";    // which limit refused it
    engine::Lease place;       // held until the request ends (concurrency cap)
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
    struct KeyBuckets {
        std::optional<engine::TokenBucket> requests, tokens;
    };
    KeyBuckets& buckets(int key);
    Admission refuse(Exchange& ex, SimTime retry_after, const char* limit);

    StackContext& ctx_;
    const RateLimiterConfig& cfg_;
    std::map<int, KeyBuckets> keys_;
    std::optional<engine::Resource> places_;
    std::map<int, KeyCounters>& counters_;
};

}  // namespace gatetune::sim
