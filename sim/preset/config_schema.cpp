// The key table itself. Each entry documents the real component's behaviour (docs/MODEL.md section
// in model_ref) — this text is what presets/README.md, `gatetune keys` and the GUI show, so it
// says what the setting does in gunicorn/uvicorn/SQLAlchemy/httpx/PostgreSQL, not in the model.
#include "sim/preset/config_schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>

#include "sim/outcome.hpp"

namespace gatetune::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMaxSeconds = 1e6;    // ≈ 11.6 days: beyond any timeout worth simulating
constexpr double kMaxCount = 1e6;
constexpr double kMaxTokens = 1e7;
constexpr double kInt32Max = 2147483647;
constexpr double kInt64Max = 9223372036854775807.0;

// ---- Value ↔ field conversion, so each table entry names its field once --------------------

double as_double(const Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return std::get<double>(v);
}

template <class E>
struct EnumNames;
template <>
struct EnumNames<WorkerClass> {
    static constexpr WorkerClass values[] = {WorkerClass::Sync, WorkerClass::Gthread, WorkerClass::Uvicorn};
};
template <>
struct EnumNames<DbHolding> {
    static constexpr DbHolding values[] = {DbHolding::PerRequest, DbHolding::PerQuery};
};
template <>
struct EnumNames<HttpClientMode> {
    static constexpr HttpClientMode values[] = {HttpClientMode::PerRequest, HttpClientMode::Shared};
};
template <>
struct EnumNames<RestartSignal> {
    static constexpr RestartSignal values[] = {RestartSignal::Term, RestartSignal::Hup};
};
template <>
struct EnumNames<RateWindow> {
    static constexpr RateWindow values[] = {RateWindow::TokenBucket, RateWindow::Rolling, RateWindow::Fixed};
};
template <>
struct EnumNames<TokenCount> {
    static constexpr TokenCount values[] = {TokenCount::Requested, TokenCount::Served};
};
template <>
struct EnumNames<LeakReclaim> {
    static constexpr LeakReclaim values[] = {LeakReclaim::Gc, LeakReclaim::Never};
};
template <>
struct EnumNames<WorkloadKind> {
    static constexpr WorkloadKind values[] = {WorkloadKind::Sessions, WorkloadKind::Open, WorkloadKind::Trace};
};

template <class E>
std::vector<std::string_view> enum_spellings() {
    std::vector<std::string_view> out;
    for (const E e : EnumNames<E>::values) out.emplace_back(to_string(e));
    return out;
}

Value to_value(int v) { return std::int64_t{v}; }
Value to_value(std::uint64_t v) { return static_cast<std::int64_t>(v); }
Value to_value(double v) { return v; }
Value to_value(bool v) { return v; }
Value to_value(const std::string& v) { return v; }
Value to_value(const Distribution& v) { return v; }
Value to_value(const std::vector<CallSpec>& v) { return v; }
Value to_value(const std::vector<RateStep>& v) { return v; }
Value to_value(const CauseRates& v) { return v; }
Value to_value(const std::vector<FaultWindow>& v) { return v; }
template <class E>
    requires std::is_enum_v<E>
Value to_value(E v) {
    return std::string(to_string(v));
}
template <class T>
Value to_value(const std::optional<T>& v) {
    return v ? to_value(*v) : Value{};
}

void from_value(const Value& v, int& f) { f = static_cast<int>(std::get<std::int64_t>(v)); }
void from_value(const Value& v, std::uint64_t& f) { f = static_cast<std::uint64_t>(std::get<std::int64_t>(v)); }
void from_value(const Value& v, double& f) { f = as_double(v); }
void from_value(const Value& v, bool& f) { f = std::get<bool>(v); }
void from_value(const Value& v, std::string& f) { f = std::get<std::string>(v); }
void from_value(const Value& v, Distribution& f) { f = std::get<Distribution>(v); }
void from_value(const Value& v, std::vector<CallSpec>& f) { f = std::get<std::vector<CallSpec>>(v); }
void from_value(const Value& v, std::vector<RateStep>& f) { f = std::get<std::vector<RateStep>>(v); }
void from_value(const Value& v, std::vector<FaultWindow>& f) { f = std::get<std::vector<FaultWindow>>(v); }
void from_value(const Value& v, CauseRates& f) {
    // Kept sorted by cause name: TOML tables are unordered, so this is the only order that
    // survives a write/parse round trip.
    f = std::get<CauseRates>(v);
    std::sort(f.begin(), f.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}
template <class E>
    requires std::is_enum_v<E>
void from_value(const Value& v, E& f) {
    const auto& s = std::get<std::string>(v);
    for (const E e : EnumNames<E>::values) {
        if (s == to_string(e)) f = e;
    }
}
template <class T>
void from_value(const Value& v, std::optional<T>& f) {
    if (std::holds_alternative<std::monostate>(v)) {
        f.reset();
    } else {
        T t{};
        from_value(v, t);
        f = std::move(t);
    }
}

template <auto Table, auto Field>
KeyAccess field() {
    return {[](const Config& c) -> Value { return to_value((c.*Table).*Field); },
            [](Config& c, const Value& v) { from_value(v, (c.*Table).*Field); }};
}
template <auto Field>
KeyAccess top_field() {
    return {[](const Config& c) -> Value { return to_value(c.*Field); },
            [](Config& c, const Value& v) { from_value(v, c.*Field); }};
}

// httpx.Timeout(x): one number for all four phases. Reads back only when they agree.
KeyAccess http_timeout_all() {
    return {[](const Config& c) -> Value {
                const auto& h = c.http_client;
                if (h.connect_timeout == h.read_timeout && h.read_timeout == h.write_timeout &&
                    h.write_timeout == h.pool_timeout) {
                    return h.connect_timeout;
                }
                return {};
            },
            [](Config& c, const Value& v) {
                auto& h = c.http_client;
                h.connect_timeout = h.read_timeout = h.write_timeout = h.pool_timeout = as_double(v);
            }};
}

// ---- the tables -----------------------------------------------------------------------------

std::vector<TableSpec> make_tables() {
    return {
        {"server", "gunicorn master and workers, and what UvicornWorker passes to uvicorn", "§1, §2"},
        {"request", "the FastAPI handler's request path (CPU, DB statements, error handling)",
         "§3, §9"},
        {"db_pool", "SQLAlchemy create_async_engine / AsyncAdaptedQueuePool, one per worker process",
         "§3"},
        {"db_server", "PostgreSQL", "§6"},
        {"http_client", "httpx.AsyncClient to the upstream and the app's retry loop", "§4"},
        {"upstream", "the proxy router and the LLM behind it", "§7, §8"},
        {"workload", "who calls the gateway and how (closed-loop sessions, open-loop arrivals or a replayed trace)",
         "reference-runs README"},
        {"load_balancer", "an AWS Application Load Balancer in front of gunicorn (optional)", "§5"},
        {"rate_limiter",
         "the gateway's own rate limiter (incident report §5: no queuing or throttling): per-API-key "
         "buckets and a concurrency cap answering 429",
         ""},
        {"faults", "scheduled incidents: [start, end, value] windows of simulated time", ""},
        {"slo", "expectations checked after a run; unset keys are not checked", ""},
        {"simulation", "run control", ""},
        {"deployment", "copies of the service", "§3, §6"},
    };
}

using C = Config;

// Each entry names only the fields that matter for it; the rest keep KeySpec's defaults on
// purpose. GCC 12 warns about every omitted designated member, which would bury real warnings.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
std::vector<KeySpec> make_schema() {
    std::vector<KeySpec> s;
    // clang-format off
    // ---- top level
    s.push_back({.key = "name", .type = KeyType::String,
        .doc = "Preset name shown in reports. Defaults to the file name without its extension.",
        .access = top_field<&C::name>()});
    s.push_back({.key = "description", .type = KeyType::String,
        .doc = "Free text: what the preset sets up and what it is expected to show.",
        .access = top_field<&C::description>()});

    // ---- [server]
    s.push_back({.key = "server.workers", .type = KeyType::Int, .unit = "processes", .min = 1, .max = 1024,
        .doc = "gunicorn `--workers`: worker processes forked by the master (gunicorn's default is "
               "`WEB_CONCURRENCY` or 1). Each worker has its own event loop, its own SQLAlchemy pool and "
               "its own httpx client. The listen socket belongs to the master and is shared, so "
               "connections wait in the backlog while no worker accepts.",
        .model_ref = "§2", .access = field<&C::server, &ServerConfig::workers>()});
    s.push_back({.key = "server.cpus", .type = KeyType::Int, .unit = "cores", .min = 0, .max = 1024,
        .doc = "CPU cores the worker processes share (0 = one per worker: their CPU never waits). With "
               "fewer cores than workers — a small VM, a container's CPU limit, or a host shared with the "
               "database and the load generator — a worker with work to do waits for a core, and a loop "
               "waiting for a core accepts nothing, so the loops that hold the cores take the backlog's "
               "connections in batches (docs/MODEL.md O7, O8).",
        .model_ref = "O8", .access = field<&C::server, &ServerConfig::cpus>()});
    s.push_back({.key = "server.worker_class", .type = KeyType::Enum,
        .allowed = enum_spellings<WorkerClass>(),
        .aliases = {{"uvicorn.workers.UvicornWorker", "uvicorn"}},
        .doc = "gunicorn `--worker-class`. `sync` serves one request at a time, heartbeats only between "
               "requests (so any request longer than `timeout`, even one only awaiting the upstream, gets "
               "the worker killed) and never keeps connections alive. `gthread` serves `threads` requests "
               "in threads while the main thread heartbeats, so long requests are not killed. `uvicorn` "
               "(`uvicorn.workers.UvicornWorker`, accepted as an alias) runs an asyncio loop with no "
               "concurrency bound; its heartbeat is a coroutine on that loop, so only a blocked loop trips "
               "`timeout`, and SIGABRT then kills the process with every request in flight.",
        .model_ref = "§1", .access = field<&C::server, &ServerConfig::worker_class>()});
    s.push_back({.key = "server.threads", .type = KeyType::Int, .unit = "threads", .min = 1, .max = 10000,
        .doc = "gunicorn `--threads`: requests a gthread worker serves at once. Only gthread uses it "
               "(real gunicorn silently turns the default sync class into gthread when threads > 1).",
        .model_ref = "§2", .access = field<&C::server, &ServerConfig::threads>()});
    s.push_back({.key = "server.worker_connections", .type = KeyType::Int, .unit = "connections", .min = 1, .max = kMaxCount,
        .doc = "gunicorn `--worker-connections`: a gthread worker stops accepting at this many open "
               "connections, and keeps at most worker_connections − threads idle keep-alive ones. "
               "Ignored by sync and by UvicornWorker (which does not pass it to uvicorn).",
        .model_ref = "§2", .access = field<&C::server, &ServerConfig::worker_connections>()});
    s.push_back({.key = "server.timeout", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .doc = "gunicorn `--timeout`: the master sends SIGABRT (and SIGKILL on a later pass) to a worker "
               "whose heartbeat is older than this. Workers heartbeat about every timeout/2; what stops "
               "the heartbeat depends on worker_class: a request longer than this (sync), a blocked event "
               "loop (uvicorn), a stalled main thread (gthread). 0 disables the check.",
        .model_ref = "§1", .access = field<&C::server, &ServerConfig::timeout>()});
    s.push_back({.key = "server.graceful_timeout", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .doc = "gunicorn `--graceful-timeout`: on master shutdown or restart, workers get this long to "
               "finish in-flight requests before SIGKILL. A UvicornWorker draining after max_requests no "
               "longer heartbeats, so `timeout` kills it first if its requests take longer.",
        .model_ref = "§1, §2", .access = field<&C::server, &ServerConfig::graceful_timeout>()});
    s.push_back({.key = "server.keepalive", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .doc = "gunicorn `--keep-alive`: how long an idle keep-alive connection stays open after a "
               "response. UvicornWorker passes it as uvicorn's timeout_keep_alive (so 2 s, not uvicorn's "
               "own 5 s). Shorter than the load balancer's idle timeout, the server closes connections "
               "the ALB may be reusing at that instant (sporadic 502). sync ignores it.",
        .model_ref = "§2, §5", .access = field<&C::server, &ServerConfig::keepalive>()});
    s.push_back({.key = "server.backlog", .type = KeyType::Int, .unit = "connections", .min = 1, .max = kMaxCount,
        .doc = "gunicorn `--backlog`: connections the kernel queues on the master's listen socket until a "
               "worker accepts them. Beyond it new connections are not accepted (backlog_full).",
        .model_ref = "§2", .access = field<&C::server, &ServerConfig::backlog>()});
    s.push_back({.key = "server.max_requests", .type = KeyType::Int, .unit = "requests", .min = 0, .max = kInt32Max,
        .doc = "gunicorn `--max-requests`: a worker restarts after serving this many requests (0 = "
               "never). A draining UvicornWorker stops heartbeating, so its in-flight requests longer "
               "than `timeout` are killed; a replacement boots meanwhile.",
        .model_ref = "§1, §2", .access = field<&C::server, &ServerConfig::max_requests>()});
    s.push_back({.key = "server.max_requests_jitter", .type = KeyType::Int, .unit = "requests", .min = 0, .max = kInt32Max,
        .doc = "gunicorn `--max-requests-jitter`: each worker restarts after max_requests + randint(0, "
               "jitter) requests, so workers do not restart together.",
        .model_ref = "§2", .access = field<&C::server, &ServerConfig::max_requests_jitter>()});
    s.push_back({.key = "server.restart_at", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .optional = true,
        .doc = "Restart every worker at this simulated time (unset: never) — a deploy or a reload. Old workers "
               "stop accepting and finish their in-flight requests while replacements boot.",
        .model_ref = "§1, §2", .access = field<&C::server, &ServerConfig::restart_at>()});
    s.push_back({.key = "server.restart_signal", .type = KeyType::Enum, .allowed = enum_spellings<RestartSignal>(),
        .doc = "How the restart reaches gunicorn. `term`: the master is stopped gracefully (a container deploy, "
               "Arbiter.stop): workers get SIGTERM and `graceful_timeout` seconds to drain, then SIGKILL; the master "
               "does not murder silent workers meanwhile. `hup`: a reload — new workers are forked, old ones get "
               "SIGTERM and drain with no deadline, but a draining uvicorn worker no longer notifies, so the "
               "arbiter kills it `timeout` after its last heartbeat.",
        .model_ref = "§1, §2", .access = field<&C::server, &ServerConfig::restart_signal>()});
    s.push_back({.key = "server.limit_concurrency", .type = KeyType::Int, .unit = "connections", .min = 0, .max = kInt32Max,
        .doc = "uvicorn `limit_concurrency` (0 = None: unbounded; UvicornWorker never sets it). When a "
               "worker holds this many connections or tasks, further requests get an immediate HTTP 503 "
               "`Service Unavailable` (concurrency_limit). Only for worker_class = uvicorn.",
        .model_ref = "§2", .access = field<&C::server, &ServerConfig::limit_concurrency>()});
    s.push_back({.key = "server.boot_time", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 3600,
        .doc = "From fork to a worker that accepts: importing the app and running the ASGI lifespan "
               "startup (app-specific, typically 1–5 s; UNCONFIRMED). A killed worker's slot accepts "
               "nothing for this long.",
        .model_ref = "§1", .access = field<&C::server, &ServerConfig::boot_time>()});
    s.push_back({.key = "server.arbiter_interval", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 60, .min_exclusive = true,
        .doc = "Period of the gunicorn master loop (the select() timeout in `Arbiter.sleep`, 1 s): how "
               "often it checks heartbeats (`murder_workers`) and respawns dead workers.",
        .model_ref = "§1", .access = field<&C::server, &ServerConfig::arbiter_interval>()});
    s.push_back({.key = "server.heartbeat_tick", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 60, .min_exclusive = true,
        .doc = "How often a healthy worker gets a chance to heartbeat: uvicorn's main_loop runs on_tick "
               "every 10 × 0.1 s; sync and gthread poll with a 1 s timeout. A heartbeat is sent only when "
               "the previous one is older than timeout/2.",
        .model_ref = "§1", .access = field<&C::server, &ServerConfig::heartbeat_tick>()});
    s.push_back({.key = "server.abort_to_kill", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 60,
        .doc = "Delay between SIGABRT and the SIGKILL of the master's next pass, for a worker that does "
               "not die at SIGABRT (a sync worker stuck in C code). UvicornWorker resets SIGABRT to the "
               "default action and dies at once.",
        .model_ref = "§1", .access = field<&C::server, &ServerConfig::abort_to_kill>()});

    // ---- [request]
    s.push_back({.key = "request.db_holding", .type = KeyType::Enum, .allowed = enum_spellings<DbHolding>(),
        .doc = "How long the handler holds its DB connection. `per_request`: `Depends(get_db)` yields one "
               "AsyncSession; its first query checks a connection out and the open transaction keeps it "
               "— across the awaited upstream call — until commit/close, so pool occupancy includes the "
               "LLM latency. `per_query`: the code commits or closes before awaiting the upstream, so "
               "each group of statements checks a connection out and returns it.",
        .model_ref = "§3", .access = field<&C::request, &RequestConfig::db_holding>()});
    s.push_back({.key = "request.cleanup_after_response", .type = KeyType::Bool,
        .doc = "Whether get_db's cleanup (session close, connection back to the pool) runs after the "
               "response is sent, as in FastAPI < 0.106 and ≥ 0.118, rather than before it (0.106–0.117).",
        .model_ref = "§3", .access = field<&C::request, &RequestConfig::cleanup_after_response>()});
    s.push_back({.key = "request.parse_cpu", .type = KeyType::Distribution, .unit = "s", .min = 0, .max = kInf,
        .doc = "CPU time of the request path up to the upstream call: uvicorn reading the request, "
               "FastAPI routing and parsing the body, the SQLAlchemy statements before the call, httpx "
               "building and sending it. It runs on the worker's event loop and blocks every other "
               "request of that worker meanwhile. The default, 3 ms, is measured on the real stack "
               "(uvicorn 0.17, FastAPI 0.92, SQLAlchemy 1.4 + asyncpg, httpx 0.23; docs/FIDELITY.md).",
        .access = field<&C::request, &RequestConfig::parse_cpu>()});
    s.push_back({.key = "request.cpu_per_input_token", .type = KeyType::Duration, .unit = "s/token", .min = 0, .max = 1,
        .doc = "Extra event-loop CPU per prompt token (e.g. counting tokens in the app). Parsing the "
               "JSON body alone costs under 0.01 µs a token (measured): 0 by default.",
        .access = field<&C::request, &RequestConfig::cpu_per_input_token>()});
    s.push_back({.key = "request.cpu_per_output_token", .type = KeyType::Duration, .unit = "s/token", .min = 0, .max = 1,
        .doc = "Extra event-loop CPU per completion token (building the response). Reading the "
               "upstream's JSON and writing the response cost about 0.1 µs a token (measured): 0 by "
               "default.",
        .access = field<&C::request, &RequestConfig::cpu_per_output_token>()});
    s.push_back({.key = "request.response_cpu", .type = KeyType::Distribution, .unit = "s", .min = 0, .max = kInf,
        .doc = "CPU time of the request path after the upstream call, on the event loop: httpx "
               "reading the answer, the usage statements and commit, serialising and sending the "
               "response, closing the session. An error answered by the catch-all handler spends it "
               "too (the 500 and uvicorn's traceback log, 0.7 ms of it). The default, 2.4 ms, is "
               "measured on the real stack (docs/FIDELITY.md).",
        .access = field<&C::request, &RequestConfig::response_cpu>()});
    s.push_back({.key = "request.api_key_queries", .type = KeyType::Int, .unit = "statements", .min = 0, .max = 1000,
        .doc = "SELECT statements that look up the caller's API key. With per_request holding, the "
               "request's first statement checks the pool connection out.",
        .access = field<&C::request, &RequestConfig::api_key_queries>()});
    s.push_back({.key = "request.session_lookup", .type = KeyType::Bool,
        .doc = "Look up the chat session (one SELECT) and INSERT it when missing. Two concurrent requests "
               "of one user can both miss it and both insert (see session_create_race, O4).",
        .model_ref = "§9 O4", .access = field<&C::request, &RequestConfig::session_lookup>()});
    s.push_back({.key = "request.private_key_queries", .type = KeyType::Int, .unit = "statements", .min = 0, .max = 1000,
        .doc = "SELECT statements that fetch the user's private key before the upstream call.",
        .access = field<&C::request, &RequestConfig::private_key_queries>()});
    s.push_back({.key = "request.usage_writes", .type = KeyType::Int, .unit = "statements", .min = 0, .max = 1000,
        .doc = "Statements after the upstream answered (INSERT usage, UPDATE session), followed by one "
               "COMMIT.",
        .access = field<&C::request, &RequestConfig::usage_writes>()});
    s.push_back({.key = "request.leak_probability", .type = KeyType::Float, .min = 0, .max = 1,
        .doc = "Probability that a request never closes its DB session (a leak in app code), so its "
               "connection is not checked in; what happens to it then is leak_reclaim.",
        .model_ref = "§3", .access = field<&C::request, &RequestConfig::leak_probability>()});
    s.push_back({.key = "request.leak_reclaim", .type = KeyType::Enum, .allowed = enum_spellings<LeakReclaim>(),
        .doc = "What becomes of a leaked session's connection. `gc`: nothing references the session "
               "after the request, and CPython's cyclic garbage collector frees it within the worker's "
               "next allocations; SQLAlchemy's finalizer cannot reset an async connection there, so it "
               "returns it to the pool invalidated (terminated at the server), and the next checkout "
               "reconnects. `never`: the app still references the session (a global, app.state, a cache), "
               "so the connection stays out and the pool's usable size shrinks until the worker restarts.",
        .model_ref = "§3, §9 O9", .access = field<&C::request, &RequestConfig::leak_reclaim>()});
    s.push_back({.key = "request.blocking_call", .type = KeyType::Distribution, .unit = "s", .min = 0, .max = kInf,
        .doc = "Synchronous work that blocks the event loop (a sync driver or HTTP call, `time.sleep`, "
               "heavy CPU), done by blocking_probability of requests. A long enough stall starves the "
               "heartbeat and gets a UvicornWorker killed with all its requests (O3).",
        .model_ref = "§1, §9 O3", .access = field<&C::request, &RequestConfig::blocking_call>()});
    s.push_back({.key = "request.blocking_probability", .type = KeyType::Float, .min = 0, .max = 1,
        .doc = "Share of requests that run blocking_call.",
        .access = field<&C::request, &RequestConfig::blocking_probability>()});
    s.push_back({.key = "request.exception_handler_500", .type = KeyType::Bool,
        .doc = "A catch-all exception handler turns any exception into HTTP 500 (as in the reference "
               "runs). Starlette's ServerErrorMiddleware then re-raises and uvicorn closes the keep-alive "
               "connection, so the client's next request on it can fail (closed_after_error, O1; see "
               "close_after_error_delay).",
        .model_ref = "§9 O1", .access = field<&C::request, &RequestConfig::exception_handler_500>()});
    s.push_back({.key = "request.upstream_status_passthrough", .type = KeyType::Bool,
        .doc = "Return the upstream's 4xx (400 context length, 429 rate limit) to the client as-is; "
               "false: the app raises on them and the client gets 500.",
        .access = field<&C::request, &RequestConfig::upstream_status_passthrough>()});
    s.push_back({.key = "request.close_after_error_delay", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 60,
        .doc = "O1: after the catch-all handler's 500 has been sent, Starlette's ServerErrorMiddleware "
               "re-raises and uvicorn 0.17 closes the connection (`h11_impl.py`: the response had started, "
               "so `transport.close()`); this is how long after the response the close reaches the client. "
               "A keep-alive client that sends its next request on that connection sooner fails at once "
               "with httpx.ReadError and the request never reaches the handler (closed_after_error); one "
               "that sends later sees the connection closed and opens a new one. 0 = the close always "
               "arrives first, so no request fails this way.",
        .model_ref = "§9 O1", .access = field<&C::request, &RequestConfig::close_after_error_delay>()});
    s.push_back({.key = "request.session_create_race", .type = KeyType::Bool,
        .doc = "O4: the handler's lookup-or-create of the chat session has no lock and no upsert (`INSERT … "
               "ON CONFLICT DO NOTHING`). When one user has two requests in flight (open-loop callers, or "
               "a client that timed out and sent its next call while the first still runs), both can miss "
               "the row and both INSERT it; the second COMMIT fails with sqlalchemy.exc.IntegrityError "
               "(asyncpg UniqueViolationError, 23505) and the catch-all handler answers 500 "
               "(session_create_race). false: the app upserts and concurrent requests never collide. Needs "
               "session_lookup.",
        .model_ref = "§9 O4", .access = field<&C::request, &RequestConfig::session_create_race>()});

    // ---- [db_pool]
    s.push_back({.key = "db_pool.pool_size", .type = KeyType::Int, .unit = "connections", .min = 0, .max = 10000,
        .doc = "SQLAlchemy `pool_size`: connections the QueuePool keeps open. Pools are not shared across "
               "forked workers, so the stack opens up to replicas × workers × (pool_size + max_overflow) "
               "PostgreSQL connections. (SQLAlchemy reads 0 as \"no size limit\"; use ≥ 1.)",
        .model_ref = "§3", .access = field<&C::db_pool, &DbPoolConfig::pool_size>()});
    s.push_back({.key = "db_pool.max_overflow", .type = KeyType::Int, .unit = "connections", .min = 0, .max = 10000,
        .doc = "SQLAlchemy `max_overflow`: connections opened beyond pool_size when none is idle (at once, "
               "without waiting) and closed again on return. At most pool_size + max_overflow are checked "
               "out; the next checkout waits up to pool_timeout. (SQLAlchemy's −1, no limit, is not "
               "supported.)",
        .model_ref = "§3", .access = field<&C::db_pool, &DbPoolConfig::max_overflow>()});
    s.push_back({.key = "db_pool.pool_timeout", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .doc = "SQLAlchemy `pool_timeout`: how long a checkout waits before `sqlalchemy.exc.TimeoutError: "
               "QueuePool limit of size N overflow M reached, connection timed out, timeout T` "
               "(db_pool_timeout). The async pool waits with asyncio.wait_for, so waiting does not block "
               "the event loop. Waiters are not woken when a connect attempt fails (O2).",
        .model_ref = "§3, §9 O2", .access = field<&C::db_pool, &DbPoolConfig::pool_timeout>()});
    s.push_back({.key = "db_pool.pool_recycle", .type = KeyType::Duration, .unit = "s", .min = -1, .max = 1e9,
        .doc = "SQLAlchemy `pool_recycle`: a connection older than this is closed and reopened at "
               "checkout. −1 disables.",
        .model_ref = "§3", .access = field<&C::db_pool, &DbPoolConfig::pool_recycle>()});
    s.push_back({.key = "db_pool.pool_pre_ping", .type = KeyType::Bool,
        .doc = "SQLAlchemy `pool_pre_ping`: test each reused connection at checkout (asyncpg: BEGIN; "
               "SELECT; ROLLBACK — one to three round trips) and replace it if it is dead.",
        .model_ref = "§3", .access = field<&C::db_pool, &DbPoolConfig::pool_pre_ping>()});
    s.push_back({.key = "db_pool.pool_use_lifo", .type = KeyType::Bool,
        .doc = "SQLAlchemy `pool_use_lifo`: hand out the most recently returned idle connection instead "
               "of the oldest (FIFO).",
        .model_ref = "§3", .access = field<&C::db_pool, &DbPoolConfig::pool_use_lifo>()});
    s.push_back({.key = "db_pool.connect_time", .type = KeyType::Distribution, .unit = "s", .min = 0, .max = kInf,
        .doc = "Time to open a new database connection: TCP, PostgreSQL startup and authentication.",
        .model_ref = "§3", .access = field<&C::db_pool, &DbPoolConfig::connect_time>()});

    // ---- [db_server]
    s.push_back({.key = "db_server.max_connections", .type = KeyType::Int, .unit = "connections", .min = 1, .max = 262143,
        .doc = "PostgreSQL `max_connections` (default 100; RDS: LEAST(memory / 9531392, 5000)). A "
               "connection beyond max_connections − superuser_reserved_connections fails at connect with "
               "`FATAL: sorry, too many clients already` (53300, db_too_many_clients); existing "
               "connections keep working, only pool growth fails (O5).",
        .model_ref = "§6, §9 O5", .access = field<&C::db_server, &DbServerConfig::max_connections>()});
    s.push_back({.key = "db_server.superuser_reserved_connections", .type = KeyType::Int, .unit = "connections", .min = 0, .max = 262143,
        .doc = "PostgreSQL `superuser_reserved_connections` (default 3): slots only superusers may use, so "
               "the application's role gets max_connections minus this. Must be less than "
               "max_connections (PostgreSQL refuses to start otherwise).",
        .model_ref = "§6", .access = field<&C::db_server, &DbServerConfig::superuser_reserved_connections>()});
    s.push_back({.key = "db_server.other_connections", .type = KeyType::Int, .unit = "connections", .min = 0, .max = 262143,
        .doc = "Connections held by clients outside this simulation (other services, migrations, admin "
               "tools); they count against max_connections.",
        .model_ref = "§6", .access = field<&C::db_server, &DbServerConfig::other_connections>()});
    s.push_back({.key = "db_server.max_parallel_queries", .type = KeyType::Int, .unit = "statements", .min = 1, .max = kMaxCount,
        .doc = "Statements the server executes at once (about its CPU cores); more wait their turn. Server "
               "contention, not a PostgreSQL setting.",
        .access = field<&C::db_server, &DbServerConfig::max_parallel_queries>()});
    s.push_back({.key = "db_server.query_time", .type = KeyType::Distribution, .unit = "s", .min = 0, .max = kInf,
        .doc = "Server time of one statement (SELECT, INSERT, UPDATE), without the network round trip.",
        .access = field<&C::db_server, &DbServerConfig::query_time>()});
    s.push_back({.key = "db_server.commit_time", .type = KeyType::Distribution, .unit = "s", .min = 0, .max = kInf,
        .doc = "Server time of a COMMIT (WAL flush), without the network round trip.",
        .access = field<&C::db_server, &DbServerConfig::commit_time>()});
    s.push_back({.key = "db_server.round_trip", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 10,
        .doc = "Network round trip between app and database, paid by every statement, commit, rollback "
               "and ping.",
        .access = field<&C::db_server, &DbServerConfig::round_trip>()});

    // ---- [http_client]
    s.push_back({.key = "http_client.mode", .type = KeyType::Enum, .allowed = enum_spellings<HttpClientMode>(),
        .doc = "`shared`: one httpx.AsyncClient per worker, reused (pooled keep-alive connections). "
               "`per_request`: `async with httpx.AsyncClient()` in every request, as in the incident: a "
               "new TCP + TLS connection each time, ~21 ms of synchronous SSLContext set-up on the event "
               "loop (client_setup_cpu), and pool limits that only bound one request.",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::mode>()});
    s.push_back({.key = "http_client.max_connections", .type = KeyType::Int, .unit = "connections", .min = 1, .max = kMaxCount,
        .doc = "httpx.Limits `max_connections` (default 100): connections one client opens at once; more "
               "requests wait in the pool up to pool_timeout.",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::max_connections>()});
    s.push_back({.key = "http_client.max_keepalive_connections", .type = KeyType::Int, .unit = "connections", .min = 0, .max = kMaxCount,
        .doc = "httpx.Limits `max_keepalive_connections` (default 20): idle connections kept for reuse; "
               "beyond it a connection is closed after its response. May exceed max_connections (httpx "
               "accepts that; it then has no effect).",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::max_keepalive_connections>()});
    s.push_back({.key = "http_client.keepalive_expiry", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .doc = "httpx.Limits `keepalive_expiry` (default 5): an idle connection older than this is closed "
               "instead of reused.",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::keepalive_expiry>()});
    s.push_back({.key = "http_client.timeout", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .min_exclusive = true, .write_only = true,
        .doc = "Convenience: sets connect_timeout, read_timeout, write_timeout and pool_timeout at once, "
               "like `httpx.Timeout(x)`. In a preset it is applied before the four specific keys, so "
               "`timeout = 120` with `connect_timeout = 10` means `httpx.Timeout(120, connect=10)`; with "
               "`--set` the order of the options decides. Never written by export.",
        .model_ref = "§4", .access = http_timeout_all()});
    s.push_back({.key = "http_client.connect_timeout", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .min_exclusive = true,
        .doc = "httpx connect timeout: establishing the TCP (and TLS) connection to the upstream; "
               "exceeded → httpx.ConnectTimeout (upstream_connect_timeout).",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::connect_timeout>()});
    s.push_back({.key = "http_client.read_timeout", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .min_exclusive = true,
        .doc = "httpx read timeout: the longest wait for the next bytes of the response. A non-streamed "
               "completion sends its first byte only when generation ends, so this bounds the whole "
               "upstream latency; streamed, it bounds the time to first token and each gap. Exceeded → "
               "httpx.ReadTimeout (upstream_read_timeout). httpx has no total-request timeout.",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::read_timeout>()});
    s.push_back({.key = "http_client.write_timeout", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .min_exclusive = true,
        .doc = "httpx write timeout: sending the request body to the upstream.",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::write_timeout>()});
    s.push_back({.key = "http_client.pool_timeout", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .min_exclusive = true,
        .doc = "httpx pool timeout: waiting for a connection when max_connections are busy; exceeded → "
               "httpx.PoolTimeout (http_pool_timeout).",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::pool_timeout>()});
    s.push_back({.key = "http_client.max_attempts", .type = KeyType::Int, .unit = "attempts", .min = 1, .max = 100,
        .doc = "The app's retry loop: attempts per request in total (`for attempt in range(max_retries)`); "
               "1 = no retry. An abandoned attempt is not cancelled upstream (O6), so retries multiply "
               "the upstream's load.",
        .model_ref = "§9 O6", .access = field<&C::http_client, &HttpClientConfig::max_attempts>()});
    s.push_back({.key = "http_client.retry_backoff", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 3600,
        .doc = "Pause before the second attempt, doubled before each further one (0 = retry at once, as "
               "in the reference runs).",
        .access = field<&C::http_client, &HttpClientConfig::retry_backoff>()});
    s.push_back({.key = "http_client.retry_on_timeout", .type = KeyType::Bool,
        .doc = "Retry after an httpx timeout (connect, read, write or pool).",
        .access = field<&C::http_client, &HttpClientConfig::retry_on_timeout>()});
    s.push_back({.key = "http_client.retry_on_5xx", .type = KeyType::Bool,
        .doc = "Retry when the upstream answers with a status ≥ 500.",
        .access = field<&C::http_client, &HttpClientConfig::retry_on_5xx>()});
    s.push_back({.key = "http_client.retry_on_429", .type = KeyType::Bool,
        .doc = "Retry when the upstream answers 429, after at least its Retry-After (the app respects the "
               "upstream's rate limit). Off: raise_for_status sends the 429 to the catch-all handler (500).",
        .access = field<&C::http_client, &HttpClientConfig::retry_on_429>()});
    s.push_back({.key = "http_client.http2", .type = KeyType::Bool,
        .doc = "httpx `http2=True` (needs the h2 package): concurrent requests share one multiplexed "
               "connection to the upstream instead of one connection each.",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::http2>()});
    s.push_back({.key = "http_client.tls", .type = KeyType::Bool,
        .doc = "The upstream URL is https: every new connection pays tls_time after connect_time.",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::tls>()});
    s.push_back({.key = "http_client.connect_time", .type = KeyType::Distribution, .unit = "s", .min = 0, .max = kInf,
        .doc = "TCP handshake to the upstream.",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::connect_time>()});
    s.push_back({.key = "http_client.tls_time", .type = KeyType::Distribution, .unit = "s", .min = 0, .max = kInf,
        .doc = "TLS handshake after the TCP connect.",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::tls_time>()});
    s.push_back({.key = "http_client.client_setup_cpu", .type = KeyType::Distribution, .unit = "s", .min = 0, .max = kInf,
        .doc = "Synchronous CPU to construct an httpx.AsyncClient (an ssl.SSLContext loading certifi's "
               "bundle; 21.5 ms measured, httpx 0.23), blocking the event loop: paid by every request with "
               "mode = per_request, once per worker with shared.",
        .model_ref = "§4", .access = field<&C::http_client, &HttpClientConfig::client_setup_cpu>()});

    // ---- [upstream]
    s.push_back({.key = "upstream.network_rtt", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 10,
        .doc = "Network round trip between the gateway and the upstream, added to each request.",
        .access = field<&C::upstream, &UpstreamConfig::network_rtt>()});
    s.push_back({.key = "upstream.router_overhead", .type = KeyType::Distribution, .unit = "s", .min = 0, .max = kInf,
        .doc = "Time the proxy router adds before a request reaches the model (auth, session routing).",
        .model_ref = "§8", .access = field<&C::upstream, &UpstreamConfig::router_overhead>()});
    s.push_back({.key = "upstream.ttft_base", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 3600,
        .doc = "Time to first token of an empty prompt, unloaded (scheduling and the first step).",
        .model_ref = "§7", .access = field<&C::upstream, &UpstreamConfig::ttft_base>()});
    s.push_back({.key = "upstream.prefill_tokens_per_s", .type = KeyType::Float, .unit = "tokens/s", .min = 0, .max = 1e9,
        .min_exclusive = true,
        .doc = "Prompt tokens processed per second: TTFT = ttft_base + input_tokens / this (≈ 8k–12k for a "
               "24B dense model on one H100 in BF16).",
        .model_ref = "§7", .access = field<&C::upstream, &UpstreamConfig::prefill_tokens_per_s>()});
    s.push_back({.key = "upstream.time_per_output_token", .type = KeyType::Duration, .unit = "s/token", .min = 0, .max = 60,
        .doc = "Inter-token latency, unloaded (≈ 14 ms for a 24B BF16 model on an H100). Service time = "
               "TTFT + output_tokens × this, times latency_factor.",
        .model_ref = "§7", .access = field<&C::upstream, &UpstreamConfig::time_per_output_token>()});
    s.push_back({.key = "upstream.decode_slowdown", .type = KeyType::Float, .min = 0, .max = 100,
        .doc = "Continuous batching: relative growth of time_per_output_token per extra concurrent "
               "sequence (0 = none).",
        .model_ref = "§7", .access = field<&C::upstream, &UpstreamConfig::decode_slowdown>()});
    s.push_back({.key = "upstream.latency_factor", .type = KeyType::Distribution, .min = 0, .max = kInf,
        .doc = "Multiplies each request's whole service time; a heavy-tailed distribution models a "
               "provider's variability.",
        .model_ref = "§7", .access = field<&C::upstream, &UpstreamConfig::latency_factor>()});
    s.push_back({.key = "upstream.slots", .type = KeyType::Int, .unit = "generations", .min = 0, .max = kMaxCount,
        .doc = "Concurrent generations (proxy-router ConcurrentSlots; 0 = unlimited); further requests "
               "queue for a slot.",
        .model_ref = "§8", .access = field<&C::upstream, &UpstreamConfig::slot_count>()});
    s.push_back({.key = "upstream.max_queue", .type = KeyType::Int, .unit = "requests", .min = 0, .max = kInt32Max,
        .doc = "Requests that may wait for a slot (0 = unlimited); beyond it the upstream rejects the "
               "request at once.",
        .model_ref = "§8", .access = field<&C::upstream, &UpstreamConfig::max_queue>()});
    s.push_back({.key = "upstream.rpm", .type = KeyType::Int, .unit = "requests/min", .min = 0, .max = kInt32Max,
        .doc = "Requests per minute the provider accepts (0 = unlimited); beyond it HTTP 429 "
               "(upstream_rate_limited).",
        .access = field<&C::upstream, &UpstreamConfig::rpm>()});
    s.push_back({.key = "upstream.tpm", .type = KeyType::Int, .unit = "tokens/min", .min = 0, .max = kInt32Max,
        .doc = "Tokens per minute (prompt + requested output) the provider accepts (0 = unlimited); "
               "beyond it HTTP 429 (upstream_rate_limited).",
        .access = field<&C::upstream, &UpstreamConfig::tpm>()});
    s.push_back({.key = "upstream.rate_window", .type = KeyType::Enum, .allowed = enum_spellings<RateWindow>(),
        .doc = "How rpm and tpm are counted. token_bucket: a minute's worth refills continuously (how OpenAI "
               "and Anthropic describe their limits), so a pause earns part of the budget back at once. rolling: "
               "what was admitted in the trailing 60 s counts (sliding-window limiters, e.g. a per-key log in "
               "Redis), so nothing comes back until a minute after it was spent. fixed: counts reset at each "
               "whole minute (per-minute counters, as LiteLLM's proxy keeps them), so bursts either side of a "
               "boundary both pass. Providers do not document the exact mechanism; diagnose tries the token "
               "bucket and the rolling minute.",
        .model_ref = "§8", .access = field<&C::upstream, &UpstreamConfig::rate_window>()});
    s.push_back({.key = "upstream.tpm_counts", .type = KeyType::Enum, .allowed = enum_spellings<TokenCount>(),
        .doc = "Which tokens tpm counts. requested: prompt + max_tokens, charged when the call is admitted "
               "(OpenAI and Azure OpenAI estimate a request this way before serving it), so a refused call "
               "takes nothing. served: prompt + generated tokens, charged as the call completes (proxies that "
               "add up the usage of responses, e.g. LiteLLM); a call is admitted while the minute's total is "
               "under the limit, so calls already running can take it over.",
        .model_ref = "§8", .access = field<&C::upstream, &UpstreamConfig::tpm_counts>()});
    s.push_back({.key = "upstream.context_length", .type = KeyType::Int, .unit = "tokens", .min = 0, .max = kMaxTokens,
        .doc = "The model's context window (prompt + requested output; 0 = unlimited); a longer request "
               "gets HTTP 400 (context_length_exceeded).",
        .model_ref = "§8", .access = field<&C::upstream, &UpstreamConfig::context_length>()});
    s.push_back({.key = "upstream.error_probability", .type = KeyType::Float, .min = 0, .max = 1,
        .doc = "Probability that the router answers HTTP 500 `{\"error\": …}` instead of a completion.",
        .model_ref = "§8", .access = field<&C::upstream, &UpstreamConfig::error_probability>()});
    s.push_back({.key = "upstream.stall_probability", .type = KeyType::Float, .min = 0, .max = 1,
        .doc = "Probability that the response never comes: the upstream holds the request for "
               "stall_time (a hung provider); only the gateway's read timeout or the client ends it.",
        .access = field<&C::upstream, &UpstreamConfig::stall_probability>()});
    s.push_back({.key = "upstream.stall_time", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .doc = "How long a stalled request occupies the upstream before it gives up (the proxy router's "
               "LLM_TIMEOUT is 240 s in recent versions).",
        .model_ref = "§8", .access = field<&C::upstream, &UpstreamConfig::stall_time>()});
    s.push_back({.key = "upstream.cancel_on_disconnect", .type = KeyType::Bool,
        .doc = "Whether the upstream stops working on a request the gateway abandoned. The real proxy "
               "router does not (O6): an abandoned request keeps its slot for its full service time.",
        .model_ref = "§9 O6", .access = field<&C::upstream, &UpstreamConfig::cancel_on_disconnect>()});

    // ---- [workload]
    s.push_back({.key = "workload.kind", .type = KeyType::Enum, .allowed = enum_spellings<WorkloadKind>(),
        .doc = "`sessions`: closed loop — `users` users each run the `calls` script in order, sending a "
               "call as soon as the previous one answered (plus think_time), `repeats` times: the "
               "incident's load test. `open`: arrivals at `rate`/`steps` per second for `duration` "
               "seconds, whether or not earlier requests answered. `trace`: replays the requests of a "
               "recorded trace (`trace`) at their timestamps, also whether or not earlier ones answered.",
        .model_ref = "reference-runs README", .access = field<&C::workload, &WorkloadConfig::kind>()});
    s.push_back({.key = "workload.users", .type = KeyType::Int, .unit = "users", .min = 1, .max = kMaxCount,
        .doc = "Concurrent users (sessions kind), each with its own chat session and client connection.",
        .access = field<&C::workload, &WorkloadConfig::users>()});
    s.push_back({.key = "workload.calls", .type = KeyType::CallList, .unit = "tokens", .min = 0, .max = kMaxTokens,
        .doc = "The script: one [input_tokens, output_tokens] pair per call, e.g. the incident's "
               "[[664, 2], [2280, 55], [3737, 321], …]. Sessions run it in order; open-loop arrivals take "
               "the next call, cycling. Required unless input_tokens and output_tokens are given, or "
               "kind = \"trace\".",
        .model_ref = "reference-runs README", .access = field<&C::workload, &WorkloadConfig::calls>()});
    s.push_back({.key = "workload.repeats", .type = KeyType::Int, .unit = "runs", .min = 1, .max = kMaxCount,
        .doc = "How many times each user runs the script.",
        .access = field<&C::workload, &WorkloadConfig::repeats>()});
    s.push_back({.key = "workload.think_time", .type = KeyType::Distribution, .unit = "s", .min = 0, .max = kInf,
        .doc = "Pause between a response and the user's next call.",
        .access = field<&C::workload, &WorkloadConfig::think_time>()});
    s.push_back({.key = "workload.start_spread", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .doc = "Users start uniformly spread over [0, start_spread); 0 = all at once.",
        .access = field<&C::workload, &WorkloadConfig::start_spread>()});
    s.push_back({.key = "workload.client_timeout", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .min_exclusive = true,
        .doc = "The caller's own timeout per request (its httpx timeout). When it fires first the request "
               "ends as client_timeout, while the gateway may keep working on it.",
        .access = field<&C::workload, &WorkloadConfig::client_timeout>()});
    s.push_back({.key = "workload.network_rtt", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 10,
        .doc = "Round trip between the callers and the front door (the load balancer, or gunicorn without one): "
               "a request arrives half of it after being sent, its answer half of it later. Decides the O1 "
               "race: a caller that reuses a connection sends before the server's FIN can reach it, while "
               "a load balancer between them sees the FIN long before the caller's next request. 0 = the "
               "same host (the reference runs, on loopback).",
        .model_ref = "§5, §9 O1", .access = field<&C::workload, &WorkloadConfig::network_rtt>()});
    s.push_back({.key = "workload.stream", .type = KeyType::Bool,
        .doc = "Ask for streamed (SSE) completions: bytes flow from the first token, so idle and read "
               "timeouts bound the gaps rather than the whole generation.",
        .model_ref = "§7, §8", .access = field<&C::workload, &WorkloadConfig::stream>()});
    s.push_back({.key = "workload.keepalive", .type = KeyType::Bool,
        .doc = "The client reuses its connection between calls; false sends `Connection: close` with every "
               "request.",
        .access = field<&C::workload, &WorkloadConfig::keepalive>()});
    s.push_back({.key = "workload.rate", .type = KeyType::Float, .unit = "requests/s", .min = 0, .max = kMaxCount,
        .doc = "Open loop: arrivals per second before the first step, and throughout when steps is empty.",
        .access = field<&C::workload, &WorkloadConfig::rate>()});
    s.push_back({.key = "workload.steps", .type = KeyType::RateStepList, .unit = "requests/s", .min = 0, .max = kMaxCount,
        .doc = "Open loop: rate changes as [[at_seconds, rate], …] with strictly increasing times; from "
               "`at` on, arrivals come at `rate` per second (reached over `ramp` seconds).",
        .access = field<&C::workload, &WorkloadConfig::steps>()});
    s.push_back({.key = "workload.ramp", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .doc = "Open loop: seconds over which each rate step is reached linearly (0 = at once).",
        .access = field<&C::workload, &WorkloadConfig::ramp>()});
    s.push_back({.key = "workload.duration", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 1e9,
        .min_exclusive = true,
        .doc = "Open loop: seconds during which arrivals are generated; requests in flight then still "
               "finish (up to simulation.max_time).",
        .access = field<&C::workload, &WorkloadConfig::duration>()});
    s.push_back({.key = "workload.input_tokens", .type = KeyType::Distribution, .unit = "tokens", .min = 0, .max = kMaxTokens,
        .optional = true,
        .doc = "Prompt tokens of each request, drawn from this distribution when calls is empty (then "
               "output_tokens is required too).",
        .access = field<&C::workload, &WorkloadConfig::input_tokens>()});
    s.push_back({.key = "workload.output_tokens", .type = KeyType::Distribution, .unit = "tokens", .min = 0, .max = kMaxTokens,
        .optional = true,
        .doc = "Completion tokens (max_tokens) of each request, drawn from this distribution when calls is "
               "empty (then input_tokens is required too).",
        .access = field<&C::workload, &WorkloadConfig::output_tokens>()});
    s.push_back({.key = "workload.api_keys", .type = KeyType::Int, .unit = "keys", .min = 1, .max = kMaxCount,
        .doc = "API keys the callers use, handed out round robin to users (sessions) or arrivals (open); a "
               "trace's api_key column names the key directly. Per-key limits (rate_limiter buckets) "
               "apply to each key separately, so the same load spread over more keys is throttled less.",
        .access = field<&C::workload, &WorkloadConfig::api_keys>()});
    s.push_back({.key = "workload.trace", .type = KeyType::String,
        .doc = "The file kind = \"trace\" replays: CSV with a header line naming the columns t, "
               "input_tokens, output_tokens and optionally api_key and stream, in any order (`#` starts a "
               "comment), or JSONL with one object per line with those fields; the extension (.csv, "
               ".jsonl, .ndjson) tells which. Each row is one request sent at t × time_scale seconds; "
               "stream, when given, overrides workload.stream for that row. In a preset file a relative "
               "path is relative to the preset's directory; with --set, to the current directory.",
        .access = field<&C::workload, &WorkloadConfig::trace>()});
    s.push_back({.key = "workload.time_scale", .type = KeyType::Float, .min = 0, .max = kMaxCount, .min_exclusive = true,
        .doc = "Multiplies every trace timestamp: 0.5 replays the trace in half the time (twice the "
               "arrival rate), 2 at half the rate.",
        .access = field<&C::workload, &WorkloadConfig::time_scale>()});

    // ---- [load_balancer]
    s.push_back({.key = "load_balancer.enabled", .type = KeyType::Bool,
        .doc = "Put an AWS Application Load Balancer between the clients and gunicorn (off: clients "
               "connect to gunicorn directly, as in the reference runs). The ALB keeps its own pool of "
               "keep-alive connections to the targets and adds its own failures: 504 when the target sends "
               "no byte within idle_timeout (lb_idle_timeout) or no connection to it opens within connect_timeout; "
               "502 when the target closes a kept-alive connection just as the ALB reuses it "
               "(lb_keepalive_race) or drops a connection with a request outstanding, e.g. a killed worker "
               "(lb_target_closed). The client sees the ALB's 502/504, not the connection error.",
        .model_ref = "§5", .access = field<&C::load_balancer, &LoadBalancerConfig::enabled>()});
    s.push_back({.key = "load_balancer.idle_timeout", .type = KeyType::Duration, .unit = "s", .min = 1, .max = 4000,
        .doc = "ALB `idle_timeout.timeout_seconds` (default 60, 1–4000): a client or target connection with "
               "no byte in either direction for this long is closed. A non-streamed completion sends "
               "nothing until generation ends, so a call longer than this gets 504 Gateway Timeout from the "
               "ALB while the app keeps working on it (lb_idle_timeout); a streamed one only needs a byte "
               "within every gap. AWS recommends an application keep-alive longer than this; gunicorn's "
               "2 s is far shorter (race_window). A caller idle this long between calls finds its connection "
               "closed and opens a new one; a call sent within a round trip (workload.network_rtt) of the "
               "close crosses it and gets no response (lb_client_idle_close).",
        .model_ref = "§5", .access = field<&C::load_balancer, &LoadBalancerConfig::idle_timeout>()});
    s.push_back({.key = "load_balancer.connect_timeout", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 3600,
        .min_exclusive = true,
        .doc = "How long the ALB tries to open a TCP connection to a target (10 s on a real ALB, not "
               "configurable); exceeded — e.g. a full listen backlog, where Linux drops the SYN rather than "
               "refusing it — 504 Gateway Timeout.",
        .model_ref = "§5", .access = field<&C::load_balancer, &LoadBalancerConfig::connect_timeout>()});
    s.push_back({.key = "load_balancer.race_window", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 1,
        .doc = "A target closes an idle keep-alive connection after server.keepalive (2 s by default); a "
               "request the ALB sends on that connection less than this long before the FIN arrives meets "
               "the close in flight and gets 502 Bad Gateway (lb_keepalive_race; AWS: \"the target closed "
               "the connection with a TCP RST or a TCP FIN while the load balancer had an outstanding "
               "request\"). About one network round trip; how often it happens follows from the "
               "connections' idle times, not from a fixed probability.",
        .model_ref = "§5", .access = field<&C::load_balancer, &LoadBalancerConfig::race_window>()});
    s.push_back({.key = "load_balancer.network_rtt", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 10,
        .doc = "Network round trip between the ALB and a target, added to every request it forwards.",
        .model_ref = "§5", .access = field<&C::load_balancer, &LoadBalancerConfig::network_rtt>()});

    // ---- [rate_limiter]
    s.push_back({.key = "rate_limiter.enabled", .type = KeyType::Bool,
        .doc = "Add a rate limiter to the gateway, checked before a request takes a DB connection or calls "
               "the upstream. A rejected request gets 429 Too Many Requests with a Retry-After header at "
               "once (gateway_rate_limited) instead of competing for the pools. Off: no throttling, as in "
               "the incident.",
        .access = field<&C::rate_limiter, &RateLimiterConfig::enabled>()});
    s.push_back({.key = "rate_limiter.requests_per_minute", .type = KeyType::Int, .unit = "requests/min", .min = 0, .max = kInt32Max,
        .doc = "Requests each API key may send per minute: a token bucket refilled continuously at this "
               "rate (0 = no limit).",
        .access = field<&C::rate_limiter, &RateLimiterConfig::requests_per_minute>()});
    s.push_back({.key = "rate_limiter.tokens_per_minute", .type = KeyType::Int, .unit = "tokens/min", .min = 0, .max = kInt32Max,
        .doc = "Tokens each API key may send per minute, counting the prompt plus the requested output as "
               "LLM providers do (0 = no limit).",
        .access = field<&C::rate_limiter, &RateLimiterConfig::tokens_per_minute>()});
    s.push_back({.key = "rate_limiter.burst_requests", .type = KeyType::Int, .unit = "requests", .min = 0, .max = kInt32Max,
        .doc = "Size of the request bucket: how many requests a key that was idle may send at once (0 = "
               "requests_per_minute, a full minute's worth).",
        .access = field<&C::rate_limiter, &RateLimiterConfig::burst_requests>()});
    s.push_back({.key = "rate_limiter.burst_tokens", .type = KeyType::Int, .unit = "tokens", .min = 0, .max = kInt32Max,
        .doc = "Size of the token bucket (0 = tokens_per_minute). A request larger than the bucket can "
               "never pass.",
        .access = field<&C::rate_limiter, &RateLimiterConfig::burst_tokens>()});
    s.push_back({.key = "rate_limiter.window", .type = KeyType::Enum, .allowed = enum_spellings<RateWindow>(),
        .doc = "How requests_per_minute and tokens_per_minute are counted: token_bucket (refills continuously; "
               "the burst sizes apply), rolling (the trailing 60 s) or fixed (counts reset at each whole "
               "minute), as upstream.rate_window.",
        .access = field<&C::rate_limiter, &RateLimiterConfig::window>()});
    s.push_back({.key = "rate_limiter.max_concurrent", .type = KeyType::Int, .unit = "requests", .min = 0, .max = kInt32Max,
        .doc = "Requests in the handler at once (0 = no cap); further ones wait up to max_queue_wait for a "
               "place, then get 429. Unlike uvicorn's limit_concurrency (503 at once, counting "
               "connections), this queues and counts requests.",
        .access = field<&C::rate_limiter, &RateLimiterConfig::max_concurrent>()});
    s.push_back({.key = "rate_limiter.max_queue_wait", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .doc = "How long a request may wait for a place under max_concurrent before it gets 429 (0 = "
               "rejected at once).",
        .access = field<&C::rate_limiter, &RateLimiterConfig::max_queue_wait>()});
    s.push_back({.key = "rate_limiter.per_worker", .type = KeyType::Bool,
        .doc = "The limiter's state lives in each worker process (an in-memory limiter, such as slowapi "
               "with its default memory storage), so with W workers and R replicas a key gets up to W × R "
               "times the configured rate and cap. false: shared state (e.g. Redis), one limit for the "
               "whole deployment.",
        .access = field<&C::rate_limiter, &RateLimiterConfig::per_worker>()});

    // ---- [faults]
    s.push_back({.key = "faults.upstream_slowdown", .type = KeyType::WindowList, .unit = "factor", .min = 0, .max = kMaxCount,
        .min_exclusive = true,
        .doc = "Windows [start, end, factor] during which the upstream's service time (time to first token "
               "and decode) is multiplied by factor, e.g. `[[60, 120, 4.0]]`: a provider slowed down by "
               "other tenants' load.",
        .model_ref = "§7", .access = field<&C::faults, &FaultsConfig::upstream_slowdown>()});
    s.push_back({.key = "faults.upstream_outage", .type = KeyType::WindowList, .min = 1, .max = 1,
        .doc = "Windows [start, end] during which connections to the upstream are refused, e.g. the proxy "
               "router restarting: httpx raises ConnectError (upstream_connect_error), e.g. `[[30, 45]]`. An "
               "outage has no strength: a third number, accepted so that every fault list has the same "
               "shape, must be 1.",
        .access = field<&C::faults, &FaultsConfig::upstream_outage>()});
    s.push_back({.key = "faults.upstream_error_burst", .type = KeyType::WindowList, .unit = "probability", .min = 0, .max = 1,
        .doc = "Windows [start, end, probability] during which the router answers HTTP 500 with this "
               "probability (upstream_error), e.g. `[[30, 45, 0.5]]`.",
        .model_ref = "§8", .access = field<&C::faults, &FaultsConfig::upstream_error_burst>()});
    s.push_back({.key = "faults.db_slowdown", .type = KeyType::WindowList, .unit = "factor", .min = 0, .max = kMaxCount,
        .min_exclusive = true,
        .doc = "Windows [start, end, factor] during which every statement's and COMMIT's server time is "
               "multiplied by factor (a VACUUM, lock contention, a noisy neighbour on the database host); "
               "connections stay checked out longer, so the pools drain.",
        .model_ref = "§6", .access = field<&C::faults, &FaultsConfig::db_slowdown>()});

    // ---- [slo]
    s.push_back({.key = "slo.max_error_rate", .type = KeyType::Float, .min = 0, .max = 1, .optional = true,
        .doc = "Largest acceptable share of requests that did not end ok.",
        .access = field<&C::slo, &SloConfig::max_error_rate>()});
    s.push_back({.key = "slo.p50", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .min_exclusive = true, .optional = true,
        .doc = "Largest acceptable median latency as the client sees it.",
        .access = field<&C::slo, &SloConfig::p50>()});
    s.push_back({.key = "slo.p99", .type = KeyType::Duration, .unit = "s", .min = 0, .max = kMaxSeconds,
        .min_exclusive = true, .optional = true,
        .doc = "Largest acceptable 99th-percentile latency as the client sees it.",
        .access = field<&C::slo, &SloConfig::p99>()});
    s.push_back({.key = "slo.max_cause_rate", .type = KeyType::CauseRateTable, .min = 0, .max = 1,
        .doc = "Per cause, the largest acceptable share of requests ending with it, e.g. "
               "`{ db_pool_timeout = 0.0, worker_killed = 0.0 }` or a `[slo.max_cause_rate]` table. Keys "
               "are cause names (see Causes).",
        .access = field<&C::slo, &SloConfig::max_cause_rate>()});

    // ---- [simulation]
    s.push_back({.key = "simulation.seed", .type = KeyType::Int, .min = 0, .max = kInt64Max,
        .doc = "Seed of every random stream: the same preset and seed give the same run, bit for bit.",
        .access = field<&C::simulation, &SimulationConfig::seed>()});
    s.push_back({.key = "simulation.max_time", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 1e9,
        .min_exclusive = true,
        .doc = "Hard stop of simulated time; the run ends here even with requests still in flight.",
        .access = field<&C::simulation, &SimulationConfig::max_time>()});
    s.push_back({.key = "simulation.sample_interval", .type = KeyType::Duration, .unit = "s", .min = 0, .max = 3600,
        .min_exclusive = true,
        .doc = "Resolution of the recorded time series (in flight, pool occupancy, …).",
        .access = field<&C::simulation, &SimulationConfig::sample_interval>()});
    s.push_back({.key = "simulation.record_requests", .type = KeyType::Bool,
        .doc = "Keep one record per request (needed for per-request export); turn off for huge runs.",
        .access = field<&C::simulation, &SimulationConfig::record_requests>()});

    // ---- [deployment]
    s.push_back({.key = "deployment.replicas", .type = KeyType::Int, .unit = "copies", .min = 1, .max = 1000,
        .doc = "Copies of the whole service (containers or hosts behind the load balancer), each with its "
               "own gunicorn master, workers and pools, sharing one PostgreSQL: up to replicas × workers × "
               "(pool_size + max_overflow) database connections.",
        .model_ref = "§3, §6", .access = top_field<&C::replicas>()});
    // clang-format on
    return s;
}
#pragma GCC diagnostic pop

std::size_t length_difference(std::string_view a, std::string_view b) {
    return a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

}  // namespace


std::string_view KeySpec::table() const {
    const auto dot = key.find('.');
    return dot == std::string_view::npos ? std::string_view{} : key.substr(0, dot);
}

std::string_view KeySpec::name() const {
    const auto dot = key.find('.');
    return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

const std::vector<KeySpec>& config_schema() {
    static const std::vector<KeySpec> schema = make_schema();
    return schema;
}

const std::vector<TableSpec>& config_tables() {
    static const std::vector<TableSpec> tables = make_tables();
    return tables;
}

const KeySpec* find_key(std::string_view dotted) {
    for (const KeySpec& k : config_schema()) {
        if (k.key == dotted) return &k;
    }
    return nullptr;
}

std::string_view suggest_key(std::string_view dotted) {
    const KeySpec* best = nullptr;
    std::size_t best_d = std::numeric_limits<std::size_t>::max();
    const std::size_t limit = std::max<std::size_t>(2, dotted.size() / 4);
    for (const KeySpec& k : config_schema()) {
        // The distance is at least the difference in length, and nothing above `limit` is ever
        // suggested: skipping those keeps a huge unknown key from costing seconds (found by fuzzing).
        if (length_difference(dotted, k.key) > limit) continue;
        const std::size_t d = edit_distance(dotted, k.key);
        if (d < best_d) best_d = d, best = &k;
    }
    if (best && best_d <= 2) return best->key;
    // The right name in the wrong table (`[db_pool] max_connections`, top-level `seed`).
    const auto dot = dotted.rfind('.');
    const std::string_view name = dot == std::string_view::npos ? dotted : dotted.substr(dot + 1);
    for (const KeySpec& k : config_schema()) {
        if (k.name() == name) return k.key;
    }
    if (best && best_d <= limit) return best->key;
    return {};
}

std::string_view suggest_table(std::string_view table) {
    std::string_view best;
    std::size_t best_d = std::numeric_limits<std::size_t>::max();
    const std::size_t limit = std::max<std::size_t>(2, table.size() / 3);
    for (const TableSpec& t : config_tables()) {
        if (length_difference(table, t.name) > limit) continue;  // as in suggest_key
        const std::size_t d = edit_distance(table, t.name);
        if (d < best_d) best_d = d, best = t.name;
    }
    return best_d <= limit ? best : std::string_view{};
}

std::string_view canonical_enum(const KeySpec& spec, std::string_view text) {
    for (const std::string_view a : spec.allowed) {
        if (a == text) return a;
    }
    for (const auto& [alias, target] : spec.aliases) {
        if (alias == text) return target;
    }
    return {};
}

// ---- value text -----------------------------------------------------------------------------

namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// Shortest round-trip text, in plain decimals unless that gets long: "0.0005" rather than the
// "5e-04" plain to_chars picks, but "1e+20" rather than twenty-one digits.
std::string shortest(double v) {
    char buf[400];  // fixed notation of the largest double has 309 digits
    const auto fixed = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    if (fixed.ec == std::errc{} && fixed.ptr - buf <= 16) return std::string(buf, fixed.ptr);
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string format_int(std::int64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

// For people (docs, messages): integral values without ".0" or exponent ("1000000", "0.5").
std::string format_number(double v) {
    if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 1e15) {
        return format_int(static_cast<std::int64_t>(v));
    }
    return shortest(v);
}

std::string escape_cell(std::string_view s) {
    std::string out;
    for (const char ch : s) {
        if (ch == '|') out += '\\';
        out += ch;
    }
    return out;
}

std::string number_range(std::string_view what, const KeySpec& k) {
    std::string out(what);
    if (!out.empty()) out += ' ';
    if (k.type == KeyType::Int && k.max >= kInt64Max) return out + format_number(k.min) + " or more";
    if (std::isinf(k.max)) return out + (k.min_exclusive ? "> " : "≥ ") + format_number(k.min);
    if (k.min_exclusive) return out + "greater than " + format_number(k.min) + ", at most " + format_number(k.max);
    return out + format_number(k.min) + " to " + format_number(k.max);
}

}  // namespace

std::string format_float(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (v == std::trunc(v) && std::fabs(v) < 1e15) {
        return std::string(std::signbit(v) && v == 0 ? "-" : "") + format_int(static_cast<std::int64_t>(v)) + ".0";
    }
    std::string s = shortest(v);
    // to_chars may answer "1e+20": a valid TOML float; only a bare integer would change type.
    if (s.find_first_of(".eE") == std::string::npos) s += ".0";
    return s;
}

std::string quote_toml_string(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out = "\"";
    for (const char ch : s) {
        const auto u = static_cast<unsigned char>(ch);
        switch (ch) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (u < 0x20 || u == 0x7f) {
                    out += "\\u00";
                    out += kHex[u >> 4];
                    out += kHex[u & 15];
                } else {
                    out += ch;
                }
        }
    }
    return out + "\"";
}

std::string format_distribution(const Distribution& d) {
    using D = Distribution;
    std::string body = std::visit(
        Overloaded{
            [](const D::Constant& p) { return "value = " + format_float(p.value); },
            [](const D::Uniform& p) { return "min = " + format_float(p.lo) + ", max = " + format_float(p.hi); },
            [](const D::Exponential& p) { return "mean = " + format_float(p.mean); },
            [](const D::Normal& p) {
                return "mean = " + format_float(p.mean) + ", stddev = " + format_float(p.stddev);
            },
            [](const D::LogNormal& p) {
                // The form the user wrote, so the numbers they chose come back unchanged.
                switch (p.form) {
                    case D::LogNormal::Form::MedianP99:
                        return "median = " + format_float(p.given_a) + ", p99 = " + format_float(p.given_b);
                    case D::LogNormal::Form::MeanStddev:
                        return "mean = " + format_float(p.given_a) + ", stddev = " + format_float(p.given_b);
                    case D::LogNormal::Form::MuSigma: break;
                }
                return "mu = " + format_float(p.mu) + ", sigma = " + format_float(p.sigma);
            },
            [](const D::Pareto& p) {
                return "scale = " + format_float(p.scale) + ", shape = " + format_float(p.shape);
            },
            [](const D::Gamma& p) { return "shape = " + format_float(p.shape) + ", scale = " + format_float(p.scale); },
            [](const D::Weibull& p) { return "shape = " + format_float(p.shape) + ", scale = " + format_float(p.scale); },
            [](const D::Empirical& p) {
                std::string list;
                for (const double x : p.sorted) list.append(list.empty() ? "" : ", ").append(format_float(x));
                return "samples = [" + list + "]";
            },
        },
        d.params());
    if (!d.cap() && std::holds_alternative<D::Constant>(d.params())) {
        return format_float(std::get<D::Constant>(d.params()).value);
    }
    if (d.cap()) body += ", cap = " + format_float(*d.cap());
    return "{ dist = \"" + std::string(d.kind_name()) + "\", " + body + " }";
}

std::string format_value(const Value& v) {
    return std::visit(
        Overloaded{
            [](std::monostate) { return std::string(); },
            [](bool b) { return std::string(b ? "true" : "false"); },
            [](std::int64_t i) { return format_int(i); },
            [](double x) { return format_float(x); },
            [](const std::string& s) { return quote_toml_string(s); },
            [](const Distribution& d) { return format_distribution(d); },
            [](const std::vector<CallSpec>& calls) {
                std::string out;
                for (const CallSpec& c : calls) {
                    out.append(out.empty() ? "[" : ", [").append(format_int(c.input_tokens)).append(", ");
                    out.append(format_int(c.output_tokens)).append("]");
                }
                return "[" + out + "]";
            },
            [](const std::vector<RateStep>& steps) {
                std::string out;
                for (const RateStep& r : steps) {
                    out.append(out.empty() ? "[" : ", [").append(format_float(r.at)).append(", ").append(format_float(r.rate)).append("]");
                }
                return "[" + out + "]";
            },
            [](const std::vector<FaultWindow>& windows) {
                std::string out;
                for (const FaultWindow& w : windows) {
                    out.append(out.empty() ? "[" : ", [").append(format_float(w.start)).append(", ");
                    out.append(format_float(w.end)).append(", ").append(format_float(w.value)).append("]");
                }
                return "[" + out + "]";
            },
            [](const CauseRates& rates) {
                if (rates.empty()) return std::string("{}");
                std::string out;
                for (const auto& [cause, share] : rates) {
                    out.append(out.empty() ? "{ " : ", ").append(cause).append(" = ").append(format_float(share));
                }
                return out + " }";
            },
        },
        v);
}

std::string format_value(const Config& c, const KeySpec& spec) { return format_value(spec.get(c)); }

double number_of(const Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return 0;
}

bool values_equal(const Value& a, const Value& b) {
    if (a.index() != b.index()) return false;
    return std::visit(
        [&](const auto& x) -> bool {
            using T = std::decay_t<decltype(x)>;
            const T& y = std::get<T>(b);
            if constexpr (std::is_same_v<T, std::monostate>) {
                return true;
            } else if constexpr (std::is_same_v<T, std::vector<CallSpec>>) {
                return std::equal(x.begin(), x.end(), y.begin(), y.end(), [](const CallSpec& p, const CallSpec& q) {
                    return p.input_tokens == q.input_tokens && p.output_tokens == q.output_tokens;
                });
            } else if constexpr (std::is_same_v<T, std::vector<RateStep>>) {
                return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                                  [](const RateStep& p, const RateStep& q) { return p.at == q.at && p.rate == q.rate; });
            } else if constexpr (std::is_same_v<T, std::vector<FaultWindow>>) {
                return std::equal(x.begin(), x.end(), y.begin(), y.end(), [](const FaultWindow& p, const FaultWindow& q) {
                    return p.start == q.start && p.end == q.end && p.value == q.value;
                });
            } else {
                return x == y;
            }
        },
        a);
}

std::string KeySpec::type_text() const {
    const std::string u = unit.empty() ? "" : std::string(", ") + std::string(unit);
    switch (type) {
        case KeyType::Int: return "integer" + u;
        case KeyType::Float: return "number" + u;
        case KeyType::Duration: return "seconds";
        case KeyType::Bool: return "boolean";
        case KeyType::String: return "string";
        case KeyType::Enum: return "string (one of a list)";
        case KeyType::Distribution: return "distribution" + u;
        case KeyType::CallList: return "list of [input, output] token pairs";
        case KeyType::RateStepList: return "list of [at, rate] pairs" + u;
        case KeyType::CauseRateTable: return "table: cause = share";
        case KeyType::WindowList: return "list of [start, end" + (min == max ? std::string() : ", " + std::string(unit)) + "] windows";
    }
    return {};
}

std::string KeySpec::allowed_text() const {
    switch (type) {
        case KeyType::Int: return number_range("integer", *this);
        case KeyType::Float: return number_range("number", *this);
        case KeyType::Duration: return number_range("seconds", *this);
        case KeyType::Bool: return "true or false";
        case KeyType::String: return "any string";
        case KeyType::Enum: {
            std::string out = "one of ";
            for (std::size_t i = 0; i < allowed.size(); ++i) {
                out += (i ? ", \"" : "\"") + std::string(allowed[i]) + "\"";
            }
            for (const auto& [alias, target] : aliases) {
                out += " (\"" + std::string(alias) + "\" means \"" + std::string(target) + "\")";
            }
            return out;
        }
        case KeyType::Distribution: return number_range("distribution of values", *this);
        case KeyType::CallList: return "[input, output] pairs of integers " + format_number(min) + " to " + format_number(max);
        case KeyType::RateStepList:
            return "[at, rate] pairs: at ≥ 0 s strictly increasing, rate " + format_number(min) + " to " +
                   format_number(max);
        case KeyType::CauseRateTable: return "cause names (see Causes) = share " + format_number(min) + " to " + format_number(max);
        case KeyType::WindowList: {
            std::string out = "[start, end";
            out += min == max ? "" : ", " + std::string(unit);
            out += "] windows: 0 ≤ start < end ≤ " + format_number(kMaxWindowTime) + " s, in time order, not overlapping";
            // A fixed value (an outage) may still be written out, for one shape across fault lists.
            if (min == max) return out + " (a third number, if given, must be " + format_number(min) + ")";
            return out + "; " + number_range(unit, *this);
        }
    }
    return {};
}

// ---- documentation --------------------------------------------------------------------------

std::string schema_markdown() {
    const Config defaults;
    std::string out;
    const auto section = [&](std::string_view title, std::string_view table) {
        out += "\n### " + std::string(title) + "\n\n";
        out += "| Key | Type | Default | Allowed | Meaning |\n|---|---|---|---|---|\n";
        for (const KeySpec& k : config_schema()) {
            if (k.table() != table) continue;
            const std::string def = format_value(defaults, k);
            std::string meaning(k.doc);
            if (!k.model_ref.empty()) meaning += " [MODEL.md " + std::string(k.model_ref) + "]";
            out += "| `" + std::string(k.key) + "` | " + escape_cell(k.type_text()) + " | " +
                   (def.empty() ? std::string("unset") : "`" + escape_cell(def) + "`") + " | " +
                   escape_cell(k.allowed_text()) + " | " + escape_cell(meaning) + " |\n";
        }
    };
    section("Top level", "");
    for (const TableSpec& t : config_tables()) {
        std::string title = "`[" + std::string(t.name) + "]` — " + std::string(t.doc);
        if (!t.model_ref.empty()) title += " [MODEL.md " + std::string(t.model_ref) + "]";
        section(title, t.name);
    }
    return out;
}

std::string causes_markdown() {
    std::string out;
    for (std::size_t i = 0; i < kCauseCount; ++i) {
        const CauseInfo& c = info(static_cast<Cause>(i));
        out += "- `" + std::string(c.name) + "` — " + std::string(c.summary) + "\n";
    }
    return out;
}

}  // namespace gatetune::sim
