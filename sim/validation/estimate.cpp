#include "sim/validation/estimate.hpp"

#include <algorithm>
#include <cmath>

#include "sim/preset/config_schema.hpp"
#include "sim/validation/wording.hpp"

namespace gatetune::sim::validation {
namespace {

constexpr double kAlbDefaultIdleTimeout = 60;  // docs/MODEL.md §5

// A heavy-tailed factor may have an infinite mean; the typical value 1 is then the honest guess
// for an "unloaded" estimate.
double finite_mean(const Distribution& d, double fallback) {
    const double m = d.mean();
    return std::isfinite(m) ? m : fallback;
}

// Inverse of the CDF by bisection: Distribution has no quantile function, and rules only need
// a rough p99 of the token distributions.
double quantile(const Distribution& d, double p) {
    double hi = 1;
    while (d.cdf(hi) < p && hi < 1e12) hi *= 2;
    double lo = 0;
    for (int i = 0; i < 100; ++i) {
        const double mid = (lo + hi) / 2;
        (d.cdf(mid) < p ? lo : hi) = mid;
    }
    return hi;
}

// The calls a workload sends: its script, or for drawn token counts a mean and a p99 call.
std::vector<CallEstimate> workload_calls(const Config& cfg) {
    std::vector<CallEstimate> out;
    const WorkloadConfig& w = cfg.workload;
    for (const CallSpec& c : w.calls) out.push_back(estimate_call(cfg.upstream, c.input_tokens, c.output_tokens));
    if (out.empty() && w.input_tokens && w.output_tokens) {
        const auto tokens = [](double x) { return static_cast<int>(std::lround(x)); };
        out.push_back(estimate_call(cfg.upstream, tokens(finite_mean(*w.input_tokens, 0)), tokens(finite_mean(*w.output_tokens, 0))));
        out.push_back(estimate_call(cfg.upstream, tokens(quantile(*w.input_tokens, 0.99)), tokens(quantile(*w.output_tokens, 0.99))));
    }
    return out;
}

// Closed loop: each user sends its next call when the previous one answered (plus think time),
// so the rate is users / cycle time and, by Little's law, in flight = users × busy share.
void closed_loop_demand(StackEstimate& e) {
    const WorkloadConfig& w = e.cfg.workload;
    const double think = finite_mean(w.think_time, 0);
    double script = 0, busy = 0, tokens = 0;
    for (const CallEstimate& c : e.calls) {
        script += c.upstream + think;
        busy += c.upstream;
        tokens += c.tokens();
    }
    if (script <= 0) return;
    const double run = script * w.repeats;
    // Users spread over a longer start window than one run do not all overlap.
    const double overlap = w.start_spread > run ? run / w.start_spread : 1.0;
    const double users = w.users * overlap;
    e.request_rate = users * static_cast<double>(e.calls.size()) / script;
    e.mean_tokens = tokens / static_cast<double>(e.calls.size());
    e.concurrency = users * busy / script;
    e.active_time = run;
}

// Open loop: arrivals at the peak of rate/steps, whatever the responses do.
void open_loop_demand(StackEstimate& e) {
    const WorkloadConfig& w = e.cfg.workload;
    double peak = w.rate, peak_at = 0;
    for (const RateStep& s : w.steps) {
        if (s.at < w.duration && s.rate > peak) peak = s.rate, peak_at = s.at;
    }
    double tokens = 0;
    for (const CallEstimate& c : e.calls) tokens += c.tokens();
    // With drawn tokens the second estimate is the p99 call, not a call of the mix.
    const bool drawn = e.cfg.workload.calls.empty();
    const double n = drawn ? 1.0 : static_cast<double>(e.calls.size());
    e.mean_tokens = drawn && !e.calls.empty() ? e.calls.front().tokens() : tokens / std::max(1.0, n);
    e.mean_upstream = drawn && !e.calls.empty() ? e.calls.front().upstream : e.mean_upstream;
    e.request_rate = peak;
    e.concurrency = peak * e.mean_upstream;
    e.active_time = w.duration - peak_at;
}

HandlerBound handler_bound(const Config& cfg, const CallEstimate& longest) {
    const RequestConfig& r = cfg.request;
    const HttpClientConfig& h = cfg.http_client;
    HandlerBound b;
    // The first checkout happens at the first statement, before the upstream call. [§3]
    if (r.api_key_queries > 0 || r.session_lookup || r.private_key_queries > 0) b.db_pool_wait = cfg.db_pool.pool_timeout;
    // A per-request client has an empty pool of its own: it never waits for a connection. [§4]
    if (h.mode == HttpClientMode::Shared) b.http_pool_wait = h.pool_timeout;
    b.connect = h.connect_timeout;
    b.streamed = cfg.workload.stream;
    // httpx's read timeout bounds each gap between bytes: non-streamed, the whole generation;
    // streamed, bytes keep flowing until the generation ends. [§4, §7]
    b.read = b.streamed ? std::max(h.read_timeout, longest.upstream) : h.read_timeout;
    b.attempts = h.retry_on_timeout ? h.max_attempts : 1;
    b.backoff = h.retry_backoff * (std::pow(2.0, b.attempts - 1) - 1);
    return b;
}

}  // namespace

std::string HandlerBound::describe() const {
    std::string parts;
    const auto add = [&](double v, const char* what) {
        if (v <= 0) return;
        parts += (parts.empty() ? "" : " + ") + num(v) + " s " + what;
    };
    add(http_pool_wait, "httpx pool");
    add(connect, "connect");
    parts += (parts.empty() ? "" : " + ") + (streamed ? approx(read) : num(read)) + " s " + (streamed ? "streamed generation" : "read");
    std::string out;
    if (db_pool_wait > 0) out += num(db_pool_wait) + " s DB pool wait + ";
    out += counted(attempts, "attempt", "attempts") + " × (" + parts + ")";
    if (backoff > 0) out += " + " + num(backoff) + " s back-off";
    return out + " = " + (streamed ? approx(total()) : num(total())) + " s";
}

LbIdle lb_idle_timeout(const Config& cfg) {
    if (const KeySpec* k = find_key("load_balancer.enabled")) {
        const Value v = k->get(cfg);
        if (const bool* on = std::get_if<bool>(&v); on && !*on) return {false, 0, "no load balancer"};
    }
    if (const KeySpec* k = find_key("load_balancer.idle_timeout")) {
        const Value v = k->get(cfg);
        if (const auto* d = std::get_if<double>(&v)) return {true, *d, "load_balancer.idle_timeout"};
    }
    return {true, kAlbDefaultIdleTimeout, "ALB default"};
}

CallEstimate estimate_call(const UpstreamConfig& u, int input_tokens, int output_tokens) {
    const double factor = finite_mean(u.latency_factor, 1);
    CallEstimate c;
    c.input_tokens = input_tokens;
    c.output_tokens = output_tokens;
    c.ttft = u.network_rtt + finite_mean(u.router_overhead, 0) + (u.ttft_base + input_tokens / u.prefill_tokens_per_s) * factor;
    c.upstream = c.ttft + output_tokens * u.time_per_output_token * factor;
    return c;
}

StackEstimate estimate(const Config& cfg) {
    StackEstimate e(cfg);
    e.calls = workload_calls(cfg);
    double total = 0;
    for (const CallEstimate& c : e.calls) {
        if (c.upstream > e.longest.upstream) e.longest = c;
        if (c.tokens() > e.largest.tokens()) e.largest = c;
        total += c.upstream;
    }
    if (!e.calls.empty()) e.mean_upstream = total / static_cast<double>(e.calls.size());
    if (!e.calls.empty()) {
        // Other kinds (a replayed trace) have no rate to estimate: demand rules stay silent.
        if (cfg.workload.kind == WorkloadKind::Sessions) closed_loop_demand(e);
        if (cfg.workload.kind == WorkloadKind::Open) open_loop_demand(e);
    }
    e.handler = handler_bound(cfg, e.longest);
    return e;
}

}  // namespace gatetune::sim::validation
