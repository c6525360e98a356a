#include "sim/outcome.hpp"

#include <string>

namespace gatetune::sim {
namespace {

// Indexed by Cause. Names are the stable identifiers presets, reports and validation use, so
// they never change once published; summaries quote the error text a user would find in logs.
constexpr std::array<CauseInfo, kCauseCount> kCauses{{
    {"ok", "the request succeeded"},
    {"db_pool_timeout",
     "sqlalchemy.exc.TimeoutError: QueuePool limit of size X overflow Y reached, connection timed "
     "out, timeout Z (every pool connection stayed checked out for pool_timeout; HTTP 500)"},
    {"db_too_many_clients",
     "asyncpg TooManyConnectionsError (53300): sorry, too many clients already (a new pool "
     "connection exceeded PostgreSQL max_connections; HTTP 500)"},
    {"http_pool_timeout",
     "httpx.PoolTimeout: no httpx connection to the upstream became free within the pool timeout "
     "(HTTP 500)"},
    {"upstream_connect_timeout",
     "httpx.ConnectTimeout: TCP/TLS to the upstream not established within the connect timeout "
     "(HTTP 500)"},
    {"upstream_connect_error",
     "httpx.ConnectError: the upstream refused or reset the connection (it is down) (HTTP 500)"},
    {"upstream_read_timeout",
     "httpx.ReadTimeout: the upstream sent no response within the read timeout (HTTP 500)"},
    {"upstream_error",
     "the upstream answered HTTP 5xx on the last attempt (httpx.HTTPStatusError; HTTP 500)"},
    {"upstream_rate_limited",
     "the upstream answered 429 Too Many Requests: rate limit reached (RPM/TPM)"},
    {"context_length_exceeded",
     "the upstream answered 400: This model's maximum context length is N tokens "
     "(context_length_exceeded)"},
    {"worker_killed",
     "gunicorn WORKER TIMEOUT → SIGABRT: the worker died with the request in flight (client: "
     "RemoteProtocolError; behind an ALB: 502)"},
    {"lb_idle_timeout",
     "ALB 504 Gateway Timeout: the target sent no byte within the load balancer's idle_timeout"},
    {"lb_keepalive_race",
     "ALB 502 Bad Gateway: the ALB reused a keep-alive connection the target had just closed "
     "(target keep-alive shorter than the ALB idle timeout)"},
    {"lb_target_closed",
     "ALB 502 Bad Gateway: the ALB's request met the target closing the connection for another "
     "reason than a kill (uvicorn's close after a 500, O1); a killed worker keeps cause "
     "worker_killed with status 502"},
    {"concurrency_limit",
     "uvicorn limit_concurrency reached: 503 Service Unavailable before the app saw the request"},
    {"backlog_full",
     "listen backlog full: the connection is never accepted (client: ConnectTimeout or "
     "ConnectError)"},
    {"client_timeout",
     "the caller's own timeout fired first (client: httpx.ReadTimeout); the gateway may still be "
     "working on it"},
    {"gateway_rate_limited", "the gateway's own rate limiter answered 429 Too Many Requests"},
    {"closed_after_error",
     "httpx.ReadError: the client reused the keep-alive connection uvicorn was closing after a "
     "500 and the request never reached the handler (O1)"},
    {"session_create_race",
     "sqlalchemy.exc.IntegrityError: duplicate key value violates unique constraint (asyncpg "
     "UniqueViolationError 23505: two requests inserted the same chat session; O4; HTTP 500)"},
    {"db_error",
     "live gateway only: the database failed a statement (database is locked, read-only, disk "
     "full); HTTP 503, nothing half-written"},
    {"invalid_request",
     "live gateway only: the gateway rejected the request itself (malformed HTTP or JSON, header "
     "or body too large; HTTP 4xx)"},
    {"invalid_api_key",
     "live gateway only: the API key is missing, malformed, unknown or revoked (HTTP 401, whatever "
     "the body)"},
    {"lb_client_idle_close",
     "the caller reused its keep-alive connection to the ALB just as the ALB closed it after "
     "idle_timeout without traffic: no response (client: httpx.RemoteProtocolError)"},
}};

constexpr std::array<std::string_view, kPhaseCount> kPhases{
    "worker_wait", "cpu",     "loop_wait",      "db_pool_wait", "db_connect", "db_query",
    "http_pool_wait", "connect", "upstream_queue", "ttft",         "decode",     "retry",
};

// Indexed by ClientError; the class names httpx raises (and the reference runs report).
constexpr std::array<std::string_view, 6> kClientErrors{
    "", "RemoteProtocolError", "ReadTimeout", "ConnectTimeout", "ConnectError", "ReadError",
};

}  // namespace

const CauseInfo& info(Cause c) {
    const auto i = static_cast<std::size_t>(c);
    // Cause::Count (or a corrupted value) has no entry; answer "ok"'s slot rather than read past
    // the table — callers only pass real causes.
    return kCauses[i < kCauseCount ? i : 0];
}

std::string_view to_string(Cause c) { return info(c).name; }

bool parse_cause(std::string_view name, Cause& out) {
    for (std::size_t i = 0; i < kCauseCount; ++i) {
        if (kCauses[i].name == name) {
            out = static_cast<Cause>(i);
            return true;
        }
    }
    return false;
}

std::string_view to_string(Phase p) {
    const auto i = static_cast<std::size_t>(p);
    return i < kPhaseCount ? kPhases[i] : std::string_view{};
}

std::string_view to_string(ClientError e) {
    const auto i = static_cast<std::size_t>(e);
    return i < kClientErrors.size() ? kClientErrors[i] : std::string_view{};
}

std::string status_label(const RequestRecord& r) {
    if (r.client_error != ClientError::None) return std::string(to_string(r.client_error));
    // No response and no client exception should not happen in a finished run; label it rather
    // than print a misleading "0".
    if (r.http_status == 0) return "no_response";
    return std::to_string(r.http_status);
}

}  // namespace gatetune::sim
