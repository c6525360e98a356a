#include "app/live/load/load_target.hpp"

#include <charconv>

namespace gatetune::live {
namespace {

[[noreturn]] void bad(std::string_view url, const std::string& why) {
    throw LoadInputError("--target \"" + std::string(url) + "\": " + why +
                         " (allowed: http://HOST:PORT[/BASE], e.g. http://127.0.0.1:8080)");
}

}  // namespace

std::string LoadTarget::host_header() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + port;
}

LoadTarget parse_load_target(std::string_view url) {
    constexpr std::string_view kScheme = "http://";
    if (url.starts_with("https://")) bad(url, "https is not supported");
    if (!url.starts_with(kScheme)) bad(url, "the URL must start with http://");
    std::string_view rest = url.substr(kScheme.size());
    const auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    if (path.find_first_of("?#") != std::string_view::npos) bad(url, "a query or fragment is not allowed");
    while (path.ends_with('/')) path.remove_suffix(1);
    if (authority.find('@') != std::string_view::npos) bad(url, "user information is not allowed");

    LoadTarget t;
    std::string_view port;
    if (authority.starts_with('[')) {  // [::1]:8080
        const auto close = authority.find(']');
        if (close == std::string_view::npos) bad(url, "unclosed '[' in the IPv6 address");
        t.host = std::string(authority.substr(1, close - 1));
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':')) bad(url, "unexpected text after the IPv6 address");
        if (!after.empty()) port = after.substr(1);
    } else {
        const auto colon = authority.rfind(':');
        t.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    }
    if (t.host.empty()) bad(url, "the host is missing");
    if (!port.empty() || authority.ends_with(':')) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
            bad(url, "the port must be a number from 1 to 65535");
        t.port = std::to_string(value);
    }
    t.base_path = std::string(path);
    return t;
}

}  // namespace gatetune::live
