// gunicorn settings that do not do what their name, a comment or common belief says.
#include <cmath>

#include "sim/validation/estimate.hpp"
#include "sim/validation/rule_groups.hpp"
#include "sim/validation/rule_support.hpp"
#include "sim/validation/wording.hpp"

namespace gatetune::sim::validation {
namespace {

// graceful_timeout is the drain after a restart signal, not a grace after timeout. [§1, §2]
std::vector<RuleHit> graceful_timeout_misread(const StackEstimate& e) {
    const ServerConfig& s = e.cfg.server;
    if (s.timeout <= 0 || s.graceful_timeout <= s.timeout || s.graceful_timeout == ServerConfig{}.graceful_timeout) return {};
    return {{Severity::Warning,
             "graceful_timeout = " + secs(s.graceful_timeout) + " is longer than timeout = " + secs(s.timeout) +
                 ", as if it were a grace period after timeout; it is only the drain time after a restart or "
                 "shutdown signal — a worker killed by timeout gets no grace at all",
             {"server.graceful_timeout"}}};
}

// A UvicornWorker draining after max_requests stops heartbeating. [§1, §2]
std::vector<RuleHit> max_requests_restart_kills(const StackEstimate& e) {
    const ServerConfig& s = e.cfg.server;
    if (effective_worker_class(s) != WorkerClass::Uvicorn || s.max_requests <= 0 || s.timeout <= 0) return {};
    if (e.longest.upstream <= s.timeout) return {};
    return {{Severity::Warning,
             "max_requests = " + std::to_string(s.max_requests) +
                 ": a UvicornWorker draining for its restart no longer heartbeats, so calls still running after "
                 "timeout = " + secs(s.timeout) + " are killed — the longest call " + call_tokens(e.longest) +
                 " takes " + approx_secs(e.longest.upstream),
             {"server.max_requests", "server.timeout"}}};
}

// Settings the configured worker class never reads. [§2]
std::vector<RuleHit> ignored_by_worker_class(const StackEstimate& e) {
    const ServerConfig& s = e.cfg.server;
    const ServerConfig defaults;
    std::vector<RuleHit> out;
    if (s.worker_class == WorkerClass::Sync && s.threads > 1) {
        out.push_back({Severity::Warning,
                       "threads = " + std::to_string(s.threads) +
                           " with worker_class = sync: gunicorn silently runs gthread workers instead",
                       {"server.threads", "server.worker_class"}});
    }
    if (s.worker_class == WorkerClass::Uvicorn && s.threads != defaults.threads) {
        out.push_back({Severity::Warning,
                       "threads = " + std::to_string(s.threads) + " has no effect: UvicornWorker runs one event loop",
                       {"server.threads"}});
    }
    if (effective_worker_class(s) != WorkerClass::Gthread && s.worker_connections != defaults.worker_connections) {
        out.push_back({Severity::Warning,
                       "worker_connections = " + std::to_string(s.worker_connections) + " has no effect under " +
                           worker_class_phrase(effective_worker_class(s)) + " (it only affects gthread, eventlet and gevent)",
                       {"server.worker_connections"}});
    }
    if (effective_worker_class(s) == WorkerClass::Sync && s.keepalive != defaults.keepalive) {
        out.push_back({Severity::Warning,
                       "keepalive = " + secs(s.keepalive) + " has no effect: sync workers close every connection after its response",
                       {"server.keepalive"}});
    }
    if (s.worker_class != WorkerClass::Uvicorn && s.limit_concurrency > 0) {
        out.push_back({Severity::Warning,
                       "limit_concurrency = " + std::to_string(s.limit_concurrency) + " is a uvicorn setting; " +
                           worker_class_phrase(effective_worker_class(s)) + " ignore it",
                       {"server.limit_concurrency"}});
    }
    return out;
}

// gunicorn declares these settings `type = int` with validate_pos_int. [gunicorn config.py]
std::vector<RuleHit> whole_seconds(const StackEstimate& e) {
    const ServerConfig& s = e.cfg.server;
    std::vector<RuleHit> out;
    const auto check = [&](double v, const char* key, const char* flag) {
        if (v == std::trunc(v)) return;
        out.push_back({Severity::Error,
                       std::string(key) + " = " + secs(v) + ", but gunicorn takes whole seconds: `" + flag + " " + num(v) +
                           "` is rejected when gunicorn reads its configuration",
                       {key}});
    };
    check(s.timeout, "server.timeout", "--timeout");
    check(s.graceful_timeout, "server.graceful_timeout", "--graceful-timeout");
    check(s.keepalive, "server.keepalive", "--keep-alive");
    return out;
}

// UvicornWorker never passes limit_concurrency to uvicorn. [§2]
std::vector<RuleHit> limit_concurrency_needs_subclass(const StackEstimate& e) {
    const ServerConfig& s = e.cfg.server;
    if (s.worker_class != WorkerClass::Uvicorn || s.limit_concurrency <= 0) return {};
    return {{Severity::Warning,
             "limit_concurrency = " + std::to_string(s.limit_concurrency) +
                 " cannot be set through gunicorn: UvicornWorker needs a subclass with CONFIG_KWARGS = "
                 "{\"limit_concurrency\": " + std::to_string(s.limit_concurrency) + "}, which gatetune export does not write",
             {"server.limit_concurrency"}}};
}

}  // namespace

std::vector<Rule> gunicorn_setting_rules() {
    return {
        {"GT020", "graceful-timeout-is-not-a-grace-after-timeout",
         "gunicorn's graceful_timeout is how long workers may finish in-flight requests after a restart or "
         "shutdown signal before SIGKILL (Arbiter.stop). It does not extend `timeout`: a worker whose heartbeat "
         "is older than timeout gets SIGABRT at once. Under UvicornWorker a draining worker stops heartbeating, "
         "so on max_requests restarts it is `timeout`, not graceful_timeout, that ends long requests.",
         "MODEL.md §1, §2", graceful_timeout_misread},
        {"GT021", "max-requests-restart-kills-long-requests",
         "After max_requests (+ jitter) a UvicornWorker leaves its main loop and waits for its in-flight "
         "requests with no timeout_graceful_shutdown. No heartbeat is sent meanwhile, so the arbiter kills it "
         "about `timeout` after its last notify, together with the requests still running.",
         "MODEL.md §1, §2", max_requests_restart_kills},
        {"GT022", "setting-ignored-by-worker-class",
         "Some gunicorn settings apply to some worker classes only: `threads` to gthread (a sync worker with "
         "threads > 1 is run as gthread), `worker_connections` to gthread, eventlet and gevent (UvicornWorker "
         "does not pass it to uvicorn), `keepalive` not to sync, which closes every connection after its "
         "response; `limit_concurrency` exists only in uvicorn.",
         "MODEL.md §2", ignored_by_worker_class},
        {"GT023", "gunicorn-takes-whole-seconds",
         "gunicorn declares timeout, graceful_timeout and keepalive as integers (validate_pos_int, "
         "gunicorn/config.py in 20.x–23.x), so a fractional value fails when gunicorn parses its command line "
         "or configuration file. The simulation accepts fractions; the real server does not.",
         "MODEL.md §2; gunicorn@23.0.0:gunicorn/config.py validate_pos_int", whole_seconds},
        {"GT024", "limit-concurrency-needs-worker-subclass",
         "UvicornWorker builds uvicorn's Config from gunicorn settings (keepalive, max_requests, backlog, "
         "timeout) plus its class attribute CONFIG_KWARGS; it never passes limit_concurrency. The only way to "
         "set it is a UvicornWorker subclass that adds it to CONFIG_KWARGS, named with -k.",
         "MODEL.md §2; uvicorn@0.30.0:uvicorn/workers.py UvicornWorker.__init__", limit_concurrency_needs_subclass},
    };
}

}  // namespace gatetune::sim::validation
