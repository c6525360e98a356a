// Timeouts along the request path: the caller's timeout against the longest the handler can
// run, and httpx's read timeout against the generation it waits for.
#include "sim/validation/estimate.hpp"
#include "sim/validation/rule_groups.hpp"
#include "sim/validation/rule_support.hpp"
#include "sim/validation/wording.hpp"

namespace gatetune::sim::validation {
namespace {

// Each layer should give up before the one in front of it. [§3, §4, O6]
std::vector<RuleHit> client_gives_up_first(const StackEstimate& e) {
    const double client = e.cfg.workload.client_timeout;
    if (e.handler.total() <= client) return {};
    return {{Severity::Warning,
             "the client gives up after client_timeout = " + secs(client) + ", but the handler may run " +
                 e.handler.describe() +
                 ": the client sees a timeout while the gateway keeps working and the upstream keeps generating",
             {"workload.client_timeout", "http_client.read_timeout", "http_client.max_attempts",
              "http_client.pool_timeout", "db_pool.pool_timeout"}}};
}

// httpx's read timeout is per gap, and a non-streamed completion has one gap: the generation. [§4, §7]
std::vector<RuleHit> read_timeout_below_generation(const StackEstimate& e) {
    const double read = e.cfg.http_client.read_timeout;
    if (e.calls.empty()) return {};
    if (e.cfg.workload.stream) {
        CallEstimate slowest_first;
        for (const CallEstimate& c : e.calls) {
            if (c.ttft > slowest_first.ttft) slowest_first = c;
        }
        if (slowest_first.ttft <= read) return {};
        return {{Severity::Error,
                 "the first token of the call " + call_tokens(slowest_first) + " arrives after " +
                     approx_secs(slowest_first.ttft) + " unloaded, later than the httpx read timeout " + secs(read) +
                     ": it ends in ReadTimeout on every attempt",
                 {"http_client.read_timeout"}}};
    }
    if (e.longest.upstream <= read) return {};
    return {{Severity::Error,
             "the longest non-streamed call " + call_tokens(e.longest) + " takes " + approx_secs(e.longest.upstream) +
                 " unloaded, longer than the httpx read timeout " + secs(read) + ": it ends in ReadTimeout on every attempt",
             {"http_client.read_timeout"}}};
}

}  // namespace

std::vector<Rule> timeout_path_rules() {
    return {
        {"GT030", "client-gives-up-before-handler",
         "Each layer should give up before the layer in front of it, so that the caller gets the gateway's "
         "error instead of its own timeout. httpx has no total deadline, so the handler's worst case is the sum "
         "of its waits: the DB pool wait, then per attempt the httpx pool wait, the connect and the read "
         "timeout, plus back-off. Work the client abandoned is not cancelled upstream.",
         "MODEL.md §3, §4, §9 O6", client_gives_up_first},
        {"GT031", "read-timeout-below-generation",
         "httpx applies the read timeout to every socket read, including the wait for the response headers. A "
         "non-streamed completion sends its first byte only when generation ends, so the read timeout must "
         "exceed the whole upstream latency; streamed, it must exceed the time to first token and every gap. "
         "Retrying the same call cannot succeed.",
         "MODEL.md §4, §7", read_timeout_below_generation},
    };
}

}  // namespace gatetune::sim::validation
