// The httpx client: its lifetime, its pool limits, HTTP/2 and its pool timeout.
#include "sim/validation/estimate.hpp"
#include "sim/validation/rule_groups.hpp"
#include "sim/validation/wording.hpp"

namespace gatetune::sim::validation {
namespace {

// httpx/_client.py AsyncClient.__init__, 0.23–0.28 [§4]
constexpr std::string_view kH2ImportError =
    "ImportError: Using http2=True, but the 'h2' package is not installed. Make sure to install httpx using "
    "`pip install httpx[http2]`.";

std::vector<RuleHit> client_per_request(const StackEstimate& e) {
    const HttpClientConfig& h = e.cfg.http_client;
    if (h.mode != HttpClientMode::PerRequest) return {};
    return {{Severity::Error,
             "a new httpx.AsyncClient per request: each one pays a TCP + TLS handshake and ≈ 25 ms of SSLContext "
             "set-up that blocks the event loop, and Limits(max_connections = " + std::to_string(h.max_connections) +
                 ") bounds only that one request",
             {"http_client.mode"}}};
}

// httpcore keeps min(max_connections, max_keepalive_connections) idle connections. [§4]
std::vector<RuleHit> keepalive_above_max_connections(const StackEstimate& e) {
    const HttpClientConfig& h = e.cfg.http_client;
    if (h.max_keepalive_connections <= h.max_connections) return {};
    return {{Severity::Warning,
             "max_keepalive_connections = " + std::to_string(h.max_keepalive_connections) + " is above max_connections = " +
                 std::to_string(h.max_connections) + ": the pool never holds more than max_connections, so the excess has no effect",
             {"http_client.max_keepalive_connections"}}};
}

std::vector<RuleHit> http2_needs_h2(const StackEstimate& e) {
    if (!e.cfg.http_client.http2) return {};
    return {{Severity::Warning,
             "http2 = true needs the h2 package (pip install httpx[http2]); without it creating the client fails "
             "with " + std::string(kH2ImportError),
             {"http_client.http2"}}};
}

// httpx.Timeout(x) sets the pool timeout to x as well. [§4]
std::vector<RuleHit> pool_timeout_vs_read_timeout(const StackEstimate& e) {
    const HttpClientConfig& h = e.cfg.http_client;
    if (h.mode != HttpClientMode::Shared || h.pool_timeout < h.read_timeout) return {};
    return {{Severity::Warning,
             "httpx pool timeout " + secs(h.pool_timeout) + " ≥ read timeout " + secs(h.read_timeout) +
                 ": when all max_connections = " + std::to_string(h.max_connections) +
                 " are busy a request waits as long as a whole generation just for a connection; a few seconds fails fast",
             {"http_client.pool_timeout"}}};
}

}  // namespace

std::vector<Rule> httpx_rules() {
    return {
        {"GT050", "httpx-client-per-request",
         "httpx's docs: a Client reuses its connections, while a new client must establish a new connection "
         "for every request; they warn against creating clients in a hot loop. Building an AsyncClient creates "
         "an ssl.SSLContext synchronously (≈ 25 ms measured), blocking the worker's event loop for all its "
         "requests, and its Limits then bound one request only. Create one client per worker process and close "
         "it at shutdown (gatetune export's http_client.py).",
         "MODEL.md §4", client_per_request},
        {"GT051", "keepalive-above-max-connections",
         "httpcore's pool keeps at most min(max_connections, max_keepalive_connections) idle connections, so a "
         "keep-alive limit above max_connections does nothing; it often signals that the two were confused.",
         "MODEL.md §4; httpcore _async/connection_pool.py AsyncConnectionPool.__init__", keepalive_above_max_connections},
        {"GT052", "http2-needs-h2",
         "httpx imports h2 when a client is created with http2=True. Whether the deployed image has it cannot "
         "be seen from the configuration: install httpx[http2], or every client creation raises ImportError.",
         "MODEL.md §4", http2_needs_h2},
        {"GT053", "pool-timeout-vs-read-timeout",
         "httpx.Timeout(x) sets connect, read, write and pool to x. The pool timeout bounds the wait for a free "
         "connection when max_connections are busy: as long as the read timeout, a saturated worker holds "
         "requests for a whole generation before their call even starts, and PoolTimeout comes too late to shed "
         "load. httpx.Timeout(120, connect=10, pool=5) keeps the worst case close to the read timeout.",
         "MODEL.md §4", pool_timeout_vs_read_timeout},
    };
}

}  // namespace gatetune::sim::validation
