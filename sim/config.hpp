#pragma once
// The configuration of one simulated (or live) stack, table by table as in a preset file. Every
// field defaults to the real component's default (docs/MODEL.md section in brackets); durations are
// seconds as double here and become integer microseconds inside the model. Units, ranges and
// documentation of every key live in sim/preset/config_schema.cpp (one table drives parsing, --set,
// the GUI editor and export).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/distribution.hpp"

namespace gatetune::sim {

using engine::Distribution;

enum class WorkerClass { Sync, Gthread, Uvicorn };
enum class DbHolding { PerRequest, PerQuery };
enum class HttpClientMode { PerRequest, Shared };
enum class WorkloadKind { Sessions, Open, Trace };
enum class RestartSignal { Term, Hup };
enum class RateWindow { TokenBucket, Rolling, Fixed };
// Which tokens a tokens-per-minute limit counts: those requested (prompt + max_tokens, charged
// when the call is admitted) or those served (prompt + generated, charged as the call completes).
enum class TokenCount { Requested, Served };
// What becomes of a leaked session's connection: CPython's cyclic garbage collector frees an
// unreferenced session and SQLAlchemy's finalizer returns its connection invalidated; a session
// the app still references (a global, app.state, a cache) holds it until the worker dies.
enum class LeakReclaim { Gc, Never };

// [server] — gunicorn master and workers, plus the uvicorn settings UvicornWorker passes. [§1, §2]
struct ServerConfig {
    int workers = 1;                  // gunicorn --workers (WEB_CONCURRENCY or 1)
    int cpus = 0;                     // cores the worker processes share; 0 = one each (never contended)
    WorkerClass worker_class = WorkerClass::Sync;  // gunicorn default is sync
    int threads = 1;                  // gthread threads per worker
    int worker_connections = 1000;    // gthread accept limit
    double timeout = 30;              // gunicorn --timeout; 0 disables
    double graceful_timeout = 30;     // drain time after a restart signal
    double keepalive = 2;             // gunicorn --keep-alive, passed to uvicorn's timeout_keep_alive
    int backlog = 2048;               // listen backlog
    int max_requests = 0;             // 0 = never restart
    int max_requests_jitter = 0;
    int limit_concurrency = 0;        // uvicorn; 0 = None (unbounded)
    double boot_time = 1.5;           // fork + import app + lifespan startup (UNCONFIRMED, app-specific)
    double arbiter_interval = 1.0;    // master loop select() timeout
    double heartbeat_tick = 1.0;      // uvicorn on_tick every 10 × 0.1 s; sync/gthread poll 1 s
    double abort_to_kill = 1.0;       // SIGABRT → SIGKILL when the process ignores SIGABRT (sync in C code)
    std::optional<double> restart_at; // a restart of every worker at this time (s), e.g. a deploy
    RestartSignal restart_signal = RestartSignal::Term;  // term: Arbiter.stop(graceful); hup: reload
};

// [request] — the FastAPI handler's request path. [§3, reference-runs README]
struct RequestConfig {
    DbHolding db_holding = DbHolding::PerRequest;  // Depends(get_db): held from first query to close
    bool cleanup_after_response = true;            // FastAPI <0.106 and ≥0.118 close the session after sending
    // The loop's CPU before and after the upstream call, measured on the real stack (uvicorn's
    // HTTP, FastAPI, the SQLAlchemy statements, httpx; docs/FIDELITY.md "CPU per request").
    Distribution parse_cpu = Distribution::constant(0.003);      // up to the upstream call (s, blocks the loop)
    double cpu_per_input_token = 0.0;              // s per prompt token on the loop (e.g. token counting; JSON: < 0.01 µs measured)
    double cpu_per_output_token = 0.0;             // s per completion token (response building; JSON: ~0.1 µs measured)
    Distribution response_cpu = Distribution::constant(0.0024);  // from the upstream's answer to the response sent (also a 500's)
    int api_key_queries = 1;                       // SELECT api key (the first query checks the connection out)
    bool session_lookup = true;                    // look up the chat session, INSERT it when missing
    int private_key_queries = 1;                   // SELECT the private key
    int usage_writes = 2;                          // INSERT usage + UPDATE session, then COMMIT
    double leak_probability = 0.0;                 // a session never closed (its connection not checked in)
    LeakReclaim leak_reclaim = LeakReclaim::Gc;    // whether the garbage collector returns it
    Distribution blocking_call = Distribution::constant(0.0);  // synchronous work that blocks the event loop (s)
    double blocking_probability = 0.0;             // share of requests that do the blocking call
    bool exception_handler_500 = true;             // catch-all handler turns exceptions into HTTP 500
    bool upstream_status_passthrough = false;      // upstream 4xx returned as-is (else raise → 500)
    // O1: after a 500 from the catch-all handler uvicorn 0.17 closes the connection this long
    // after sending the response; a keep-alive client that sends its next request sooner fails
    // with httpx.ReadError before reaching the handler. 0 disables (newer uvicorn keeps it open).
    double close_after_error_delay = 0.002;
    // O4: lookup-or-create without a lock or upsert: two in-flight requests of one user can both
    // miss the chat session and both INSERT it; the second commit fails with IntegrityError.
    bool session_create_race = true;
};

// [db_pool] — SQLAlchemy create_async_engine / QueuePool, one per worker process. [§3]
struct DbPoolConfig {
    int pool_size = 5;
    int max_overflow = 10;
    double pool_timeout = 30;
    double pool_recycle = -1;          // -1 disabled
    bool pool_pre_ping = false;
    bool pool_use_lifo = false;
    Distribution connect_time = Distribution::lognormal_from_median_p99(0.004, 0.02);  // TCP + auth (s)
};

// [db_server] — PostgreSQL. [§6]
struct DbServerConfig {
    int max_connections = 100;
    int superuser_reserved_connections = 3;
    int other_connections = 0;         // held by other services or replicas outside this simulation
    int max_parallel_queries = 8;      // queries executing at once (CPU cores); more queue
    Distribution query_time = Distribution::lognormal_from_median_p99(0.0008, 0.006);  // per statement (s)
    Distribution commit_time = Distribution::lognormal_from_median_p99(0.0015, 0.01);
    double round_trip = 0.0002;        // network RTT app ↔ DB (s), paid per statement and per ping
};

// [http_client] — httpx.AsyncClient to the upstream. [§4]
struct HttpClientConfig {
    HttpClientMode mode = HttpClientMode::Shared;
    int max_connections = 100;
    int max_keepalive_connections = 20;
    double keepalive_expiry = 5;
    double connect_timeout = 5;        // httpx.Timeout(5.0) sets all four
    double read_timeout = 5;
    double write_timeout = 5;
    double pool_timeout = 5;
    int max_attempts = 1;              // the app's retry loop: total attempts (range(max_retries))
    double retry_backoff = 0;          // s between attempts (multiplied by 2 each retry)
    bool retry_on_timeout = true;
    bool retry_on_5xx = true;
    bool retry_on_429 = false;         // honour 429 + Retry-After instead of raise_for_status → 500
    bool http2 = false;
    bool tls = true;
    Distribution connect_time = Distribution::lognormal_from_median_p99(0.001, 0.005);   // TCP handshake (s)
    Distribution tls_time = Distribution::lognormal_from_median_p99(0.004, 0.02);        // TLS handshake (s)
    Distribution client_setup_cpu = Distribution::constant(0.0215);  // new AsyncClient(): SSLContext, blocks the loop [§4]
};

// [upstream] — the proxy router and the LLM behind it. [§7, §8]
struct UpstreamConfig {
    double network_rtt = 0.002;
    Distribution router_overhead = Distribution::constant(0.005);
    double ttft_base = 0.15;           // s before the first token with an empty prompt
    double prefill_tokens_per_s = 10000;
    double time_per_output_token = 0.015;
    double decode_slowdown = 0.0;      // relative growth of time per token per extra concurrent sequence
    Distribution latency_factor = Distribution::constant(1.0);  // multiplies the whole service (heavy tail)
    int slot_count = 0;                // preset key `slots`: concurrent generations; 0 = unlimited (field not named `slots`: Qt macro)
    int max_queue = 0;                 // requests waiting for a slot; 0 = unlimited
    int rpm = 0;                       // requests per minute; 0 = unlimited
    int tpm = 0;                       // tokens per minute (prompt + max output); 0 = unlimited
    RateWindow rate_window = RateWindow::TokenBucket;  // how "per minute" is counted (UNCONFIRMED per provider)
    TokenCount tpm_counts = TokenCount::Requested;     // which tokens tpm counts
    int context_length = 0;            // prompt + output tokens; 0 = unlimited
    double error_probability = 0.0;    // HTTP 500 from the router
    double stall_probability = 0.0;    // the response never comes (until stall_time)
    double stall_time = 600;
    bool cancel_on_disconnect = false; // O6: the real router does not notice
};

// [workload] — who calls the gateway and how. [reference-runs README]
struct CallSpec {
    int input_tokens = 0;
    int output_tokens = 0;
};
// One caller of an observed incident: when it started and the calls it sent in order, each
// followed by the pause the caller took before the next (its think time).
struct ReplayedSession {
    double start = 0;                  // s after the first observed request
    std::vector<CallSpec> calls;
    std::vector<double> pause_after;   // s, one per call (the last one unused)
};
struct RateStep {
    double at = 0;                     // s
    double rate = 0;                   // requests/s from then on
};
struct WorkloadConfig {
    WorkloadKind kind = WorkloadKind::Sessions;
    int users = 1;
    std::vector<CallSpec> calls;       // the script each user runs (in order)
    int repeats = 1;                   // times each user runs the script
    Distribution think_time = Distribution::constant(0.0);
    double start_spread = 0;           // users start uniformly over [0, start_spread)
    double client_timeout = 300;
    double network_rtt = 0;            // callers ↔ front door round trip (s)
    bool stream = false;
    bool keepalive = true;
    // Open loop: Poisson arrivals whose rate follows `steps`, for `duration` seconds; each arrival
    // sends the next call of the script (cycling), or draws tokens from the distributions.
    double rate = 1.0;
    std::vector<RateStep> steps;
    double ramp = 0;                   // s over which each rate step is reached linearly
    double duration = 60;
    std::optional<Distribution> input_tokens;
    std::optional<Distribution> output_tokens;
    int api_keys = 1;                  // users (or arrivals) share this many API keys, round robin
    // Trace replay (kind = "trace"): CSV or JSONL rows t, input_tokens, output_tokens[, api_key][, stream],
    // path relative to the preset file; t is multiplied by time_scale.
    std::string trace;
    double time_scale = 1.0;
    // Replayed sessions (gatetune diagnose), not a preset key: when not empty, user u runs
    // sessions[u] from its start instead of `calls`, and `users` is ignored.
    std::vector<ReplayedSession> sessions;
};

// [load_balancer] — an AWS ALB in front of the gateway (optional). [docs/MODEL.md §5]
struct LoadBalancerConfig {
    bool enabled = false;
    double idle_timeout = 60;          // idle_timeout.timeout_seconds: no byte either way for this long → close (504 if a request waits)
    double connect_timeout = 10;       // target connection timeout → 504
    // A request that reuses a target connection within this window after the target closed it
    // idle (keep-alive expiry) meets the FIN in flight → 502. Derived from connection idle times,
    // not a fixed probability.
    double race_window = 0.001;
    double network_rtt = 0.0005;       // ALB ↔ target
};

// [rate_limiter] — the gateway's own limiter (the report's root cause §5, "no request queuing/throttling"): per API key buckets and a
// concurrency cap with a bounded queue wait → 429 with Retry-After.
struct RateLimiterConfig {
    bool enabled = false;
    int requests_per_minute = 0;       // per key; 0 = no limit
    int tokens_per_minute = 0;         // per key, prompt + max output; 0 = no limit
    int burst_requests = 0;            // bucket size; 0 = the per-minute rate
    int burst_tokens = 0;
    RateWindow window = RateWindow::TokenBucket;  // how "per minute" is counted
    int max_concurrent = 0;            // requests in the handler at once; 0 = no cap
    double max_queue_wait = 0;         // s a request may wait for the cap before 429
    bool per_worker = true;            // in-process state: each worker process limits on its own
};

// [faults] — changes at given times: [start, end, value] windows.
struct FaultWindow {
    double start = 0;
    double end = 0;
    double value = 0;
};
struct FaultsConfig {
    std::vector<FaultWindow> upstream_slowdown;    // value: latency multiplier
    std::vector<FaultWindow> upstream_outage;      // value unused: connections refused
    std::vector<FaultWindow> upstream_error_burst; // value: probability of HTTP 500
    std::vector<FaultWindow> db_slowdown;          // value: statement time multiplier
};

// [slo] — expectations checked by validate/check. Unset = not checked.
struct SloConfig {
    std::optional<double> max_error_rate;
    std::optional<double> p50;
    std::optional<double> p99;
    std::vector<std::pair<std::string, double>> max_cause_rate;  // cause → max share of requests
};

// [simulation]
struct SimulationConfig {
    std::uint64_t seed = 1;
    double max_time = 3600;            // hard stop of simulated time (s)
    double sample_interval = 1.0;      // time-series resolution (s)
    bool record_requests = true;       // keep one record per request (off for huge runs)
};

struct Config {
    std::string name;
    std::string description;
    ServerConfig server;
    RequestConfig request;
    DbPoolConfig db_pool;
    DbServerConfig db_server;
    HttpClientConfig http_client;
    UpstreamConfig upstream;
    WorkloadConfig workload;
    LoadBalancerConfig load_balancer;
    RateLimiterConfig rate_limiter;
    FaultsConfig faults;
    SloConfig slo;
    SimulationConfig simulation;
    int replicas = 1;                  // [deployment] copies of the service sharing the database
};

const char* to_string(WorkerClass c);
const char* to_string(DbHolding h);
const char* to_string(HttpClientMode m);
const char* to_string(WorkloadKind k);
const char* to_string(RestartSignal s);
const char* to_string(RateWindow w);
const char* to_string(TokenCount c);
const char* to_string(LeakReclaim r);

}  // namespace gatetune::sim
