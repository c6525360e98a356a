#pragma once
// httpx.AsyncClient towards the upstream, for real: a pool of keep-alive connections with
// Limits (max_connections, max_keepalive_connections, keepalive_expiry) and the four timeouts —
// pool (waiting for a connection), connect, write, and read applied to every read (a gap, not
// a total: docs/MODEL.md §4). Exceptions become the simulator's causes: PoolTimeout →
// http_pool_timeout, ConnectTimeout, ConnectError, ReadTimeout.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/live/gateway/request_timeline.hpp"
#include "app/live/gateway/shared_state.hpp"
#include "app/live/net/async_semaphore.hpp"
#include "app/live/net/endpoint.hpp"
#include "engine/time.hpp"
#include "sim/config.hpp"

namespace gatetune::live {

struct UpstreamReply {
    sim::Cause cause = sim::Cause::Ok;
    int status = 0;            // the upstream's HTTP status, 0 when none came
    std::string body;          // non-streamed body (or the error body)
    std::string error;         // the httpx exception text when no response came
    int completion_tokens = 0;
    bool streamed = false;     // the body went to the sink chunk by chunk
    engine::SimTime retry_after = 0;  // a 429's Retry-After (µs; 0 when absent)
    std::int64_t latency_us = 0;      // request written → response complete (wall µs), for the usage row
    std::optional<std::int64_t> ttft_us;  // request written → the streamed response's headers (the first token)
};

// Receives a streamed response: headers once (status), then raw SSE bytes; returns false when
// the gateway's own client has gone.
struct StreamSink {
    std::function<awaitable<bool>(int status)> begin;
    std::function<awaitable<bool>(std::string_view bytes)> chunk;
};

class UpstreamClient {
public:
    UpstreamClient(const sim::HttpClientConfig& cfg, HttpUrl upstream, WorkerGauges& gauges);
    ~UpstreamClient();
    UpstreamClient(const UpstreamClient&) = delete;
    UpstreamClient& operator=(const UpstreamClient&) = delete;

    // POST {base}/v1/chat/completions with `body`. A streamed request forwards SSE to `sink`.
    awaitable<UpstreamReply> post_chat(const std::string& body, const std::string& auth, bool stream, StreamSink* sink,
                                       RequestTimeline& t);

private:
    struct Connection;
    awaitable<std::unique_ptr<Connection>> acquire(UpstreamReply& reply, RequestTimeline& t);
    void release(std::unique_ptr<Connection> c, bool reusable);

    const sim::HttpClientConfig& cfg_;
    HttpUrl upstream_;
    WorkerGauges& gauges_;
    AsyncSemaphore slots_;     // max_connections
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace gatetune::live
