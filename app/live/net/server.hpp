#pragma once
// The server side of HTTP/1.1 shared by the gateway and the mock upstream: one coroutine per
// client connection that reads requests under limits and deadlines, hands each to a handler,
// and keeps the connection alive between requests. Every malformed or oversized request gets
// the right 4xx with an OpenAI-style error body — never a crash or a stuck connection.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/live/net/http.hpp"

namespace gatetune::live {

struct ServerLimits {
    std::size_t max_header_bytes = 16 * 1024;  // request line + fields → 431
    std::size_t max_header_fields = 100;       // → 431
    std::size_t max_target_bytes = 8 * 1024;   // URL → 414
    std::size_t max_body_bytes = 4 * 1024 * 1024;  // → 413
    double header_timeout = 10;                // s for a complete header once it started (slow client) → 408
    double body_timeout = 30;                  // s for the body → 408
    double keepalive = 5;                      // s an idle connection is kept; 0 closes after each response
    double write_timeout = 30;                 // s for a response (or one chunk) to be written
    int max_connections_per_client = 0;        // open connections per client address (per worker process); 0 = no limit → 429
};

// How a handler answers: one whole response, or headers then streamed chunks (SSE).
class Responder {
public:
    Responder(beast::tcp_stream& stream, unsigned version, bool keep_alive, double write_timeout)
        : stream_(stream), version_(version), keep_alive_(keep_alive), write_timeout_(write_timeout) {}

    unsigned version() const { return version_; }
    bool keep_alive() const { return keep_alive_; }
    void set_keep_alive(bool k) { keep_alive_ = keep_alive_ && k; }
    // A server that starts closing while the handler runs (a draining worker) answers with
    // `Connection: close`, as uvicorn does for the cycle in progress at shutdown.
    void close_when(const bool* closing) { closing_ = closing; }
    // O1: the response still says keep-alive, but the server closes the connection this long
    // after sending it (uvicorn 0.17 after a 500 from the exception handler) — a client that
    // reuses the connection sooner meets the close.
    void close_after(std::chrono::steady_clock::duration d) { close_after_ = d; close_anyway_ = true; }
    bool closes_anyway() const { return close_anyway_; }
    std::chrono::steady_clock::duration close_delay() const { return close_after_; }
    bool responded() const { return responded_; }
    bool client_gone() const { return gone_; }

    awaitable<void> send(Response r);
    // Chunked transfer: false when the client is gone.
    awaitable<bool> begin_stream(http::response<http::empty_body> header);
    awaitable<bool> write_chunk(std::string_view data);
    awaitable<void> end_stream();

private:
    beast::tcp_stream& stream_;
    unsigned version_;
    bool keep_alive_;
    double write_timeout_;
    const bool* closing_ = nullptr;
    bool responded_ = false;
    bool gone_ = false;
    bool close_anyway_ = false;
    std::chrono::steady_clock::duration close_after_{};
};

using Handler = std::function<awaitable<void>(Request&, Responder&)>;

// The open connections of one server, so that a server going down (an outage window) can
// close them as a crashed process would: idle ones at once, busy ones after their response.
class ConnectionSet {
public:
    struct Entry {
        tcp::socket* socket;
        bool busy = false;
        bool doomed = false;
    };
    Entry* add(tcp::socket* s);
    void remove(Entry* e);
    void close_all();

private:
    std::vector<std::unique_ptr<Entry>> entries_;
};

// Serves one accepted connection until the client closes it, it idles out, or an error.
awaitable<void> serve_connection(tcp::socket socket, Handler handler, ServerLimits limits,
                                 std::shared_ptr<ConnectionSet> registry = nullptr);

}  // namespace gatetune::live
