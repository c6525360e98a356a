#include "app/live/net/server.hpp"

#include <memory>
#include <optional>

#include "app/live/net/error_json.hpp"
#include "app/live/net/write_message.hpp"

namespace gatetune::live {

namespace {

using boost::asio::redirect_error;

// The answer to a request the server could not read: status, message, and whether the
// connection can go on (never after a framing error).
Response rejection(unsigned status, std::string_view message, std::string_view code) {
    return error_response(status, message, "invalid_request_error", code, 11, false);
}

std::optional<Response> check_header(const http::request_parser<http::string_body>& parser, const ServerLimits& limits) {
    const auto& req = parser.get();
    if (req.target().size() > limits.max_target_bytes)
        return rejection(414, "The request URL is longer than " + std::to_string(limits.max_target_bytes) + " bytes.",
                         "uri_too_long");
    std::size_t fields = 0;
    for (auto it = req.begin(); it != req.end(); ++it) ++fields;
    if (fields > limits.max_header_fields)
        return rejection(431, "The request has " + std::to_string(fields) + " header fields; at most " +
                                  std::to_string(limits.max_header_fields) + " are allowed.",
                         "request_header_fields_too_large");
    return std::nullopt;
}

std::optional<Response> read_error_response(const beast::error_code& ec, const ServerLimits& limits, bool in_body) {
    if (ec == http::error::header_limit)
        return rejection(431, "The request header is larger than " + std::to_string(limits.max_header_bytes) + " bytes.",
                         "request_header_fields_too_large");
    // Before any handler, so before the API key: Beast checks Content-Length against the limit
    // when the header ends (basic_parser::finish_header), and a chunk's size before its data, so
    // an oversized body is refused without being read. A bad key with an oversized body is thus
    // 413, as behind nginx, whose client_max_body_size check runs in the find-config phase, ahead
    // of the access phase where auth_basic and auth_request answer 401
    // (ngx_http_core_find_config_phase), and as at a CDN edge such as Cloudflare's in front of
    // api.openai.com, which refuses a body over its upload limit before the origin sees the key.
    // The limit is a property of the server, like the header and URL limits (431, 414) above:
    // the 413 says nothing about the key or about request validation, and costs no database query.
    if (ec == http::error::body_limit)
        return rejection(413, "The request body is larger than " + std::to_string(limits.max_body_bytes) + " bytes.",
                         "request_too_large");
    if (ec == beast::error::timeout)
        return rejection(408, in_body ? "The request body did not arrive in time." : "The request header did not arrive in time.",
                         "request_timeout");
    if (ec.category() == http::make_error_code(http::error::bad_target).category())
        return rejection(400, "Malformed HTTP request: " + ec.message() + ".", "bad_request");
    return std::nullopt;  // connection-level failure: nobody to answer
}

// A read deadline that cancels the pending read instead of closing the socket (as
// beast::tcp_stream's own timeout does), so a slow client can still be told 408.
class ReadDeadline {
public:
    explicit ReadDeadline(beast::tcp_stream& s) : stream_(s), timer_(s.get_executor()), fired_(std::make_shared<bool>(false)) {}
    ~ReadDeadline() { timer_.cancel(); }
    void arm(std::chrono::steady_clock::duration d) {
        *fired_ = false;
        timer_.expires_after(d);
        timer_.async_wait([fired = fired_, &sock = stream_.socket()](const boost::system::error_code& ec) {
            if (ec) return;
            *fired = true;
            boost::system::error_code ignored;
            sock.cancel(ignored);
        });
    }
    void disarm() { timer_.cancel(); }
    bool fired() const { return *fired_; }

private:
    beast::tcp_stream& stream_;
    asio::steady_timer timer_;
    std::shared_ptr<bool> fired_;
};

}  // namespace

awaitable<void> Responder::send(Response r) {
    if (responded_) co_return;
    responded_ = true;
    if (closing_ && *closing_) keep_alive_ = false;
    r.version(version_);
    r.keep_alive(keep_alive_);
    r.prepare_payload();
    stream_.expires_after(seconds(write_timeout_));
    beast::error_code ec;
    co_await write_message(stream_, r, ec);
    if (ec) gone_ = true;
}

awaitable<bool> Responder::begin_stream(http::response<http::empty_body> header) {
    if (responded_) co_return false;
    responded_ = true;
    if (closing_ && *closing_) keep_alive_ = false;
    header.version(version_);
    header.keep_alive(keep_alive_);
    header.chunked(true);
    http::response_serializer<http::empty_body> sr{header};
    stream_.expires_after(seconds(write_timeout_));
    beast::error_code ec;
    co_await http::async_write_header(stream_, sr, redirect_error(use_awaitable, ec));
    if (ec) gone_ = true;
    co_return !gone_;
}

awaitable<bool> Responder::write_chunk(std::string_view data) {
    if (gone_) co_return false;
    if (data.empty()) co_return true;  // an empty chunk would end the body
    stream_.expires_after(seconds(write_timeout_));
    beast::error_code ec;
    co_await asio::async_write(stream_, http::make_chunk(asio::const_buffer(data.data(), data.size())),
                               redirect_error(use_awaitable, ec));
    if (ec) gone_ = true;
    co_return !gone_;
}

awaitable<void> Responder::end_stream() {
    if (gone_) co_return;
    stream_.expires_after(seconds(write_timeout_));
    beast::error_code ec;
    co_await asio::async_write(stream_, http::make_chunk_last(), redirect_error(use_awaitable, ec));
    if (ec) gone_ = true;
}

ConnectionSet::Entry* ConnectionSet::add(tcp::socket* s) {
    entries_.push_back(std::make_unique<Entry>(Entry{s}));
    return entries_.back().get();
}

void ConnectionSet::remove(Entry* e) {
    std::erase_if(entries_, [e](const auto& p) { return p.get() == e; });
}

void ConnectionSet::close_all() {
    for (auto& e : entries_) {
        e->doomed = true;
        if (e->busy) continue;
        boost::system::error_code ignored;
        e->socket->shutdown(tcp::socket::shutdown_both, ignored);
        e->socket->cancel(ignored);
    }
}

awaitable<void> serve_connection(tcp::socket socket, Handler handler, ServerLimits limits, std::shared_ptr<ConnectionSet> registry) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    bool first = true;
    ConnectionSet::Entry* entry = registry ? registry->add(&stream.socket()) : nullptr;
    struct Unregister {
        std::shared_ptr<ConnectionSet>& r;
        ConnectionSet::Entry* e;
        ~Unregister() {
            if (r && e) r->remove(e);
        }
    } unregister{registry, entry};
    for (;;) {
        if (entry && entry->doomed) break;
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(limits.max_header_bytes, UINT32_MAX)));
        parser.body_limit(limits.max_body_bytes);

        // An idle keep-alive connection waits `keepalive`; a request that started must finish
        // its header within header_timeout.
        const bool idle = !first && buffer.size() == 0;
        ReadDeadline deadline(stream);
        deadline.arm(seconds(idle ? limits.keepalive : limits.header_timeout));
        beast::error_code ec;
        co_await http::async_read_header(stream, buffer, parser, redirect_error(use_awaitable, ec));
        deadline.disarm();
        if (deadline.fired() && ec == asio::error::operation_aborted) ec = beast::error::timeout;
        if (ec) {
            const bool nothing_read = buffer.size() == 0 && !parser.got_some();
            if (ec == http::error::end_of_stream || nothing_read) break;  // client closed or idled out
            if (auto r = read_error_response(ec, limits, false)) {
                Responder out(stream, 11, false, limits.write_timeout);
                co_await out.send(std::move(*r));
            }
            break;
        }
        first = false;
        if (auto r = check_header(parser, limits)) {
            Responder out(stream, parser.get().version(), false, limits.write_timeout);
            co_await out.send(std::move(*r));
            break;
        }
        if (!parser.is_done()) {
            deadline.arm(seconds(limits.body_timeout));
            co_await http::async_read(stream, buffer, parser, redirect_error(use_awaitable, ec));
            deadline.disarm();
            if (deadline.fired() && ec == asio::error::operation_aborted) ec = beast::error::timeout;
            if (ec) {
                if (auto r = read_error_response(ec, limits, true)) {
                    Responder out(stream, parser.get().version(), false, limits.write_timeout);
                    co_await out.send(std::move(*r));
                }
                break;
            }
        }
        Request req = parser.release();
        Responder out(stream, req.version(), req.keep_alive() && limits.keepalive > 0, limits.write_timeout);
        if (entry) {
            entry->busy = true;
            out.close_when(&entry->doomed);
        }
        co_await handler(req, out);
        if (entry) entry->busy = false;
        if (entry && entry->doomed) out.close_after(std::chrono::steady_clock::duration::zero());
        if (!out.responded())
            co_await out.send(error_response(500, "The handler gave no response.", "server_error", "internal_error"));
        if (out.client_gone()) break;
        if (!out.keep_alive() || out.closes_anyway()) {
            if (out.close_delay().count() > 0) {
                asio::steady_timer t(co_await asio::this_coro::executor);
                t.expires_after(out.close_delay());
                co_await t.async_wait(redirect_error(use_awaitable, ec));
            }
            stream.socket().shutdown(tcp::socket::shutdown_send, ec);
            break;
        }
    }
    beast::error_code ignored;
    stream.socket().close(ignored);
}

}  // namespace gatetune::live
