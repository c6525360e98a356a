// What gunicorn's `timeout` does for the configured worker class: under sync it kills any longer
// request; under UvicornWorker and gthread it only catches a stalled heartbeat.

#include "sim/validation/estimate.hpp"
#include "sim/validation/rule_groups.hpp"
#include "sim/validation/rule_support.hpp"
#include "sim/validation/wording.hpp"

namespace gatetune::sim::validation {
namespace {

constexpr double kDefaultTimeout = 30;  // gunicorn's default [§1]

// sync heartbeats only between requests. [§1, O3]
std::vector<RuleHit> sync_timeout_kills(const StackEstimate& e) {
    const ServerConfig& s = e.cfg.server;
    if (effective_worker_class(s) != WorkerClass::Sync || s.timeout <= 0) return {};
    const std::vector<std::string> keys{"server.timeout", "server.worker_class"};
    if (e.longest.upstream > s.timeout) {
        return {{Severity::Error,
                 "sync workers are killed by any request longer than timeout = " + secs(s.timeout) +
                     ", and the longest call " + call_tokens(e.longest) + " takes " + approx_secs(e.longest.upstream) +
                     " unloaded",
                 keys}};
    }
    if (e.handler.total() > s.timeout) {
        return {{Severity::Warning,
                 "a request may run " + e.handler.describe() + " before httpx gives up, longer than timeout = " +
                     secs(s.timeout) + ": a slow upstream or a pool wait gets the sync worker killed with the request",
                 keys}};
    }
    return {};
}

// Under UvicornWorker and gthread, raising timeout does not let requests run longer. [§1]
std::vector<RuleHit> timeout_does_not_bound_requests(const StackEstimate& e) {
    const ServerConfig& s = e.cfg.server;
    const WorkerClass wc = effective_worker_class(s);
    if (wc == WorkerClass::Sync) return {};
    const std::string stall = wc == WorkerClass::Uvicorn ? "a blocked event loop" : "a stalled main thread";
    if (s.timeout == 0) {
        return {{Severity::Warning,
                 "timeout = 0 disables the heartbeat check: under " + worker_class_phrase(wc) + " " + stall +
                     " then hangs its worker and every request on it for good",
                 {"server.timeout"}}};
    }
    if (s.timeout > kDefaultTimeout) {
        return {{Severity::Warning,
                 "timeout = " + secs(s.timeout) + " does not bound request time under " + worker_class_phrase(wc) +
                     "; it only lets " + stall + " hang for ≈ " + num(s.timeout / 2) + "–" + num(s.timeout) +
                     " s before the worker is killed",
                 {"server.timeout"}}};
    }
    return {};
}

// A blocking call on the loop starves uvicorn's heartbeat coroutine. [§1, O3]
std::vector<RuleHit> blocked_loop_kills(const StackEstimate& e) {
    const ServerConfig& s = e.cfg.server;
    const RequestConfig& r = e.cfg.request;
    if (effective_worker_class(s) != WorkerClass::Uvicorn || s.timeout <= 0 || r.blocking_probability <= 0) return {};
    const double block = r.blocking_call.mean();
    if (!(block > s.timeout / 2)) return {};
    const std::string what = num(r.blocking_probability * 100) + " % of requests block the event loop for " +
                             approx_secs(block) + " (request.blocking_call, mean)";
    const std::vector<std::string> keys{"request.blocking_call", "server.timeout"};
    if (block >= s.timeout) {
        return {{Severity::Error,
                 what + ", longer than timeout = " + secs(s.timeout) +
                     ": the arbiter kills the worker with every request in flight on it",
                 keys}};
    }
    return {{Severity::Warning,
             what + ", more than timeout/2 = " + num(s.timeout / 2) +
                 " s: whether the worker is killed depends on when its last heartbeat was",
             keys}};
}

}  // namespace

std::vector<Rule> worker_timeout_rules() {
    return {
        {"GT010", "sync-timeout-kills-requests",
         "A sync worker heartbeats only in its accept loop, never while it handles a request, so the arbiter "
         "kills it (SIGABRT, then SIGKILL) when a single request — even one only waiting on the upstream — "
         "lasts longer than timeout. The request is lost, a replacement boots, and queued requests can die "
         "one after another.",
         "MODEL.md §1, §9 O3", sync_timeout_kills},
        {"GT011", "timeout-does-not-bound-requests",
         "Under uvicorn.workers.UvicornWorker the heartbeat is a coroutine on the event loop, and gthread "
         "heartbeats from its main thread; a long awaited upstream call never trips timeout. gunicorn's docs: "
         "for non-sync workers it \"is not tied to the length of time required to handle a single request\". "
         "Raising it does not help long LLM calls; it only delays the recovery from a truly stuck worker.",
         "MODEL.md §1", timeout_does_not_bound_requests},
        {"GT012", "blocked-loop-kills-worker",
         "Synchronous work on the event loop (a sync driver, time.sleep, heavy CPU) stops uvicorn's heartbeat. "
         "After between timeout/2 and timeout without a notify the arbiter sends SIGABRT, which UvicornWorker "
         "leaves at its default action: the process dies at once and every request in flight on it is lost "
         "(the load balancer answers 502).",
         "MODEL.md §1, §9 O3", blocked_loop_kills},
    };
}

}  // namespace gatetune::sim::validation
