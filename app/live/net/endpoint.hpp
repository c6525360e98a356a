#pragma once
// Addresses on the command line: "127.0.0.1:8080", ":8080", "8080" for listening, and
// "http://host:port[/base]" for an upstream or a load target.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gatetune::live {

struct ListenAddress {
    std::string host = "127.0.0.1";  // loopback unless told otherwise
    std::uint16_t port = 0;          // 0 = any free port
    bool loopback() const;
};

struct HttpUrl {
    std::string host;
    std::uint16_t port = 80;
    std::string base_path;  // "" or "/prefix" without a trailing slash
    bool tls = false;
    std::string authority() const;  // host:port for the Host header
};

class AddressError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Throw AddressError naming what is wrong and what is allowed.
ListenAddress parse_listen_address(std::string_view text);
HttpUrl parse_http_url(std::string_view text);

}  // namespace gatetune::live
