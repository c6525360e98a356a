#pragma once
// Where the load goes: "http://host:port[/base]" — the gateway's base URL; requests go to
// {base}/v1/chat/completions. Plain HTTP only: the live stack runs on loopback, and a TLS
// handshake per arrival would measure the load generator, not the gateway.
#include <stdexcept>
#include <string>
#include <string_view>

namespace gatetune::live {

class LoadInputError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

struct LoadTarget {
    std::string host;       // name or address, without IPv6 brackets
    std::string port = "80";
    std::string base_path;  // "" or "/prefix" without a trailing slash

    std::string chat_completions_path() const { return base_path + "/v1/chat/completions"; }
    std::string host_header() const;  // "host:port" ([v6]:port)
};

// Throws LoadInputError saying what is wrong and what is allowed.
LoadTarget parse_load_target(std::string_view url);

}  // namespace gatetune::live
