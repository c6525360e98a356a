#include "app/live/net/endpoint.hpp"

#include <charconv>

namespace gatetune::live {

namespace {

std::uint16_t parse_port(std::string_view digits, std::string_view whole) {
    unsigned value = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc{} || p != digits.data() + digits.size() || value > 65535)
        throw AddressError("'" + std::string(whole) + "': the port must be a number from 0 to 65535");
    return static_cast<std::uint16_t>(value);
}

}  // namespace

bool ListenAddress::loopback() const { return host == "127.0.0.1" || host == "::1" || host == "localhost"; }

std::string HttpUrl::authority() const { return host + ":" + std::to_string(port); }

ListenAddress parse_listen_address(std::string_view text) {
    ListenAddress a;
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        a.port = parse_port(text, text);
        return a;
    }
    std::string_view host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (!host.empty()) a.host = std::string(host);
    a.port = parse_port(text.substr(colon + 1), text);
    return a;
}

HttpUrl parse_http_url(std::string_view text) {
    HttpUrl u;
    std::string_view rest;
    if (text.starts_with("http://")) {
        rest = text.substr(7);
    } else if (text.starts_with("https://")) {
        rest = text.substr(8);
        u.tls = true;
        u.port = 443;
    } else {
        throw AddressError("'" + std::string(text) + "': expected a URL starting with http:// or https://");
    }
    const auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        std::string_view path = rest.substr(slash);
        while (!path.empty() && path.back() == '/') path.remove_suffix(1);
        u.base_path = std::string(path);
    }
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
        u.port = parse_port(authority.substr(colon + 1), text);
        authority = authority.substr(0, colon);
    }
    if (authority.empty()) throw AddressError("'" + std::string(text) + "': the URL has no host");
    u.host = std::string(authority);
    return u;
}

}  // namespace gatetune::live
