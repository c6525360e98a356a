#include "sim/export/bindings.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace gatetune::sim::exporting {
namespace {

std::vector<Binding> make_bindings() {
    using T = Target;
    // Names and flags are gunicorn's (config.py, 20.0–23.0), SQLAlchemy's create_engine keywords
    // (1.4, 2.0) and httpx's (0.23–0.28); docs/MODEL.md §2–§4.
    return {
        {"server.workers", T::GunicornSetting, "workers", "--workers", "-w", "worker processes; each has its own DB pool and httpx client"},
        {"server.worker_class", T::GunicornSetting, "worker_class", "--worker-class", "-k", "what `timeout` means depends on it (MODEL.md §1)"},
        {"server.threads", T::GunicornSetting, "threads", "--threads", "", "requests per gthread worker (other classes ignore it)"},
        {"server.worker_connections", T::GunicornSetting, "worker_connections", "--worker-connections", "", "gthread accept limit (sync and UvicornWorker ignore it)"},
        {"server.timeout", T::GunicornSetting, "timeout", "--timeout", "-t", "heartbeat age that gets a worker killed; 0 disables"},
        {"server.graceful_timeout", T::GunicornSetting, "graceful_timeout", "--graceful-timeout", "", "drain time after a restart signal, not a grace after timeout"},
        {"server.keepalive", T::GunicornSetting, "keepalive", "--keep-alive", "", "idle keep-alive; UvicornWorker passes it as timeout_keep_alive"},
        {"server.backlog", T::GunicornSetting, "backlog", "--backlog", "", "pending connections on the master's listen socket"},
        {"server.max_requests", T::GunicornSetting, "max_requests", "--max-requests", "", "restart a worker after this many requests; 0 never"},
        {"server.max_requests_jitter", T::GunicornSetting, "max_requests_jitter", "--max-requests-jitter", "", "random extra requests before the restart"},
        {"db_pool.pool_size", T::EngineKwarg, "pool_size", "", "", "connections kept open per worker process"},
        {"db_pool.max_overflow", T::EngineKwarg, "max_overflow", "", "", "extra connections opened under load, closed on return"},
        {"db_pool.pool_timeout", T::EngineKwarg, "pool_timeout", "", "", "s a checkout waits before QueuePool limit … timed out"},
        {"db_pool.pool_recycle", T::EngineKwarg, "pool_recycle", "", "", "s before a connection is replaced at checkout; -1 never"},
        {"db_pool.pool_pre_ping", T::EngineKwarg, "pool_pre_ping", "", "", "test each reused connection at checkout"},
        {"db_pool.pool_use_lifo", T::EngineKwarg, "pool_use_lifo", "", "", "reuse the most recently returned connection first"},
        {"http_client.connect_timeout", T::HttpxTimeout, "connect", "", "", "TCP + TLS connect to the upstream"},
        {"http_client.read_timeout", T::HttpxTimeout, "read", "", "", "per gap between bytes; non-streamed, the whole generation"},
        {"http_client.write_timeout", T::HttpxTimeout, "write", "", "", "sending the request body"},
        {"http_client.pool_timeout", T::HttpxTimeout, "pool", "", "", "waiting for a free connection when max_connections are busy"},
        {"http_client.max_connections", T::HttpxLimits, "max_connections", "", "", "connections this worker's client opens at once"},
        {"http_client.max_keepalive_connections", T::HttpxLimits, "max_keepalive_connections", "", "", "idle connections kept for reuse"},
        {"http_client.keepalive_expiry", T::HttpxLimits, "keepalive_expiry", "", "", "s an idle connection is kept"},
        {"http_client.http2", T::HttpxClient, "http2", "", "", "True needs the h2 package: pip install httpx[http2]"},
        {"http_client.max_attempts", T::AppConstant, "UPSTREAM_MAX_ATTEMPTS", "", "", "attempts in total: for attempt in range(UPSTREAM_MAX_ATTEMPTS)"},
        {"http_client.retry_backoff", T::AppConstant, "UPSTREAM_RETRY_BACKOFF", "", "", "s before the second attempt, doubled before each further one"},
        {"http_client.retry_on_timeout", T::AppConstant, "UPSTREAM_RETRY_ON_TIMEOUT", "", "", "retry after an httpx timeout"},
        {"http_client.retry_on_5xx", T::AppConstant, "UPSTREAM_RETRY_ON_5XX", "", "", "retry when the upstream answers 5xx"},
        {"http_client.retry_on_429", T::AppConstant, "UPSTREAM_RETRY_ON_429", "", "", "retry a 429 after its Retry-After"},
        {"http_client.mode", T::ClientLifetime, "mode", "", "", "one client per worker process, created on first use"},
    };
}

}  // namespace

const KeySpec& Binding::spec() const {
    const KeySpec* s = find_key(key);
    if (!s) throw std::logic_error("export binding for unknown preset key " + std::string(key));
    return *s;
}

const std::vector<Binding>& bindings() {
    static const std::vector<Binding> all = make_bindings();
    return all;
}

const Binding* binding_for_key(std::string_view key) {
    for (const Binding& b : bindings()) {
        if (b.key == key) return &b;
    }
    return nullptr;
}

std::vector<const Binding*> exported_bindings(const Config& cfg) {
    std::vector<const Binding*> out;
    for (const Binding& b : bindings()) {
        if (b.target == Target::ClientLifetime && cfg.http_client.mode != HttpClientMode::Shared) continue;
        out.push_back(&b);
    }
    return out;
}

std::string env_variable(const Binding& b) {
    std::string out = "GATETUNE_";
    for (const char c : b.key) out += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string_view gunicorn_worker_class(WorkerClass c) {
    switch (c) {
        case WorkerClass::Sync: return "sync";
        case WorkerClass::Gthread: return "gthread";
        case WorkerClass::Uvicorn: return "uvicorn.workers.UvicornWorker";
    }
    return "sync";
}

std::string python_value(const Binding& b, const Config& cfg) {
    if (b.key == "server.worker_class") {
        // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&&.
        std::string quoted(1, '"');
        quoted.append(gunicorn_worker_class(cfg.server.worker_class)).push_back('"');
        return quoted;
    }
    const Value v = b.spec().get(cfg);
    if (const bool* x = std::get_if<bool>(&v)) return *x ? "True" : "False";
    if (b.target == Target::GunicornSetting && b.spec().type == KeyType::Duration) return gunicorn_argument(b, cfg);
    return format_value(v);  // integers and floats are written alike in TOML and Python
}

std::string gunicorn_argument(const Binding& b, const Config& cfg) {
    if (b.key == "server.worker_class") return std::string(gunicorn_worker_class(cfg.server.worker_class));
    const Value v = b.spec().get(cfg);
    if (const double* d = std::get_if<double>(&v)) return std::to_string(std::llround(*d));
    return format_value(v);
}

std::string env_value(const Binding& b, const Config& cfg) {
    const Value v = b.spec().get(cfg);
    if (const std::string* s = std::get_if<std::string>(&v)) return *s;
    return format_value(v);
}

bool rounded_for_gunicorn(const Binding& b, const Config& cfg) {
    if (b.target != Target::GunicornSetting) return false;
    const Value v = b.spec().get(cfg);
    const double* d = std::get_if<double>(&v);
    return d && *d != std::trunc(*d);
}

}  // namespace gatetune::sim::exporting
