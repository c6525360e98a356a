#include "sim/diagnosis/catalogue.hpp"

namespace gatetune::sim::diagnosis {

namespace {

using C = Cause;

// Priors are wide on purpose: from "certainly harmless" to "certainly fatal" for a gateway of this
// kind, log-uniform where the plausible values span orders of magnitude.
// A provider's rate limit is removed the same two ways whichever limit it is: respect it (wait the
// 429's Retry-After, with attempts to spare) or raise it.
std::vector<FixRow> rate_limit_fixes(std::string_view raise_label, std::string_view key, double raise_max) {
    return {{.label = "honour 429 and wait its Retry-After before retrying", .sets = {"http_client.retry_on_429=true"}},
            {.label = "honour 429 with Retry-After, up to 6 attempts",
             .sets = {"http_client.retry_on_429=true", "http_client.max_attempts=6"}},
            {.label = raise_label, .raise = key, .raise_max = raise_max}};
}

std::vector<Mechanism> build() {
    std::vector<Mechanism> m;
    m.push_back({.id = "upstream_tpm",
                 .title = "upstream tokens-per-minute limit (token bucket)",
                 .sets = {"upstream.tpm={tpm}", "upstream.rate_window=token_bucket"},
                 .params = {{.name = "tpm", .unit = "tokens/min", .min = 500, .max = 2'000'000, .log = true, .integer = true}},
                 .causes = {C::UpstreamRateLimited},
                 .mechanism = "The provider counts prompt + max_tokens of every admitted call against a per-minute token "
                              "budget and answers 429 once it is spent; the app's raise_for_status turns the 429 into an "
                              "exception and the catch-all handler into a 500 (docs/MODEL.md §8).",
                 .fixes = rate_limit_fixes("raise the provider's token limit", "upstream.tpm", 100'000'000)});
    m.push_back({.id = "upstream_tpm_rolling",
                 .title = "upstream tokens-per-minute limit (rolling minute)",
                 .sets = {"upstream.tpm={tpm}", "upstream.rate_window=rolling"},
                 .params = {{.name = "tpm", .unit = "tokens/min", .min = 500, .max = 2'000'000, .log = true, .integer = true}},
                 .causes = {C::UpstreamRateLimited},
                 .mechanism = "The provider (or a proxy before it) counts prompt + max_tokens of the calls admitted in the "
                              "last 60 s and answers 429 while that exceeds its budget, so nothing comes back until a minute "
                              "after it was spent; the app turns the 429 into a 500 (docs/MODEL.md §8).",
                 .fixes = rate_limit_fixes("raise the provider's token limit", "upstream.tpm", 100'000'000)});
    m.push_back({.id = "upstream_rpm",
                 .title = "upstream requests-per-minute limit",
                 .sets = {"upstream.rpm={rpm}", "upstream.rate_window=token_bucket"},
                 .params = {{.name = "rpm", .unit = "requests/min", .min = 1, .max = 10'000, .log = true, .integer = true}},
                 .causes = {C::UpstreamRateLimited},
                 .mechanism = "The provider admits a fixed number of calls per minute and answers 429 beyond it, whatever "
                              "their size; the app turns the 429 into a 500 (docs/MODEL.md §8).",
                 .fixes = rate_limit_fixes("raise the provider's request limit", "upstream.rpm", 1'000'000)});
    m.push_back({.id = "upstream_slow",
                 .title = "slow generation against the read timeout",
                 .sets = {"upstream.time_per_output_token={tpot}", "upstream.ttft_base={ttft}"},
                 .params = {{.name = "tpot", .unit = "s/token", .min = 0.002, .max = 1.0, .log = true},
                            {.name = "ttft", .unit = "s", .min = 0.05, .max = 120, .log = true}},
                 .causes = {C::UpstreamReadTimeout, C::ClientTimeout, C::LbIdleTimeout, C::WorkerKilled},
                 .mechanism = "A non-streamed completion sends no byte until generation ends, so httpx's read timeout "
                              "must cover queueing, prefill and the whole decode; each timed-out attempt is retried "
                              "from the start (docs/MODEL.md §4, §7).",
                 .fixes = {{.label = "read timeout of 300 s", .sets = {"http_client.read_timeout=300"}},
                           {.label = "raise the read timeout", .raise = "http_client.read_timeout", .raise_max = 3600}}});
    m.push_back({.id = "upstream_slots",
                 .title = "upstream concurrency slots (queueing, O6 collapse)",
                 .sets = {"upstream.slots={slots}"},
                 .params = {{.name = "slots", .unit = "generations", .min = 1, .max = 512, .log = true, .integer = true}},
                 .causes = {C::UpstreamReadTimeout, C::ClientTimeout, C::UpstreamError, C::LbIdleTimeout},
                 .mechanism = "The provider runs a fixed number of generations at once and queues the rest; a caller that "
                              "times out does not free its slot (the router is not told), so retries multiply the load "
                              "(docs/MODEL.md §8, §9 O6).",
                 .fixes = {{.label = "no retry on timeout, read timeout of 300 s",
                            .sets = {"http_client.retry_on_timeout=false", "http_client.read_timeout=300"}},
                           {.label = "raise the provider's slots", .raise = "upstream.slots", .raise_max = 100'000}}});
    m.push_back({.id = "upstream_errors",
                 .title = "upstream error rate",
                 .sets = {"upstream.error_probability={p}"},
                 .params = {{.name = "p", .unit = "share", .min = 0.001, .max = 1.0, .log = true}},
                 .causes = {C::UpstreamError},
                 .mechanism = "The router answers a share of calls with a 5xx; the app retries them max_attempts times and "
                              "answers 500 when every attempt failed (docs/MODEL.md §8).",
                 .fixes = {{.label = "6 attempts with 0.5 s doubling backoff",
                            .sets = {"http_client.max_attempts=6", "http_client.retry_backoff=0.5"}}}});
    m.push_back({.id = "upstream_outage",
                 .title = "upstream outage",
                 .sets = {"faults.upstream_outage=[[{start}, {start+length}]]"},
                 .params = {{.name = "start", .unit = "s", .min = 0, .max = 1, .span = true},
                            {.name = "length", .unit = "s", .min = 0.01, .max = 1, .log = true, .span = true}},
                 .causes = {C::UpstreamConnectError},
                 .mechanism = "The upstream refused connections for a while; httpx raises ConnectError, which the app does "
                              "not retry, and the handler answers 500.",
                 .fixes = {}});
    m.push_back({.id = "context_length",
                 .title = "upstream context length",
                 .sets = {"upstream.context_length={tokens}"},
                 .params = {{.name = "tokens", .unit = "tokens", .min = 256, .max = 1'000'000, .log = true, .integer = true}},
                 .causes = {C::ContextLengthExceeded},
                 .mechanism = "The model refuses a call whose prompt + max_tokens exceed its context with a 400, which the "
                              "app turns into a 500.",
                 .fixes = {}});
    m.push_back({.id = "db_pool_exhaustion",
                 .title = "DB pool too small for connections held across the upstream call",
                 .sets = {"db_pool.pool_size={size}", "db_pool.max_overflow=0", "db_pool.pool_timeout={wait}"},
                 .params = {{.name = "size", .unit = "connections", .min = 1, .max = 64, .log = true, .integer = true},
                            {.name = "wait", .unit = "s", .min = 0.1, .max = 60, .log = true}},
                 .causes = {C::DbPoolTimeout},
                 .mechanism = "Depends(get_db) holds the pooled connection from the first query until the session closes, "
                              "across the awaited upstream call; once pool_size + max_overflow are out, a checkout waits "
                              "pool_timeout and raises QueuePool's TimeoutError (docs/MODEL.md §3).",
                 .fixes = {{.label = "release the connection before the upstream call", .sets = {"request.db_holding=per_query"}},
                           {.label = "raise the pool size", .raise = "db_pool.pool_size", .raise_max = 1000}}});
    m.push_back({.id = "session_leak",
                 .title = "DB session leak",
                 .sets = {"request.leak_probability={p}", "request.leak_reclaim=never"},
                 .params = {{.name = "p", .unit = "share", .min = 0.001, .max = 1.0, .log = true}},
                 .causes = {C::DbPoolTimeout},
                 .mechanism = "A code path never closes its session and keeps a reference to it, so its connection never "
                              "returns to the pool; the pool drains request by request until every checkout times out. "
                              "(An unreferenced session is freed by the garbage collector, which returns the connection; "
                              "docs/MODEL.md §3, §9 O9.)",
                 .fixes = {{.label = "close every session (async with / finally)", .sets = {"request.leak_probability=0"}}}});
    m.push_back({.id = "db_max_connections",
                 .title = "PostgreSQL max_connections",
                 .sets = {"db_server.max_connections={max}"},
                 .params = {{.name = "max", .unit = "connections", .min = 4, .max = 1000, .log = true, .integer = true}},
                 .causes = {C::DbTooManyClients},
                 .mechanism = "Every worker's pool grows on its own; once the server's non-reserved slots are taken a new "
                              "connection fails with TooManyConnectionsError (53300) (docs/MODEL.md §6, §9 O5).",
                 .fixes = {{.label = "no overflow connections", .sets = {"db_pool.max_overflow=0"}},
                           {.label = "raise max_connections", .raise = "db_server.max_connections", .raise_max = 10'000}}});
    m.push_back({.id = "sync_worker_timeout",
                 .title = "gunicorn timeout with sync workers",
                 .sets = {"server.worker_class=sync", "server.timeout={timeout}"},
                 .params = {{.name = "timeout", .unit = "s", .min = 1, .max = 600, .log = true}},
                 .causes = {C::WorkerKilled},
                 .mechanism = "A sync worker notifies the arbiter only between requests, so any request longer than "
                              "--timeout — even one only waiting on the upstream — gets the worker killed (docs/MODEL.md §1, "
                              "§9 O3).",
                 .fixes = {{.label = "UvicornWorker (the heartbeat runs on the event loop)",
                            .sets = {"server.worker_class=uvicorn"}},
                           {.label = "raise the worker timeout", .raise = "server.timeout", .raise_max = 3600}}});
    m.push_back({.id = "worker_timeout",
                 .title = "gunicorn worker timeout",
                 .sets = {"server.timeout={timeout}"},
                 .params = {{.name = "timeout", .unit = "s", .min = 1, .max = 600, .log = true}},
                 .causes = {C::WorkerKilled},
                 .mechanism = "The arbiter kills a worker whose heartbeat is older than --timeout. With UvicornWorker the "
                              "heartbeat is a coroutine on the event loop, so awaiting the upstream never trips it; only a "
                              "blocked loop does (docs/MODEL.md §1, §9 O3).",
                 .fixes = {{.label = "raise the worker timeout", .raise = "server.timeout", .raise_max = 3600}}});
    m.push_back({.id = "blocked_loop",
                 .title = "blocked event loop (synchronous work in async code)",
                 .sets = {"request.blocking_call={seconds}", "request.blocking_probability={share}"},
                 .params = {{.name = "seconds", .unit = "s", .min = 0.05, .max = 300, .log = true},
                            {.name = "share", .unit = "share", .min = 0.01, .max = 1.0, .log = true}},
                 .causes = {C::WorkerKilled, C::ClientTimeout, C::LbIdleTimeout},
                 .mechanism = "Synchronous work on the event loop stops every request of that worker and its heartbeat; a "
                              "stall near --timeout gets the whole worker killed with every request in flight "
                              "(docs/MODEL.md §1, §9 O3).",
                 .fixes = {{.label = "move the blocking call off the loop (run_in_executor)",
                            .sets = {"request.blocking_probability=0"}}}});
    m.push_back({.id = "alb_idle_timeout",
                 .title = "load balancer idle timeout (504)",
                 .sets = {"load_balancer.enabled=true", "load_balancer.idle_timeout={idle}"},
                 .params = {{.name = "idle", .unit = "s", .min = 1, .max = 4000, .log = true}},
                 .causes = {C::LbIdleTimeout},
                 .mechanism = "The ALB closes a connection on which no byte moved for idle_timeout and answers 504, while "
                              "the app keeps working on a non-streamed call (docs/MODEL.md §5).",
                 .fixes = {{.label = "stream the completion", .sets = {"workload.stream=true"}},
                           {.label = "raise the ALB idle timeout", .raise = "load_balancer.idle_timeout", .raise_max = 4000}}});
    m.push_back({.id = "alb_keepalive_race",
                 .title = "keep-alive shorter than the load balancer's idle timeout (502)",
                 .sets = {"load_balancer.enabled=true", "server.keepalive={keepalive}"},
                 .params = {{.name = "keepalive", .unit = "s", .min = 0.5, .max = 120, .log = true}},
                 .causes = {C::LbKeepaliveRace},
                 .mechanism = "uvicorn closes an idle keep-alive connection after gunicorn's --keep-alive (2 s); the ALB may "
                              "send the next request on it as the FIN arrives and answers 502 (docs/MODEL.md §2, §5).",
                 .fixes = {{.label = "keep-alive above the ALB idle timeout", .sets = {"server.keepalive=75"}}}});
    m.push_back({.id = "gateway_limiter",
                 .title = "the gateway's own per-key request limiter (429)",
                 .sets = {"rate_limiter.enabled=true", "rate_limiter.requests_per_minute={rpm}"},
                 .params = {{.name = "rpm", .unit = "requests/min", .min = 1, .max = 10'000, .log = true, .integer = true}},
                 .causes = {C::GatewayRateLimited},
                 .mechanism = "The gateway's per-key request bucket answers 429 itself once a key's requests per minute "
                              "are spent (each worker process keeps its own bucket unless the limiter is shared).",
                 .fixes = {{.label = "raise the gateway's per-key request limit", .raise = "rate_limiter.requests_per_minute",
                            .raise_max = 1'000'000}}});
    m.push_back({.id = "gateway_token_limiter",
                 .title = "the gateway's own per-key token limiter (429)",
                 .sets = {"rate_limiter.enabled=true", "rate_limiter.tokens_per_minute={tpm}"},
                 .params = {{.name = "tpm", .unit = "tokens/min", .min = 500, .max = 2'000'000, .log = true, .integer = true}},
                 .causes = {C::GatewayRateLimited},
                 .mechanism = "The gateway's per-key token bucket answers 429 itself once a key's budget is spent.",
                 .fixes = {{.label = "raise the gateway's per-key token budget", .raise = "rate_limiter.tokens_per_minute",
                            .raise_max = 100'000'000}}});
    m.push_back({.id = "limit_concurrency",
                 .title = "uvicorn limit_concurrency (503)",
                 .sets = {"server.limit_concurrency={limit}"},
                 .params = {{.name = "limit", .unit = "requests", .min = 1, .max = 2000, .log = true, .integer = true}},
                 .causes = {C::ConcurrencyLimit},
                 .mechanism = "With limit_concurrency set, uvicorn answers 503 Service Unavailable once a worker holds that "
                              "many connections or tasks (docs/MODEL.md §2).",
                 .fixes = {{.label = "no concurrency limit", .sets = {"server.limit_concurrency=0"}}}});
    m.push_back({.id = "http_pool",
                 .title = "httpx connection limit (PoolTimeout)",
                 .sets = {"http_client.mode=shared", "http_client.max_connections={max}", "http_client.pool_timeout={wait}"},
                 .params = {{.name = "max", .unit = "connections", .min = 1, .max = 200, .log = true, .integer = true},
                            {.name = "wait", .unit = "s", .min = 0.1, .max = 60, .log = true}},
                 .causes = {C::HttpPoolTimeout},
                 .mechanism = "A shared httpx.AsyncClient opens at most max_connections to the upstream; a call beyond them "
                              "waits pool_timeout for one and raises PoolTimeout (docs/MODEL.md §4).",
                 .fixes = {{.label = "raise max_connections", .raise = "http_client.max_connections", .raise_max = 10'000}}});
    m.push_back({.id = to_string(C::ClientTimeout),
                 .title = "the caller's own timeout",
                 .sets = {"workload.client_timeout={timeout}"},
                 .params = {{.name = "timeout", .unit = "s", .min = 0.5, .max = 600, .log = true}},
                 .causes = {C::ClientTimeout},
                 .mechanism = "The caller gave up before the gateway answered; the gateway never learns of it and the "
                              "upstream keeps generating (docs/MODEL.md §9 O6).",
                 .fixes = {{.label = "raise the caller's timeout", .raise = "workload.client_timeout", .raise_max = 3600}}});
    m.push_back({.id = "deploy_restart",
                 .title = "restart or deploy during the traffic",
                 .sets = {"server.restart_at={at}"},
                 .params = {{.name = "at", .unit = "s", .min = 0, .max = 1, .span = true}},
                 .causes = {C::WorkerKilled, C::LbTargetClosed, C::BacklogFull},
                 .mechanism = "A restart signal drains the workers for graceful_timeout, then kills what is still running; "
                              "replacements serve only after booting (docs/MODEL.md §1, §2).",
                 .fixes = {{.label = "graceful timeout of 300 s", .sets = {"server.graceful_timeout=300"}}}});
    return m;
}

}  // namespace

const std::vector<Mechanism>& catalogue() {
    static const std::vector<Mechanism> rows = build();
    return rows;
}

const Mechanism* find_mechanism(std::string_view id) {
    for (const Mechanism& m : catalogue())
        if (m.id == id) return &m;
    return nullptr;
}

std::string mechanism_ids() {
    std::string out;
    for (const Mechanism& m : catalogue()) {
        if (!out.empty()) out += ", ";
        out += m.id;
    }
    return out;
}

}  // namespace gatetune::sim::diagnosis
