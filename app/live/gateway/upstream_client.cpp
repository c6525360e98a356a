#include "app/live/gateway/upstream_client.hpp"

#include <sys/socket.h>

#include <array>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>

#include "app/live/net/write_message.hpp"
#include "sim/retry_rule.hpp"

namespace gatetune::live {

using sim::Cause;
using sim::Phase;
using clock = std::chrono::steady_clock;

struct UpstreamClient::Connection {
    explicit Connection(asio::any_io_executor ex) : stream(ex) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    std::array<char, 16 * 1024> body_chunk;  // here rather than in post_chat's coroutine frame: a
                                             // 16 KiB frame per call made every call a slow malloc
    clock::time_point idle_since{};
    // httpcore's has_expired: idle too long, or the server already closed it (readable at EOF).
    bool expired(double keepalive_expiry) {
        if (clock::now() - idle_since > seconds(keepalive_expiry)) return true;
        char byte;
        const ssize_t n = ::recv(stream.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
    }
};

namespace {

// Reads usage.completion_tokens from a completion (or one SSE event's JSON) as a stream of SAX
// events, without building the document: the DOM parse was the largest single JSON cost in the
// gateway's profile, for one integer.
class CompletionTokens {
public:
    int found = -1;

    bool null() { return value(); }
    bool boolean(bool) { return value(); }
    bool number_integer(std::int64_t v) { return take(v); }
    bool number_unsigned(std::uint64_t v) { return take(v <= INT32_MAX ? static_cast<std::int64_t>(v) : -1); }
    bool number_float(double, const nlohmann::json::string_t&) { return value(); }
    bool string(nlohmann::json::string_t&) { return value(); }
    bool binary(nlohmann::json::binary_t&) { return value(); }
    bool start_object(std::size_t) {
        if (depth_ == 1 && key_ == "usage") in_usage_ = true;
        ++depth_;
        key_.clear();
        return true;
    }
    bool end_object() {
        if (--depth_ == 1) in_usage_ = false;
        return true;
    }
    bool start_array(std::size_t) {
        ++depth_;
        key_.clear();
        return true;
    }
    bool end_array() { return --depth_, true; }
    bool key(nlohmann::json::string_t& k) {
        key_ = k;
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) { return false; }

private:
    bool take(std::int64_t v) {
        if (in_usage_ && depth_ == 2 && key_ == "completion_tokens") found = v < 0 ? -1 : static_cast<int>(v);
        return true;
    }
    bool value() { return true; }
    int depth_ = 0;
    bool in_usage_ = false;
    std::string key_;
};

// Completion tokens from a response body's (or an SSE event's) "usage"; -1 when it has none.
int usage_completion_tokens(std::string_view json) {
    CompletionTokens tokens;
    if (!nlohmann::json::sax_parse(json, &tokens)) return -1;
    return tokens.found;
}

// Retry-After in delay-seconds (the form rate limiters send); an HTTP date or junk counts as absent.
engine::SimTime retry_after_of(std::string_view value) {
    std::int64_t secs = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), secs);
    if (ec != std::errc() || end != value.data() + value.size() || secs < 0 || secs > 86'400) return 0;
    return secs * 1'000'000;
}

}  // namespace

UpstreamClient::UpstreamClient(const sim::HttpClientConfig& cfg, HttpUrl upstream, WorkerGauges& gauges)
    : cfg_(cfg), upstream_(std::move(upstream)), gauges_(gauges),
      slots_(cfg.max_connections > 0 ? cfg.max_connections : std::numeric_limits<std::int64_t>::max() / 2) {}

UpstreamClient::~UpstreamClient() { gauges_.http_connections.fetch_sub(static_cast<std::int64_t>(idle_.size())); }

awaitable<std::unique_ptr<UpstreamClient::Connection>> UpstreamClient::acquire(UpstreamReply& reply, RequestTimeline& t) {
    auto t0 = clock::now();
    if (!co_await slots_.acquire(seconds(cfg_.pool_timeout))) {
        t.charge(Phase::HttpPoolWait, t0);
        reply.cause = Cause::HttpPoolTimeout;
        reply.error = "httpx.PoolTimeout";
        co_return nullptr;
    }
    t0 = t.charge(Phase::HttpPoolWait, t0);
    while (!idle_.empty()) {
        std::unique_ptr<Connection> c = std::move(idle_.back());
        idle_.pop_back();
        if (!c->expired(cfg_.keepalive_expiry)) co_return c;
        gauges_.http_connections.fetch_sub(1);
    }
    auto c = std::make_unique<Connection>(co_await asio::this_coro::executor);
    tcp::resolver resolver(co_await asio::this_coro::executor);
    boost::system::error_code ec;
    auto endpoints = co_await resolver.async_resolve(upstream_.host, std::to_string(upstream_.port),
                                                     asio::redirect_error(use_awaitable, ec));
    if (!ec) {
        c->stream.expires_after(seconds(cfg_.connect_timeout));
        co_await c->stream.async_connect(endpoints, asio::redirect_error(use_awaitable, ec));
    }
    t.charge(Phase::Connect, t0);
    if (ec) {
        slots_.release();
        reply.cause = ec == beast::error::timeout ? Cause::UpstreamConnectTimeout : Cause::UpstreamConnectError;
        reply.error = ec == beast::error::timeout ? "httpx.ConnectTimeout" : "httpx.ConnectError: " + ec.message();
        co_return nullptr;
    }
    c->stream.socket().set_option(tcp::no_delay(true), ec);
    gauges_.http_connections.fetch_add(1);
    co_return c;
}

void UpstreamClient::release(std::unique_ptr<Connection> c, bool reusable) {
    slots_.release();
    if (reusable && static_cast<int>(idle_.size()) < cfg_.max_keepalive_connections) {
        c->idle_since = clock::now();
        idle_.push_back(std::move(c));
        return;
    }
    gauges_.http_connections.fetch_sub(1);
}

awaitable<UpstreamReply> UpstreamClient::post_chat(const std::string& body, const std::string& auth, bool stream, StreamSink* sink,
                                                   RequestTimeline& t) {
    UpstreamReply reply;
    std::unique_ptr<Connection> c = co_await acquire(reply, t);
    if (!c) co_return reply;
    gauges_.upstream_in_flight.fetch_add(1);
    struct InFlight {
        WorkerGauges& g;
        ~InFlight() { g.upstream_in_flight.fetch_sub(1); }
    } in_flight{gauges_};

    Request req{http::verb::post, upstream_.base_path + "/v1/chat/completions", 11};
    req.set(http::field::host, upstream_.authority());
    req.set(http::field::content_type, "application/json");
    req.set(http::field::user_agent, "gatetune-gateway");
    if (!auth.empty()) req.set(http::field::authorization, auth);
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();

    boost::system::error_code ec;
    auto t0 = clock::now();
    const auto sent = t0;
    const auto micros = [&sent] { return std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - sent).count(); };
    c->stream.expires_after(seconds(cfg_.write_timeout));
    co_await write_message(c->stream, req, ec);
    if (ec) {
        release(std::move(c), false);
        reply.cause = ec == beast::error::timeout ? Cause::UpstreamReadTimeout : Cause::UpstreamConnectError;
        reply.error = ec == beast::error::timeout ? "httpx.WriteTimeout" : "httpx.WriteError: " + ec.message();
        co_return reply;
    }

    // Headers: the read timeout bounds the wait for them (TTFT, or the whole generation when not streamed).
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    c->stream.expires_after(seconds(cfg_.read_timeout));
    co_await http::async_read_header(c->stream, c->buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec) {
        t.charge(Phase::Ttft, t0);
        release(std::move(c), false);
        reply.cause = ec == beast::error::timeout ? Cause::UpstreamReadTimeout : Cause::UpstreamError;
        reply.error = ec == beast::error::timeout ? "httpx.ReadTimeout" : "httpx.RemoteProtocolError: Server disconnected without sending a response.";
        co_return reply;
    }
    t0 = t.charge(Phase::Ttft, t0);
    reply.status = static_cast<int>(parser.get().result_int());
    reply.retry_after = retry_after_of(parser.get()[http::field::retry_after]);
    const bool forward = stream && sink && reply.status == 200;
    bool client_here = true;
    if (forward) {
        reply.ttft_us = micros();  // the upstream sends a stream's headers with its first token
        reply.streamed = true;
        client_here = co_await sink->begin(reply.status);
    }

    std::string pending;  // SSE bytes not yet split into events (for the usage count)
    char* const buf = c->body_chunk.data();
    while (!parser.is_done()) {
        parser.get().body().data = buf;
        parser.get().body().size = c->body_chunk.size();
        c->stream.expires_after(seconds(cfg_.read_timeout));  // per read: an idle gap
        co_await http::async_read_some(c->stream, c->buffer, parser, asio::redirect_error(use_awaitable, ec));
        if (ec == http::error::need_buffer) ec = {};
        if (ec) break;
        const std::string_view got(buf, c->body_chunk.size() - parser.get().body().size);
        if (!forward) {
            reply.body.append(got);
            continue;
        }
        // Forward whole events only; the upstream's [DONE] is held back: the gateway sends its
        // own once the usage row is committed.
        pending.append(got);
        for (std::size_t end; (end = pending.find("\n\n")) != std::string::npos;) {
            const std::string event = pending.substr(0, end + 2);
            pending.erase(0, end + 2);
            const std::string_view data = std::string_view(event).substr(0, end);
            if (data == "data: [DONE]") continue;
            if (data.starts_with("data: "))
                if (int n = usage_completion_tokens(data.substr(6)); n >= 0) reply.completion_tokens = n;
            if (client_here) client_here = co_await sink->chunk(event);
        }
    }
    t.charge(Phase::Decode, t0);
    reply.latency_us = micros();
    if (ec) {
        release(std::move(c), false);
        reply.cause = ec == beast::error::timeout ? Cause::UpstreamReadTimeout : Cause::UpstreamError;
        reply.error = ec == beast::error::timeout ? "httpx.ReadTimeout" : "httpx.ReadError: " + ec.message();
        co_return reply;
    }
    release(std::move(c), parser.get().keep_alive());
    reply.cause = sim::upstream_answer_cause(reply.status, reply.body.find(sim::context_length_code()) != std::string::npos);
    if (!forward && reply.status == 200) reply.completion_tokens = std::max(usage_completion_tokens(reply.body), 0);
    co_return reply;
}

}  // namespace gatetune::live
