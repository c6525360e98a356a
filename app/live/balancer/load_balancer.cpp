#include "app/live/balancer/load_balancer.hpp"

#include <csignal>
#include <limits>
#include <ostream>

#include "app/live/balancer/target_pool.hpp"
#include "app/live/net/http_server.hpp"
#include "app/live/net/write_message.hpp"
#include "sim/keepalive_reuse.hpp"
#include "sim/outcome.hpp"

namespace gatetune::live {

namespace {

// Hop-by-hop fields are the balancer's own on each side (RFC 9110 §7.6.1).
bool hop_by_hop(http::field f) {
    return f == http::field::connection || f == http::field::keep_alive || f == http::field::transfer_encoding ||
           f == http::field::content_length || f == http::field::te || f == http::field::upgrade ||
           f == http::field::proxy_authorization || f == http::field::proxy_authenticate;
}

class LoadBalancer {
public:
    LoadBalancer(asio::io_context& io, const sim::Config& cfg, const HttpUrl& target, std::ostream& log)
        : io_(io), log_(log), lb_(cfg.load_balancer), target_(target),
          pool_(io.get_executor(), target, lb_.idle_timeout, lb_.race_window) {}

    awaitable<void> handle(Request& req, Responder& out);

private:
    awaitable<void> half_rtt() {
        asio::steady_timer t(io_);
        t.expires_after(seconds(lb_.network_rtt / 2));
        boost::system::error_code ec;
        co_await t.async_wait(asio::redirect_error(use_awaitable, ec));
    }
    // Answers with the ALB's own error page; the log line names the reason, as the ALB's access
    // log does (error_reason).
    awaitable<void> fail(Responder& out, unsigned status, sim::Cause cause, const std::string& why);
    awaitable<void> relay(Request& req, Responder& out, TargetConnectionPtr c);

    asio::io_context& io_;
    std::ostream& log_;
    sim::LoadBalancerConfig lb_;
    HttpUrl target_;
    TargetPool pool_;
};

// The ALB's own error page (its real bodies are these short HTML documents).
awaitable<void> LoadBalancer::fail(Responder& out, unsigned status, sim::Cause cause, const std::string& why) {
    log_ << "gatetune alb: " << status << " " << sim::to_string(cause) << ": " << why << std::endl;
    co_await half_rtt();
    Response r{static_cast<http::status>(status), out.version()};
    const std::string reason = status == 504 ? "Gateway Time-out" : std::string(http::obsolete_reason(static_cast<http::status>(status)));
    r.set(http::field::server, "awselb/2.0");
    r.set(http::field::content_type, "text/html");
    r.set("x-gatetune-cause", sim::to_string(cause));
    r.body() = "<html>\r\n<head><title>" + std::to_string(status) + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>" +
               std::to_string(status) + " " + reason + "</h1></center>\r\n</body>\r\n</html>\r\n";
    co_await out.send(std::move(r));
}

awaitable<void> LoadBalancer::handle(Request& req, Responder& out) {
    co_await half_rtt();
    TargetConnectionPtr c = pool_.take();
    if (!c) {
        bool timed_out = false;
        boost::system::error_code ec;
        c = co_await pool_.connect(lb_.connect_timeout, timed_out, ec);
        if (!c) {
            // A full backlog drops the SYN: the connection attempt times out (504). A refused
            // connection means no target listens at all (502).
            co_await fail(out, timed_out ? 504 : 502, timed_out ? sim::Cause::BacklogFull : sim::Cause::LbTargetClosed,
                          "connecting to the target: " + ec.message());
            co_return;
        }
    }
    co_await relay(req, out, std::move(c));
}

awaitable<void> LoadBalancer::relay(Request& req, Responder& out, TargetConnectionPtr c) {
    Request forward = req;
    for (auto it = forward.begin(); it != forward.end();)
        it = hop_by_hop(it->name()) ? forward.erase(it) : std::next(it);
    forward.set(http::field::host, target_.authority());
    forward.set("x-forwarded-proto", "http");
    forward.keep_alive(true);
    forward.prepare_payload();

    const auto sent_at = std::chrono::steady_clock::now();
    boost::system::error_code ec;
    c->stream.expires_after(seconds(lb_.idle_timeout));
    co_await write_message(c->stream, forward, ec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // a stream may run long
    if (!ec) {
        // No byte from the target for idle_timeout: the balancer gives up with 504 (the gateway
        // carries on and later writes into a closed connection).
        c->stream.expires_after(seconds(lb_.idle_timeout));
        co_await http::async_read_header(c->stream, c->buffer, parser, asio::redirect_error(use_awaitable, ec));
    }
    if (ec) {
        const std::string why = ec.message() + (c->reused ? " on a reused connection" : " on a new connection");
        boost::system::error_code ignored;
        c->stream.socket().close(ignored);
        // A reused connection that fails at once, before any response byte, was already closed
        // by the target when the request went out: the keep-alive race, or uvicorn's close after
        // a 500 on it (O1). A failure later, with the request outstanding, is a worker that died.
        const bool at_once =
            sim::closed_before_request(std::chrono::duration<double>(std::chrono::steady_clock::now() - sent_at).count(), lb_.race_window);
        if (ec == beast::error::timeout)
            co_await fail(out, 504, sim::Cause::LbIdleTimeout, "no byte from the target for idle_timeout");
        else if (c->reused && !parser.got_some() && (c->fin_seen || at_once))
            co_await fail(out, 502, c->last_status == 500 ? sim::Cause::LbTargetClosed : sim::Cause::LbKeepaliveRace, why);
        else
            co_await fail(out, 502, sim::Cause::WorkerKilled, why);
        co_return;
    }

    auto& head = parser.get();
    const unsigned status = head.result_int();
    if (!head.chunked()) {
        while (!parser.is_done() && !ec) {
            c->stream.expires_after(seconds(lb_.idle_timeout));
            co_await http::async_read_some(c->stream, c->buffer, parser, asio::redirect_error(use_awaitable, ec));
        }
        if (ec) {
            const std::string why = "the target closed the connection mid-response: " + ec.message();
            c->stream.socket().close(ec);
            co_await fail(out, 502, sim::Cause::WorkerKilled, why);
            co_return;
        }
        Response r{head.result(), out.version()};
        for (const auto& f : head)
            if (!hop_by_hop(f.name())) r.set(f.name_string(), f.value());
        r.body() = std::move(head.body());
        r.keep_alive(true);  // the client side keeps its own connection (Responder decides)
        co_await out.send(std::move(r));
    } else {
        // Streamed: each piece the target sends is passed on as it arrives, so a stream with
        // tokens flowing never meets the idle timeout.
        http::response<http::empty_body> header{head.result(), out.version()};
        for (const auto& f : head)
            if (!hop_by_hop(f.name())) header.set(f.name_string(), f.value());
        if (!co_await out.begin_stream(std::move(header))) {
            c->stream.socket().close(ec);
            co_return;
        }
        while (!parser.is_done()) {
            c->stream.expires_after(seconds(lb_.idle_timeout));
            co_await http::async_read_some(c->stream, c->buffer, parser, asio::redirect_error(use_awaitable, ec));
            if (!head.body().empty()) {
                const bool delivered = co_await out.write_chunk(head.body());
                head.body().clear();
                if (!delivered) break;
            }
            if (ec) break;
        }
        if (!parser.is_done()) {
            // The target (or the client) went away mid-stream: the client's stream ends unfinished.
            c->stream.socket().close(ec);
            out.close_after(std::chrono::steady_clock::duration::zero());
            co_return;
        }
        co_await out.end_stream();
    }
    if (parser.keep_alive())
        pool_.give_back(std::move(c), status);
    else
        c->stream.socket().close(ec);
}

awaitable<void> stop_on_signal(asio::io_context& io) {
    asio::signal_set signals(io, SIGINT, SIGTERM);
    boost::system::error_code ec;
    co_await signals.async_wait(asio::redirect_error(use_awaitable, ec));
    io.stop();
}

}  // namespace

int run_load_balancer(const sim::Config& scaled, const BalancerOptions& opts, std::ostream& log,
                      const std::function<void(std::uint16_t)>& ready) {
    asio::io_context io(1);
    LoadBalancer lb(io, scaled, opts.target, log);
    ServerLimits limits;
    limits.keepalive = scaled.load_balancer.idle_timeout;  // the same idle timeout on the client side
    limits.header_timeout = scaled.load_balancer.idle_timeout;
    limits.body_timeout = scaled.load_balancer.idle_timeout;
    HttpServer server(io, opts.listen, 4096, [&lb](Request& req, Responder& out) { return lb.handle(req, out); }, limits);
    server.start();
    asio::co_spawn(io, stop_on_signal(io), asio::detached);
    log << "gatetune alb: listening on http://" << opts.listen.host << ":" << server.port() << ", target http://"
        << opts.target.authority() << " (idle timeout " << scaled.load_balancer.idle_timeout << " s, time scale "
        << opts.time_scale << ")" << std::endl;
    if (ready) ready(server.port());
    io.run();
    return 0;
}

}  // namespace gatetune::live
