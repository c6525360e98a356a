#include "app/live/load/gateway_call.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <limits>

#include <boost/beast/http.hpp>

#include "app/live/load/chat_request.hpp"
#include "app/live/load/gateway_response.hpp"
#include "app/live/load/sse_scanner.hpp"
#include "app/live/net/write_message.hpp"
#include "sim/keepalive_reuse.hpp"

namespace gatetune::live {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using sim::Cause;
using sim::ClientError;
using ErrorCode = boost::system::error_code;

void end_with(sim::RequestRecord& rec, int status, Cause cause, ClientError err = ClientError::None) {
    rec.http_status = status;
    rec.cause = cause;
    rec.client_error = err;
}

// httpcore checks a pooled connection before reusing it: one the server has closed while it
// was idle (keep-alive expiry, or uvicorn's close after a 500 that already arrived) is readable
// at EOF, and a new connection is opened instead.
bool still_open(GatewayLink& link) {
    char byte = 0;
    const auto n = ::recv(link.stream.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

bool is_local_failure(const ErrorCode& ec) {
    return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
           ec == ErrorCode(EADDRNOTAVAIL, boost::system::system_category());
}

// How a connection failed before any response byte, besides the caller's own timeout.
enum class EarlyClose {
    None,         // the server went away with the request outstanding: the worker died
    After500,     // uvicorn's close after a 500 crossed the request (O1)
    AlbIdleClose  // the ALB's close of the idle connection crossed the request
};

// The connection failed while the caller waited for the response: its own timeout, or the
// server went away. httpx says ReadError for uvicorn's close after a 500 (O1) and
// RemoteProtocolError ("Server disconnected without sending a response") for the others.
void connection_failed(sim::RequestRecord& rec, const ErrorCode& ec, EarlyClose early) {
    if (ec == beast::error::timeout)
        end_with(rec, 0, Cause::ClientTimeout, ClientError::ReadTimeout);
    else if (early == EarlyClose::After500)
        end_with(rec, 0, Cause::ClosedAfterError, ClientError::ReadError);
    else if (early == EarlyClose::AlbIdleClose)
        end_with(rec, 0, Cause::LbClientIdleClose, ClientError::RemoteProtocolError);
    else
        end_with(rec, 0, Cause::WorkerKilled, ClientError::RemoteProtocolError);
}

http::request<http::string_body> make_request(const CallSettings& s, const std::string& api_key, bool stream,
                                              const sim::RequestRecord& rec) {
    http::request<http::string_body> req{http::verb::post, s.target.chat_completions_path(), 11};
    req.set(http::field::host, s.target.host_header());
    req.set(http::field::authorization, "Bearer " + api_key);
    req.set(http::field::content_type, "application/json");
    req.set(http::field::user_agent, "gatetune-load");
    if (stream) req.set(http::field::accept, "text/event-stream");
    // The simulator's request number: the gateway draws this request's random choices (CPU
    // times, whether it blocks) from the same stream as the simulated request.
    req.set("x-gatetune-request", std::to_string(rec.id));
    req.keep_alive(s.keepalive);  // keepalive = false: Connection: close, as the simulated client
    req.body() = chat_request_body(rec.input_tokens, rec.output_tokens, stream, session_owner(rec));
    req.prepare_payload();
    return req;
}

// The outcome of a complete response: the gateway's cause header, else the error object in the
// body, else a guess from the status.
void settle_cause(sim::RequestRecord& rec, const GatewayReport& report, std::string_view body, CallNotes& notes) {
    if (report.cause) {
        rec.cause = *report.cause;
        return;
    }
    if (rec.http_status >= 400) {
        if (const auto err = parse_error_object(body); err && err->cause) {
            rec.cause = *err->cause;
            return;
        }
    }
    notes.cause_from_status = true;
    rec.cause = cause_from_status(rec.http_status);
}

using Parser = http::response_parser<http::string_body>;

// A streamed 200: every read may wait up to the client timeout (httpx's read timeout bounds each
// wait for bytes; the simulator's chunk-per-token stream never stays silent that long).
asio::awaitable<void> read_stream(const CallSettings& s, GatewayLink& link, Parser& parser, sim::RequestRecord& rec) {
    SseScanner sse;
    std::size_t scanned = 0;
    ErrorCode ec;
    while (!parser.is_done()) {
        link.stream.expires_after(s.client_timeout);
        co_await http::async_read_some(link.stream, link.buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        const std::string& body = parser.get().body();
        sse.feed(std::string_view(body).substr(scanned));
        scanned = body.size();
        if (ec) break;
    }
    // A stream that fails after its headers ends with an error event (status 200 already sent);
    // the simulator records such a request with the status its handler would have answered.
    if (const auto& err = sse.error()) {
        rec.http_status = err->status.value_or(500);
        rec.cause = err->cause.value_or(cause_from_status(rec.http_status));
        link.open = false;
        co_return;
    }
    if (ec) {
        connection_failed(rec, ec, EarlyClose::None);
        link.open = false;
    }
}

}  // namespace

void GatewayLink::close() {
    ErrorCode ignored;
    stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    stream.socket().close(ignored);
    buffer.clear();
    open = false;
    after_500 = false;
}

asio::awaitable<CallNotes> send_call(const CallSettings& s, GatewayLink& link, const std::string& api_key, bool stream,
                                     sim::RequestRecord& rec) {
    CallNotes notes;
    ErrorCode ec;
    bool reused = false;
    if (link.open) {
        reused = still_open(link);
        if (!reused) link.close();
    }
    if (!reused) {
        link.close();
        link.stream.expires_after(s.client_timeout);
        co_await link.stream.async_connect(s.endpoints, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            // A connection that is never accepted (listen backlog full, nobody listening):
            // httpx.ConnectTimeout or ConnectError.
            const ClientError err = ec == beast::error::timeout ? ClientError::ConnectTimeout : ClientError::ConnectError;
            end_with(rec, 0, Cause::BacklogFull, err);
            notes.local_error = is_local_failure(ec);
            link.close();
            rec.end = s.clock.preset_now();
            co_return notes;
        }
        link.open = true;
    }
    const bool raced_after_500 = reused && link.after_500;

    auto req = make_request(s, api_key, stream, rec);
    const auto sent_at = std::chrono::steady_clock::now();
    link.stream.expires_after(s.client_timeout);
    co_await write_message(link.stream, req, ec);
    Parser parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    if (!ec) {
        // Until the first byte (and, unstreamed, the whole response): the client timeout.
        link.stream.expires_after(s.client_timeout);
        co_await http::async_read_header(link.stream, link.buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    }
    if (ec) {
        const double since_send = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent_at).count();
        EarlyClose early = EarlyClose::None;
        if (raced_after_500)
            early = EarlyClose::After500;
        else if (reused && s.behind_load_balancer && !parser.got_some() && sim::closed_before_request(since_send, s.race_window))
            early = EarlyClose::AlbIdleClose;
        connection_failed(rec, ec, early);
        link.close();
        rec.end = s.clock.preset_now();
        co_return notes;
    }

    const auto& head = parser.get();
    rec.http_status = static_cast<int>(head.result_int());
    const GatewayReport report = read_gateway_headers(head["x-gatetune-cause"], head["x-gatetune-worker"],
                                                      head["x-gatetune-attempts"], head["server-timing"],
                                                      s.clock.time_scale(), rec);
    const bool event_stream = rec.http_status == 200 && head[http::field::content_type].starts_with("text/event-stream");
    settle_cause(rec, report, {}, notes);
    if (event_stream) {
        co_await read_stream(s, link, parser, rec);
    } else {
        co_await http::async_read(link.stream, link.buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            connection_failed(rec, ec, EarlyClose::None);
            link.open = false;
        } else if (!report.cause) {
            notes = {};
            settle_cause(rec, report, parser.get().body(), notes);
        }
    }
    rec.end = s.clock.preset_now();
    if (link.open && s.keepalive && parser.is_done() && parser.get().keep_alive()) {
        link.after_500 = rec.http_status == 500;
    } else {
        link.close();
    }
    co_return notes;
}

}  // namespace gatetune::live
