#pragma once
// httpx.AsyncClient to the upstream: a connection pool bounded by Limits, the four timeouts of
// httpx.Timeout, and keep-alive reuse of idle connections. One shared client per worker
// process, or a new client per request (each paying the SSLContext set-up on the event loop
// and a fresh TCP + TLS handshake). [docs/MODEL.md §4]
#include <deque>

#include "engine/resource.hpp"
#include "sim/exchange.hpp"
#include "sim/upstream.hpp"

namespace gatetune::sim {

class Worker;

// How one attempt ended, in httpx's terms.
struct AttemptResult {
    Cause cause = Cause::Ok;   // Ok, HttpPoolTimeout, UpstreamConnectTimeout, UpstreamReadTimeout,
                               // UpstreamError, UpstreamRateLimited, ContextLengthExceeded
    int status = 0;            // upstream HTTP status when a response came
    SimTime retry_after = 0;   // a 429's Retry-After
};

class HttpClient {
public:
    HttpClient(StackContext& ctx, int worker_slot);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // client.post(...) once: pool → connect → send → read the response.
    engine::Task<AttemptResult> send(Exchange& ex, int input_tokens, int output_tokens, bool stream);

    int connections() const { return open_; }

private:
    engine::Task<AttemptResult> read_response(Exchange& ex, const UpstreamCallPtr& call);
    void close_connection();

    StackContext& ctx_;
    const HttpClientConfig& cfg_;
    int slot_;
    engine::Rng rng_;
    engine::Resource pool_;            // max_connections
    std::deque<SimTime> idle_expiry_;  // keep-alive connections, oldest first
    int open_ = 0;
};

}  // namespace gatetune::sim
