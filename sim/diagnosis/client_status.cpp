#include "sim/diagnosis/client_status.hpp"

#include <array>
#include <utility>

#include "sim/diagnosis/timestamp.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::diagnosis {
namespace {

using E = ClientError;

// Other Python clients' names for httpx's five failures (requests, aiohttp).
constexpr std::array<std::pair<std::string_view, ClientError>, 10> kClientNames{{
    {"ReadTimeout", E::ReadTimeout},
    {"RemoteProtocolError", E::RemoteProtocolError},
    {"ReadError", E::ReadError},
    {"ConnectError", E::ConnectError},
    {"ConnectTimeout", E::ConnectTimeout},
    {"ConnectionError", E::ConnectError},            // requests
    {"ServerDisconnectedError", E::RemoteProtocolError},  // aiohttp
    {"ClientConnectorError", E::ConnectError},       // aiohttp
    {"ServerTimeoutError", E::ReadTimeout},          // aiohttp
    {"ClientOSError", E::ReadError},                 // aiohttp (connection reset)
}};

bool contains(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

}  // namespace

ClientStatus client_error_status(ClientError e) { return {std::string(to_string(e)), 0}; }

std::optional<ClientStatus> parse_client_status(std::string_view text) {
    const std::string_view s = trim(text, " \t\r\"");
    if (const auto code = parse_int(s)) {
        if (*code == 0) return ClientStatus{"no_response", 0};
        if (*code >= 100 && *code <= 599) return ClientStatus{std::to_string(*code), *code};
        return std::nullopt;
    }
    if (s == "no_response") return ClientStatus{"no_response", 0};
    const auto dot = s.rfind('.');
    const std::string_view name = dot == std::string_view::npos ? s : s.substr(dot + 1);
    for (const auto& [known, error] : kClientNames) {
        if (name == known) return client_error_status(error);
    }
    return std::nullopt;
}

std::optional<ClientError> java_client_error(std::string_view exception, std::string_view message) {
    // The socket timeouts say which phase in their message ("connect timed out", "Read timed out").
    if (contains(exception, "ConnectTimeoutException")) return E::ConnectTimeout;
    if (contains(exception, "SocketTimeoutException")) {
        return contains(message, "connect timed out") || contains(message, "Connect timed out") ? E::ConnectTimeout : E::ReadTimeout;
    }
    if (contains(exception, "NoHttpResponseException") || contains(exception, "ConnectionClosedException")) return E::RemoteProtocolError;
    if (contains(exception, "ConnectException") || contains(exception, "UnknownHostException")) return E::ConnectError;
    if (contains(exception, "SocketException")) return E::ReadError;  // Connection reset, Broken pipe
    return std::nullopt;
}

std::optional<ClientError> k6_client_error(std::string_view error_code, std::string_view error) {
    const auto code = parse_int(error_code);
    if (code) {
        if (*code == 1050) return E::ReadTimeout;
        if (*code == 1211) return E::ConnectTimeout;
        if ((*code >= 1100 && *code <= 1111) || (*code >= 1210 && *code <= 1213)) return E::ConnectError;
        if (*code == 1220 || (*code >= 1200 && *code <= 1202)) return E::ReadError;
    }
    if (!code || *code == 1000) {
        // Go's net/http reports a server that closed without answering as "EOF".
        if (contains(error, "EOF")) return E::RemoteProtocolError;
        if (contains(error, "request timeout")) return E::ReadTimeout;
        if (contains(error, "connection reset by peer")) return E::ReadError;
        if (contains(error, "connection refused")) return E::ConnectError;
    }
    return std::nullopt;
}

}  // namespace gatetune::sim::diagnosis
