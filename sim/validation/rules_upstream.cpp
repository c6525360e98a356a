// The upstream's limits against the workload's demand: requests and tokens per minute, generation
// slots, and retries that multiply the load on a saturated upstream.
#include "sim/validation/estimate.hpp"
#include "sim/validation/rule_groups.hpp"
#include "sim/validation/rule_support.hpp"
#include "sim/validation/wording.hpp"

namespace gatetune::sim::validation {
namespace {

// A per-minute limit starts with a full minute's budget and refills at the limit's rate, so a
// demand d > limit empties it after limit / (d − limit) minutes. [engine/token_bucket.hpp]
double seconds_until_empty(double demand_per_min, double limit_per_min) {
    return 60 * limit_per_min / (demand_per_min - limit_per_min);
}

std::string demand_phrase(const StackEstimate& e) {
    return e.cfg.workload.kind == WorkloadKind::Sessions
               ? counted(e.cfg.workload.users, "user", "users") + " in a closed loop"
               : "open-loop arrivals at " + num(e.request_rate) + "/s";
}

std::vector<RuleHit> rpm_below_demand(const StackEstimate& e) {
    const int rpm = e.cfg.upstream.rpm;
    const double demand = e.requests_per_minute();
    if (rpm <= 0 || demand <= rpm) return {};
    const double empty_after = seconds_until_empty(demand, rpm);
    if (empty_after >= e.active_time) return {};
    return {{Severity::Error,
             demand_phrase(e) + " send ≈ " + approx(demand) + " requests/min, above upstream.rpm = " + std::to_string(rpm) +
                 ": the minute's budget runs out after " + approx_secs(empty_after) + " and the upstream answers 429",
             {"upstream.rpm"}}};
}

std::vector<RuleHit> tpm_below_demand(const StackEstimate& e) {
    const int tpm = e.cfg.upstream.tpm;
    if (tpm <= 0) return {};
    if (e.largest.tokens() > tpm) {
        return {{Severity::Error,
                 "the call " + call_tokens(e.largest) + " alone needs more than upstream.tpm = " + std::to_string(tpm) +
                     ": it is answered 429 every time",
                 {"upstream.tpm"}}};
    }
    const double demand = e.tokens_per_minute();
    if (demand <= tpm) return {};
    const double empty_after = seconds_until_empty(demand, tpm);
    if (empty_after >= e.active_time) return {};
    return {{Severity::Error,
             demand_phrase(e) + " need ≈ " + approx(demand) + " tokens/min (prompt + output), above upstream.tpm = " +
                 std::to_string(tpm) + ": the minute's budget runs out after " + approx_secs(empty_after) +
                 " and the upstream answers 429",
             {"upstream.tpm"}}};
}

// Abandoned attempts keep their slot (O6): retries add load exactly when the upstream is full.
std::vector<RuleHit> retries_multiply_load(const StackEstimate& e) {
    const HttpClientConfig& h = e.cfg.http_client;
    const UpstreamConfig& u = e.cfg.upstream;
    if (u.slot_count <= 0 || h.max_attempts <= 1 || !h.retry_on_timeout || u.cancel_on_disconnect) return {};
    const bool saturated = e.concurrency > u.slot_count;
    const bool hopeless = !e.cfg.workload.stream && e.longest.upstream > h.read_timeout;
    const std::string base = std::to_string(h.max_attempts) + " attempts per request on an upstream with " +
                             counted(u.slot_count, "slot", "slots") + ": a timed-out attempt keeps its slot for its whole generation";
    const std::vector<std::string> keys{"http_client.max_attempts", "http_client.read_timeout", "upstream.slots"};
    if (saturated || hopeless) {
        const std::string why = saturated ? "the workload alone keeps ≈ " + approx(e.concurrency) + " generations in flight"
                                          : "the longest call takes " + approx_secs(e.longest.upstream) +
                                                " against a read timeout of " + secs(h.read_timeout);
        return {{Severity::Error, base + ", and " + why + ": retries pile up to " + std::to_string(h.max_attempts) +
                                      "× the load and nearly every call times out", keys}};
    }
    return {{Severity::Warning, base + ": once the upstream saturates, retries multiply its load by up to " +
                                    std::to_string(h.max_attempts) + "×", keys}};
}

std::vector<RuleHit> slots_saturated(const StackEstimate& e) {
    const UpstreamConfig& u = e.cfg.upstream;
    if (u.slot_count <= 0 || e.concurrency <= u.slot_count) return {};
    const std::string queue = u.max_queue > 0 ? "beyond max_queue = " + std::to_string(u.max_queue) + " it rejects them"
                                              : "latency grows with the queue";
    return {{Severity::Warning,
             demand_phrase(e) + " keep ≈ " + approx(e.concurrency) + " generations in flight (unloaded), but upstream.slots = " +
                 std::to_string(u.slot_count) + ": requests queue for a slot and " + queue,
             {"upstream.slots"}}};
}

}  // namespace

std::vector<Rule> upstream_rules() {
    return {
        {"GT060", "rpm-below-demand",
         "The provider accepts a number of requests per minute and answers 429 beyond it; the gateway turns "
         "that into 500 unless it passes upstream statuses through. A burst up to one minute's budget passes, "
         "so the limit bites once demand stays above it for longer than the budget lasts.",
         "MODEL.md §8 (provider capacity; the limit itself is a preset parameter)", rpm_below_demand},
        {"GT061", "tpm-below-demand",
         "The provider counts prompt + requested output tokens per minute and answers 429 beyond the budget. "
         "Token demand grows with prompt size, not request count: a few large calls can exhaust it (the "
         "incident's 500s after the third call match a 7,000-token budget).",
         "MODEL.md §8 (provider capacity; the limit itself is a preset parameter)", tpm_below_demand},
        {"GT062", "retries-multiply-upstream-load",
         "An abandoned upstream request is not cancelled: the proxy router keeps generating and holds its slot. "
         "Every retry after a timeout therefore adds a generation to a slot-limited upstream exactly when it "
         "is already too slow, and after the first wave nearly every call times out.",
         "MODEL.md §8, §9 O6", retries_multiply_load},
        {"GT063", "upstream-slots-saturated",
         "A slot-limited upstream (proxy-router ConcurrentSlots) runs that many generations at once; the rest "
         "queue. By Little's law the workload keeps rate × service time generations in flight; above the slot "
         "count the queue, and every request's latency, grows.",
         "MODEL.md §8", slots_saturated},
    };
}

}  // namespace gatetune::sim::validation
