#pragma once
// Writing a whole HTTP message in one system call, from one contiguous buffer. A profile of the
// gateway under wrk showed http::async_write spending more CPU in Beast's layered buffer
// sequences (buffers_cat_view inside buffers_suffix inside buffers_prefix_view, walked again for
// every write_some) than in the system call. Messages with a fixed-size string body (all the
// live mode writes whole) are formatted here from the fields Beast keeps; anything else goes
// through Beast's serializer into the same single buffer. The test suite checks that both give
// the bytes Beast's own writer gives.
#include <string>
#include <type_traits>

#include "app/live/net/http.hpp"

namespace gatetune::live {

namespace detail {

template <bool isRequest, class Fields>
void append_start_line(std::string& out, const http::header<isRequest, Fields>& h) {
    const auto version = [&] {
        out += "HTTP/";
        out += static_cast<char>('0' + h.version() / 10);
        out += '.';
        out += static_cast<char>('0' + h.version() % 10);
    };
    if constexpr (isRequest) {
        out.append(h.method_string());
        out += ' ';
        out.append(h.target());
        out += ' ';
        version();
    } else {
        version();
        out += ' ';
        out += std::to_string(h.result_int());
        out += ' ';
        const auto reason = h.reason();
        out.append(reason.empty() ? http::obsolete_reason(h.result()) : reason);
    }
    out += "\r\n";
}

template <bool isRequest, class Body, class Fields>
std::string serialize_with_beast(http::message<isRequest, Body, Fields>& m, beast::error_code& ec) {
    http::serializer<isRequest, Body, Fields> sr{m};
    std::string out;
    do {
        sr.next(ec, [&](beast::error_code& visit_ec, const auto& buffers) {
            visit_ec = {};
            for (const auto b : beast::buffers_range_ref(buffers)) out.append(static_cast<const char*>(b.data()), b.size());
            sr.consume(beast::buffer_bytes(buffers));
        });
    } while (!ec && !sr.is_done());
    return out;
}

}  // namespace detail

// The message's wire bytes, as http::async_write would send them.
template <bool isRequest, class Body, class Fields>
std::string serialize(http::message<isRequest, Body, Fields>& m, beast::error_code& ec) {
    if constexpr (std::is_same_v<Body, http::string_body>) {
        if (!m.chunked() && m.version() >= 10 && m.version() <= 19) {
            ec = {};
            std::string out;
            out.reserve(256 + m.body().size());
            detail::append_start_line(out, m.base());
            for (const auto& f : m) {
                out.append(f.name_string());
                out += ": ";
                out.append(f.value());
                out += "\r\n";
            }
            out += "\r\n";
            out += m.body();
            return out;
        }
    }
    return detail::serialize_with_beast(m, ec);
}

// http::async_write, in one write of one buffer. ec is set as the write sets it.
template <class Stream, bool isRequest, class Body, class Fields>
awaitable<void> write_message(Stream& stream, http::message<isRequest, Body, Fields>& m, beast::error_code& ec) {
    const std::string bytes = serialize(m, ec);
    if (ec) co_return;
    co_await asio::async_write(stream, asio::buffer(bytes), asio::redirect_error(use_awaitable, ec));
}

}  // namespace gatetune::live
