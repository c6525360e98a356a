// The rows whose id is a cause name are the evidence of that cause and take its name from the
// cause table; the texts the model itself emits come from the shared rule headers. The rows quote the real components' texts (sources in docs: MODEL.md; each row says which):
// gunicorn arbiter.py `murder_workers`/`reap_workers`/`spawn_worker`, uvicorn h11_impl.py,
// SQLAlchemy pool/impl.py `_do_get`, PostgreSQL postmaster.c, httpx _models.py `raise_for_status`
// ("{Client|Server} error '{status} {phrase}' for url '{url}'") and httpx/_exceptions.py.
#include "sim/diagnosis/signatures.hpp"

#include <algorithm>

#include "sim/concurrency_limits.hpp"
#include "sim/postgres_admission.hpp"
#include "sim/retry_rule.hpp"

namespace gatetune::sim::diagnosis {
namespace {

using C = Cause;
constexpr std::uint8_t kServer = kInLog | kInServerError;

std::vector<Signature> build_table() {
    return {
        // ---- gunicorn master (MODEL.md §1): the worker lifecycle ----
        {"worker_timeout", kInLog, {"WORKER TIMEOUT"}, {}, {C::WorkerKilled},
         "gunicorn found a worker silent for longer than --timeout and sent it SIGABRT: a blocked event loop "
         "(UvicornWorker) or a request longer than the timeout (sync)"},
        {"worker_sigabrt", kInLog, {"was sent SIGABRT"}, {}, {C::WorkerKilled},
         "a worker died of SIGABRT, as after a WORKER TIMEOUT; every request in flight on it was lost"},
        {"worker_sigkill", kInLog, {"was sent SIGKILL"}, {}, {C::WorkerKilled},
         "a worker was killed with SIGKILL: the master's second pass after a timeout, the graceful_timeout "
         "of a stop, or the kernel's OOM killer"},
        {"worker_sigterm", kInLog, {"was sent SIGTERM"}, {}, {}, "a worker was stopped with SIGTERM: a graceful shutdown or restart"},
        {"worker_exit_code", kInLog, {"Worker (pid:", ") exited with code"}, {}, {},
         "a worker exited with a non-zero code (a sync worker's abort handler exits with 1)"},
        {"worker_boot", kInLog, {"Booting worker with pid"}, {}, {},
         "gunicorn forked a worker: at start, to replace a dead one, or on a restart"},
        {"worker_exiting", kInLog, {"Worker exiting (pid:"}, {}, {}, "a worker finished shutting down"},
        {"master_signal", kInLog, {"Handling signal: "}, {}, {},
         "gunicorn's master got a signal: term, int or quit stop the server, hup restarts the workers (a deploy)"},
        {"server_start", kInLog, {}, {"Starting gunicorn ", "Started server process"}, {},
         "gunicorn or a worker's uvicorn server started (no failure: shows what the log covers)"},
        {"app_exception", kInLog, {"Exception in ASGI application"}, {}, {},
         "uvicorn logged an exception the app did not handle (the traceback below it names it)"},

        // ---- uvicorn (MODEL.md §2) and the kernel's listen queue ----
        {to_string(C::ConcurrencyLimit), kServer, {kConcurrencyLimitLog}, {}, {C::ConcurrencyLimit},
         "uvicorn's limit_concurrency was reached: 503 Service Unavailable before the app saw the request"},
        {"listen_queue_overflow", kInLog, {"Possible SYN flooding on port"}, {}, {C::BacklogFull},
         "the kernel's listen queue (gunicorn --backlog) overflowed: new connections were dropped"},

        // ---- the database (MODEL.md §3, §6, O4, O5) ----
        {"queuepool_timeout", kServer, {"QueuePool limit of size", "connection timed out"}, {}, {C::DbPoolTimeout},
         "sqlalchemy.exc.TimeoutError: every pool connection stayed checked out for pool_timeout"},
        {"too_many_clients", kServer, {}, {"TooManyConnectionsError", kPgTooManyClients, kPgReservedSlotsPrefix},
         {C::DbTooManyClients}, "PostgreSQL refused a new pool connection at max_connections (53300)"},
        {"unique_violation", kServer, {}, {"duplicate key value violates unique constraint", "UniqueViolationError", "IntegrityError"},
         {C::SessionCreateRace}, "two requests inserted the same chat session at once (IntegrityError, O4)"},
        {"db_statement_failed", kServer, {"request failed on the database"}, {}, {C::DbError},
         "the live gateway's database failed a statement (locked, read-only, full)"},

        // ---- httpx to the upstream (MODEL.md §4, §8) ----
        {"httpx_pool_timeout", kServer, {"PoolTimeout"}, {}, {C::HttpPoolTimeout},
         "httpx.PoolTimeout: no connection to the upstream became free within the pool timeout"},
        {to_string(C::UpstreamConnectTimeout), kServer, {"ConnectTimeout"}, {}, {C::UpstreamConnectTimeout},
         "httpx.ConnectTimeout: the connection to the upstream was not set up within the connect timeout"},
        {to_string(C::UpstreamConnectError), kServer, {"ConnectError"}, {}, {C::UpstreamConnectError},
         "httpx.ConnectError: the upstream refused the connection (it is down)"},
        {to_string(C::UpstreamReadTimeout), kServer, {"ReadTimeout"}, {}, {C::UpstreamReadTimeout},
         "httpx.ReadTimeout: the upstream sent nothing within the read timeout"},
        {to_string(C::UpstreamRateLimited), kServer, {"Client error '429"}, {}, {C::UpstreamRateLimited},
         "httpx.HTTPStatusError 429: the upstream's rate limit (RPM/TPM) was reached"},
        {to_string(C::ContextLengthExceeded), kServer, {}, {"maximum context length", context_length_code()}, {C::ContextLengthExceeded},
         "the upstream rejected a prompt longer than the model's context"},
        {"upstream_bad_request", kServer, {"Client error '400"}, {}, {C::ContextLengthExceeded},
         "httpx.HTTPStatusError 400: the upstream rejected the request (in the model, only an over-long context does)"},
        {"upstream_server_error", kServer, {"Server error '5"}, {}, {C::UpstreamError},
         "httpx.HTTPStatusError 5xx: the upstream failed the request"},
        // A dropped connection: in a client's log a killed worker (O3) or a reused connection the
        // server had closed (O1); in the gateway's own log its upstream dropped it.
        {"server_disconnected", kInLog, {}, {"Server disconnected without sending a response", "RemoteProtocolError"},
         {C::WorkerKilled, C::UpstreamError},
         "a connection closed before any response: a killed worker, seen by a client; the upstream, seen by the gateway"},
        {"connection_reset", kInLog, {"ReadError"}, {}, {C::ClosedAfterError, C::UpstreamError},
         "httpx.ReadError: a connection was closed under a request: seen by a client, one uvicorn closed after a 500 (O1)"},
        {"upstream_disconnected", kInServerError, {}, {"Server disconnected without sending a response", "RemoteProtocolError", "ReadError"},
         {C::UpstreamError}, "the gateway's upstream call lost its connection before a response"},

        // ---- what a client saw when no response came back (the status is the exception) ----
        {"client_disconnected", kInClientError, {}, {"Server disconnected without sending a response", "RemoteProtocolError",
                                                     "NoHttpResponseException", "failed to respond", "EOF"},
         {C::WorkerKilled}, "the server closed the connection without answering: the worker died with the request in flight (O3)"},
        {"client_connection_reset", kInClientError, {}, {"ReadError", "Connection reset", "connection reset"}, {C::ClosedAfterError},
         "the client's keep-alive connection was closed under its request: uvicorn closes it after a 500 (O1)"},
        {"client_connect_timeout", kInClientError, {}, {"ConnectTimeout", "connect timed out", "dial: i/o timeout"}, {C::BacklogFull},
         "the client's connection was never accepted: the listen backlog was full"},
        {"client_connect_refused", kInClientError, {}, {"ConnectError", "Connection refused", "connection refused"}, {},
         "nothing accepted connections on the port: the server was down or restarting"},
        {to_string(C::ClientTimeout), kInClientError, {}, {"ReadTimeout", "Read timed out", "request timeout", "timed out"}, {C::ClientTimeout},
         "the client's own timeout fired before the response"},

        // ---- AWS ALB access log entries (MODEL.md §5), classified by the ALB reader ----
        {"alb_502_no_target_response", kFromLoadBalancer, {}, {}, {C::LbKeepaliveRace, C::LbTargetClosed, C::WorkerKilled},
         "ALB 502 and no response from the target: it closed the connection (keep-alive shorter than the ALB's idle "
         "timeout, a close after a 500, or a killed worker)"},
        {"alb_504_target_timeout", kFromLoadBalancer, {}, {}, {C::LbIdleTimeout},
         "ALB 504: the target sent nothing within the load balancer's idle timeout"},
        {"alb_460_client_closed", kFromLoadBalancer, {}, {}, {C::ClientTimeout},
         "ALB 460: the client closed the connection before the response (its own timeout)"},
        {"alb_503_no_target", kFromLoadBalancer, {}, {}, {}, "ALB 503: no registered healthy target (a deploy, or every target down)"},
    };
}

bool matches(const Signature& s, std::string_view text) {
    if (s.all_of.empty() && s.any_of.empty()) return false;  // load balancer rows are classified, not matched
    for (const std::string_view needle : s.all_of) {
        if (text.find(needle) == std::string_view::npos) return false;
    }
    if (s.any_of.empty()) return true;
    return std::any_of(s.any_of.begin(), s.any_of.end(), [&](std::string_view n) { return text.find(n) != std::string_view::npos; });
}

const Signature* first_match(std::string_view text, std::uint8_t where) {
    for (const Signature& s : signature_table()) {
        if ((s.where & where) != 0 && matches(s, text)) return &s;
    }
    return nullptr;
}

// At most 200 bytes, cut before a UTF-8 continuation byte so no character is split.
std::string example_of(std::string_view line) {
    constexpr std::size_t kMax = 200;
    if (line.size() <= kMax) return std::string(line);
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    return std::string(line.substr(0, cut));
}

}  // namespace

const std::vector<Signature>& signature_table() {
    static const std::vector<Signature> table = build_table();
    return table;
}

const Signature* find_signature(std::string_view id) {
    for (const Signature& s : signature_table()) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

const Signature* match_log_line(std::string_view line) { return first_match(line, kInLog); }

const Signature* match_error_text(std::string_view text, bool response_came_back) {
    return first_match(text, response_came_back ? kInServerError : kInClientError);
}

void classify_error_text(ObservedRequest& q) {
    if (q.error.empty()) return;
    if (const Signature* s = match_error_text(q.error, q.http_status != 0)) {
        q.signature = std::string(s->id);
        if (!q.cause) q.cause = single_cause(*s);
    }
}

std::optional<Cause> single_cause(const Signature& s) {
    if (s.causes.size() != 1) return std::nullopt;
    return s.causes.front();
}

void EvidenceTally::count(const Signature& s, const std::string& source, std::string_view line) {
    const auto row = static_cast<std::size_t>(&s - signature_table().data());
    auto [it, fresh] = by_row_.try_emplace(row);
    LogEvidence& e = it->second;
    if (fresh) {
        e.signature = std::string(s.id);
        e.causes = s.causes;
        e.first_source = source;
        e.example = example_of(line);
    }
    ++e.count;
}

void EvidenceTally::merge(const EvidenceTally& other) {
    for (const auto& [row, e] : other.by_row_) {
        auto [it, fresh] = by_row_.try_emplace(row, e);
        if (!fresh) it->second.count += e.count;
    }
}

std::uint64_t EvidenceTally::total() const {
    std::uint64_t n = 0;
    for (const auto& [row, e] : by_row_) n += e.count;
    return n;
}

std::vector<LogEvidence> EvidenceTally::evidence() const {
    std::vector<LogEvidence> out;
    out.reserve(by_row_.size());
    for (const auto& [row, e] : by_row_) out.push_back(e);
    return out;
}

}  // namespace gatetune::sim::diagnosis
