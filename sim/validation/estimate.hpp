#pragma once
// Back-of-the-envelope numbers the static rules compare limits with: each call's unloaded
// upstream time, the workload's offered rate, tokens per minute and concurrency (Little's law),
// and the longest a handler can run before every timeout on its path has fired. "Unloaded"
// means no queueing and no decode slowdown, so a rule that fires on these numbers fires a
// fortiori under load; the simulation (validate over K seeds) covers the loaded case.
#include <string>
#include <vector>

#include "sim/config.hpp"

namespace gatetune::sim::validation {

struct CallEstimate {
    int input_tokens = 0;
    int output_tokens = 0;
    double ttft = 0;      // s from the gateway sending to the first token arriving back
    double upstream = 0;  // s from sending to the last byte; non-streamed, the first byte too [§7]
    int tokens() const { return input_tokens + output_tokens; }
};

// The longest one request can stay in the handler: a DB pool wait, then every upstream attempt
// running into its timeouts, plus the back-off between attempts. [§3, §4]
struct HandlerBound {
    double db_pool_wait = 0;    // db_pool.pool_timeout (0 when the handler runs no statement first)
    double http_pool_wait = 0;  // http_client.pool_timeout per attempt (shared client only)
    double connect = 0;         // http_client.connect_timeout per attempt
    double read = 0;            // per attempt: read_timeout non-streamed; streamed, the generation
    int attempts = 1;           // attempts that can each end in a timeout
    double backoff = 0;         // total pause between attempts
    bool streamed = false;

    double per_attempt() const { return http_pool_wait + connect + read; }
    double total() const { return db_pool_wait + attempts * per_attempt() + backoff; }
    // "30 s DB pool wait + 2 attempts × (180 s httpx pool + 10 s connect + 180 s read) = 770 s"
    std::string describe() const;
};

// The load balancer in front of gunicorn, read through the key table so the rules follow the
// schema: `load_balancer.enabled` false means there is none (the LB rules stay silent);
// `load_balancer.idle_timeout` is its idle timeout; a schema without these keys means an AWS ALB
// with its default idle timeout of 60 s. [§5]
struct LbIdle {
    bool present = true;
    double seconds = 60;
    std::string source;  // "load_balancer.idle_timeout" or "ALB default"
};
LbIdle lb_idle_timeout(const Config& cfg);

struct StackEstimate {
    explicit StackEstimate(const Config& c) : cfg(c), lb(lb_idle_timeout(c)) {}

    const Config& cfg;
    LbIdle lb;
    std::vector<CallEstimate> calls;  // the script; for token distributions, the mean and p99 calls
    CallEstimate longest;             // the longest upstream time
    CallEstimate largest;             // the most tokens
    double mean_upstream = 0;         // s per request
    double mean_tokens = 0;           // prompt + output per request
    double request_rate = 0;          // peak offered requests per second
    double active_time = 0;           // s during which that rate lasts
    double concurrency = 0;           // requests in flight at that rate (Little's law)
    HandlerBound handler;

    double tokens_per_minute() const { return request_rate * mean_tokens * 60; }
    double requests_per_minute() const { return request_rate * 60; }
};

StackEstimate estimate(const Config& cfg);
CallEstimate estimate_call(const UpstreamConfig& u, int input_tokens, int output_tokens);

}  // namespace gatetune::sim::validation
