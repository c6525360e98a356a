// The load balancer in front of gunicorn (AWS ALB): its idle timeout against the server's
// keep-alive, the calls that send no byte for a long time, and the pool waits.
#include "sim/validation/estimate.hpp"
#include "sim/validation/rule_groups.hpp"
#include "sim/validation/rule_support.hpp"
#include "sim/validation/wording.hpp"

namespace gatetune::sim::validation {
namespace {

// The server must not close an idle connection the ALB may reuse. [§2, §5]
std::vector<RuleHit> keepalive_below_lb_idle(const StackEstimate& e) {
    const ServerConfig& s = e.cfg.server;
    const WorkerClass wc = effective_worker_class(s);
    if (!e.lb.present) return {};
    // sync answers with Connection: close, so the ALB never reuses its connections.
    if (wc == WorkerClass::Sync || s.keepalive >= e.lb.seconds) return {};
    const std::string how = wc == WorkerClass::Uvicorn ? " (passed to uvicorn as timeout_keep_alive)" : "";
    return {{Severity::Warning,
             "keepalive = " + secs(s.keepalive) + how + " is shorter than " + lb_idle_phrase(e.lb) +
                 ": the server closes idle connections the ALB may be reusing at that instant → sporadic 502",
             {"server.keepalive"}}};
}

// UvicornWorker passes timeout_keep_alive=cfg.keepalive. [§2]
std::vector<RuleHit> gunicorn_keepalive_overrides_uvicorn(const StackEstimate& e) {
    const ServerConfig& s = e.cfg.server;
    if (s.worker_class != WorkerClass::Uvicorn) return {};
    return {{Severity::Info,
             "under UvicornWorker uvicorn's keep-alive is gunicorn's keepalive = " + secs(s.keepalive) +
                 ", not uvicorn's own default of 5 s nor a --timeout-keep-alive given to uvicorn",
             {"server.keepalive"}}};
}

// No byte for longer than the idle timeout: the ALB answers 504. [§5, §7]
std::vector<RuleHit> call_outlasts_lb_idle(const StackEstimate& e) {
    if (!e.lb.present || e.calls.empty()) return {};
    const bool stream = e.cfg.workload.stream;
    const double silent = stream ? e.longest.ttft : e.longest.upstream;
    if (silent <= e.lb.seconds) return {};
    const std::string what = stream ? "sends its first token after " : "sends nothing for ";
    return {{Severity::Error,
             "the call " + call_tokens(e.longest) + " " + what + approx_secs(silent) + " unloaded, longer than " +
                 lb_idle_phrase(e.lb) + ": the client gets 504 while the gateway keeps working",
             {"workload.stream"}}};
}

// The handler's worst case beyond the idle timeout turns the gateway's errors into ALB 504s. [§5]
std::vector<RuleHit> handler_bound_beyond_lb_idle(const StackEstimate& e) {
    if (!e.lb.present || e.cfg.workload.stream || e.handler.total() <= e.lb.seconds) return {};
    if (!e.calls.empty() && e.longest.upstream > e.lb.seconds) return {};  // GT042 already says worse
    return {{Severity::Warning,
             "a request may run " + e.handler.describe() + " before the gateway answers, longer than " +
                 lb_idle_phrase(e.lb) + ": slow upstreams and pool waits end as ALB 504 instead of the gateway's error",
             {"http_client.read_timeout", "http_client.max_attempts", "http_client.pool_timeout", "db_pool.pool_timeout"}}};
}

// The client sees 504 before the app sees the pool error. [§3, §4, §5]
std::vector<RuleHit> pool_timeout_beyond_lb_idle(const StackEstimate& e) {
    std::vector<RuleHit> out;
    if (!e.lb.present) return out;
    if (e.handler.db_pool_wait > e.lb.seconds) {
        out.push_back({Severity::Warning,
                       "db_pool.pool_timeout = " + secs(e.handler.db_pool_wait) + " is longer than " + lb_idle_phrase(e.lb) +
                           ": the client gets 504 before the app sees `QueuePool limit … connection timed out`",
                       {"db_pool.pool_timeout"}});
    }
    if (e.handler.http_pool_wait > e.lb.seconds) {
        out.push_back({Severity::Warning,
                       "http_client.pool_timeout = " + secs(e.handler.http_pool_wait) + " is longer than " +
                           lb_idle_phrase(e.lb) + ": the client gets 504 before the app sees httpx.PoolTimeout",
                       {"http_client.pool_timeout"}});
    }
    return out;
}

constexpr std::string_view kLbRef = "MODEL.md §5";

}  // namespace

std::vector<Rule> load_balancer_rules() {
    return {
        {"GT040", "keepalive-below-lb-idle",
         "AWS recommends an application idle timeout longer than the load balancer's: when the target closes "
         "an idle keep-alive connection just as the ALB sends a request on it, the ALB answers 502 (\"The "
         "target closed the connection … while the load balancer had an outstanding request\"). gunicorn's "
         "default keepalive is 2 s against the ALB's 60 s.",
         "MODEL.md §2, §5", keepalive_below_lb_idle},
        {"GT041", "gunicorn-keepalive-overrides-uvicorn",
         "UvicornWorker passes timeout_keep_alive=cfg.keepalive to uvicorn, so under gunicorn the keep-alive "
         "is gunicorn's keepalive (default 2 s), not uvicorn's own default of 5 s or a value given to uvicorn "
         "directly.",
         "MODEL.md §2", gunicorn_keepalive_overrides_uvicorn},
        {"GT042", "call-outlasts-lb-idle",
         "The ALB closes the front-end connection when the target sends no byte for its idle timeout, and the "
         "client gets 504 while the app is still working (and later writes into a dead connection). A "
         "non-streamed completion sends nothing until generation ends; a streamed one nothing before the "
         "first token.",
         kLbRef, call_outlasts_lb_idle},
        {"GT043", "handler-bound-beyond-lb-idle",
         "When a non-streamed request can legally run longer than the load balancer's idle timeout, its slow "
         "cases end as ALB 504 without the gateway's error body, and the gateway's own timeouts, retries and "
         "error handling never reach the client.",
         kLbRef, handler_bound_beyond_lb_idle},
        {"GT044", "pool-timeout-beyond-lb-idle",
         "A request waiting for a pooled connection sends nothing. When the pool timeout is longer than the "
         "load balancer's idle timeout the client gets 504 first, and the app's pool error — the signal that "
         "names the real bottleneck — is never seen by the caller.",
         kLbRef, pool_timeout_beyond_lb_idle},
    };
}

}  // namespace gatetune::sim::validation
