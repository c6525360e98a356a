#pragma once
// The names the live mode uses for Asio and Beast, in one place.
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <chrono>
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace gatetune::live {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::asio::awaitable;
using boost::asio::use_awaitable;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Seconds (as presets give them) to a steady-clock duration.
inline std::chrono::steady_clock::duration seconds(double s) {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
}

}  // namespace gatetune::live
