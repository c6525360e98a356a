#pragma once
// What happened to a request: the fixed vocabulary of causes (docs: presets/README.md
// "Causes"), the phases its time is split into, and the per-request record.
#include <array>
#include <cstdint>
#include <string_view>

#include "engine/time.hpp"

namespace gatetune::sim {

using engine::SimTime;

enum class Cause : std::uint8_t {
    Ok,
    DbPoolTimeout,           // sqlalchemy.exc.TimeoutError: QueuePool limit … reached
    DbTooManyClients,        // asyncpg TooManyConnectionsError (53300) when the pool grows
    HttpPoolTimeout,         // httpx.PoolTimeout
    UpstreamConnectTimeout,  // httpx.ConnectTimeout
    UpstreamConnectError,    // httpx.ConnectError: connection refused (upstream down)
    UpstreamReadTimeout,     // httpx.ReadTimeout
    UpstreamError,           // upstream answered ≥ 500
    UpstreamRateLimited,     // upstream answered 429 (RPM/TPM)
    ContextLengthExceeded,   // upstream answered 400
    WorkerKilled,            // gunicorn killed the worker (SIGABRT/SIGKILL) with the request in flight
    LbIdleTimeout,           // ALB 504: no byte from the target within idle_timeout
    LbKeepaliveRace,         // ALB 502: reused a connection the target had just closed
    LbTargetClosed,          // ALB 502: target closed the connection mid-request
    ConcurrencyLimit,        // uvicorn limit_concurrency → 503
    BacklogFull,             // listen backlog overflow: the connection is never accepted
    ClientTimeout,           // the caller's own timeout fired first
    GatewayRateLimited,      // the gateway's limiter answered 429
    ClosedAfterError,        // O1: reused a connection closed after a 500
    SessionCreateRace,       // O4: IntegrityError on concurrent session insert
    DbError,                 // live only: the database failed a statement (locked, read-only, full)
    InvalidRequest,          // live only: the gateway rejected the request itself (4xx: body, limits)
    InvalidApiKey,           // live only: 401, the API key is missing, malformed, unknown or revoked
    LbClientIdleClose,       // the caller reused its connection to the ALB as the ALB closed it for idleness
    Count
};
inline constexpr std::size_t kCauseCount = static_cast<std::size_t>(Cause::Count);

struct CauseInfo {
    std::string_view name;     // stable identifier used in reports and presets
    std::string_view summary;  // one line for people
};
const CauseInfo& info(Cause c);
std::string_view to_string(Cause c);
bool parse_cause(std::string_view name, Cause& out);

enum class Phase : std::uint8_t {
    WorkerWait,    // from sending until a worker accepted (backlog, boot of a replacement)
    Cpu,           // on the worker's event loop (parse, handler CPU, blocking calls, response)
    LoopWait,      // runnable but waiting for the event loop (other requests' CPU) or a core (server.cpus)
    DbPoolWait,    // waiting for a QueuePool checkout
    DbConnect,     // opening a new DB connection (overflow, recycle)
    DbQuery,       // statements, pings and the commit
    HttpPoolWait,  // waiting for an httpx pool connection
    Connect,       // TCP + TLS to the upstream, client set-up
    UpstreamQueue, // waiting for an upstream slot (router + provider queue)
    Ttft,          // prefill: time to first token
    Decode,        // generating the completion
    Retry,         // time spent in failed upstream attempts before the last one
    Count
};
inline constexpr std::size_t kPhaseCount = static_cast<std::size_t>(Phase::Count);
std::string_view to_string(Phase p);

// How the client saw the request end. An HTTP status when a response came back; otherwise the
// client-side exception (the names httpx uses).
enum class ClientError : std::uint8_t { None, RemoteProtocolError, ReadTimeout, ConnectTimeout, ConnectError, ReadError };
std::string_view to_string(ClientError e);

struct RequestRecord {
    std::uint64_t id = 0;
    std::int32_t user = -1;       // -1 for open-loop arrivals
    std::int32_t call = -1;       // index in the script
    std::int32_t api_key = 0;     // which API key the caller uses
    std::int32_t input_tokens = 0;
    std::int32_t output_tokens = 0;
    std::int32_t worker = -1;     // worker slot that accepted it (-1: never accepted)
    std::int32_t attempts = 0;    // upstream attempts made
    SimTime start = 0;            // client sent
    SimTime end = 0;              // client saw the end
    std::int32_t http_status = 0; // 0 when no response came back
    ClientError client_error = ClientError::None;
    Cause cause = Cause::Ok;
    std::array<SimTime, kPhaseCount> phases{};

    SimTime latency() const { return end - start; }
    bool ok() const { return cause == Cause::Ok; }
};

// "200", "500", or the client exception name — the labels the reference runs use.
std::string status_label(const RequestRecord& r);

}  // namespace gatetune::sim
