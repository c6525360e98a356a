// The gateway's request handling from raw bytes to a response, in process: the bytes go over a
// socket pair into the real server loop (live::serve_connection: limits, deadlines,
// framing) and the gateway's front of the request path (route, JSON body, API key syntax).
// Documented: the server always answers with a well-formed HTTP response or closes; it never
// crashes or hangs. Checked: whatever comes back parses as HTTP/1.1 with an expected status.
#include "fuzz_target.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <set>

#include "app/live/db/api_keys.hpp"
#include "app/live/net/chat_body.hpp"
#include "app/live/net/error_json.hpp"
#include "app/live/net/server.hpp"

namespace gatetune::fuzz {

using namespace gatetune::live;

namespace {

// The gateway's checks before any database step, answered as the gateway answers them.
awaitable<void> front(Request& req, Responder& out) {
    const std::string_view target = req.target();
    const std::string_view path = target.substr(0, target.find('?'));
    if (path != "/v1/chat/completions") {
        co_await out.send(error_response(404, "No route.", "invalid_request_error", "invalid_request"));
        co_return;
    }
    if (req.method() != http::verb::post) {
        co_await out.send(error_response(405, "Use POST.", "invalid_request_error", "invalid_request"));
        co_return;
    }
    auto parsed = parse_chat_body(req.body());
    if (auto* err = std::get_if<BodyError>(&parsed)) {
        co_await out.send(error_response(400, err->message, "invalid_request_error", "invalid_request"));
        co_return;
    }
    const auto token = bearer_token(req[http::field::authorization]);
    if (!token || !key_prefix(*token)) {
        co_await out.send(error_response(401, "Invalid API key.", "authentication_error", "invalid_request"));
        co_return;
    }
    Response ok{http::status::ok, req.version()};
    ok.body() = "{}";
    co_await out.send(std::move(ok));
}

struct Harness {
    asio::io_context io;
    ServerLimits limits;
    Harness() {
        limits.max_header_bytes = 4096;
        limits.max_body_bytes = 8192;
        limits.max_target_bytes = 1024;
        limits.header_timeout = limits.body_timeout = 0.05;  // an incomplete request must not hang the run
        limits.keepalive = 0.05;
    }
};

}  // namespace

void http_request(std::string_view input) {
    static Harness h;
    // A Unix socket pair rather than TCP: no TIME_WAIT, so millions of runs do not exhaust ports.
    // serve_connection only reads, writes and shuts down, which a stream socket pair supports.
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) throw std::runtime_error("socketpair failed");
    tcp::socket server(h.io);
    server.assign(tcp::v4(), sv[0]);
    const int client = sv[1];
    asio::co_spawn(h.io, serve_connection(std::move(server), front, h.limits), asio::detached);
    for (std::size_t off = 0; off < input.size();) {
        h.io.poll();  // let the server drain its side so a large input cannot fill the pair
        const ssize_t n = ::send(client, input.data() + off, input.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) off += static_cast<std::size_t>(n);
        else if (errno != EAGAIN && errno != EWOULDBLOCK) break;  // the server closed early: allowed
        else h.io.run_for(std::chrono::milliseconds(1));
    }
    ::shutdown(client, SHUT_WR);

    std::string reply;
    std::array<char, 4096> buf;
    for (;;) {
        h.io.run_for(std::chrono::milliseconds(2));
        if (h.io.stopped()) h.io.restart();
        const ssize_t n = ::recv(client, buf.data(), buf.size(), MSG_DONTWAIT);
        if (n > 0) reply.append(buf.data(), static_cast<std::size_t>(n));
        else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) break;
    }
    ::close(client);
    h.io.restart();
    h.io.poll();
    if (reply.empty()) return;  // closed without an answer (e.g. nothing but a half request): allowed

    // Every answer must be well-formed HTTP with a status the server documents.
    static const std::set<unsigned> expected{200, 400, 401, 404, 405, 408, 413, 414, 431, 500};
    std::string_view rest = reply;
    while (!rest.empty()) {
        http::response_parser<http::string_body> p;
        p.eager(true);
        beast::error_code ec;
        const std::size_t used = p.put(asio::buffer(rest.data(), rest.size()), ec);
        if (ec || !p.is_done()) throw PropertyViolation("the server sent a malformed or truncated response: " + ec.message());
        if (!expected.count(p.get().result_int())) throw PropertyViolation("unexpected status " + std::to_string(p.get().result_int()));
        rest.remove_prefix(used);
    }
}

}  // namespace gatetune::fuzz

GATETUNE_FUZZ_TARGET(http_request)
