#pragma once
// How a request ended as its client reports it: an HTTP status, or — when no response came back —
// the exception, named as httpx names it (the labels `gatetune run` writes, sim::status_label).
// Load tools name the same failures their own way (JMeter: Java exceptions; k6: error codes);
// these tables translate them.
#include <optional>
#include <string>
#include <string_view>

#include "sim/outcome.hpp"

namespace gatetune::sim::diagnosis {

struct ClientStatus {
    std::string label;    // "200", "ReadTimeout", "no_response"
    int http_status = 0;  // 0 when no response came back
};

// "100" to "599"; an httpx exception name with or without its module ("httpx.ReadTimeout"), or
// another client library's name for the same failure (requests, aiohttp); "no_response" or "0"
// for a request that ended without either.
std::optional<ClientStatus> parse_client_status(std::string_view text);
inline constexpr std::string_view kAllowedStatuses =
    "an HTTP status 100 to 599, or a client error: ReadTimeout, RemoteProtocolError, ReadError, ConnectError, "
    "ConnectTimeout, no_response";

ClientStatus client_error_status(ClientError e);

// JMeter's "Non HTTP response code: <exception>" with its response message ("Read timed out").
std::optional<ClientError> java_client_error(std::string_view exception, std::string_view message);
inline constexpr std::string_view kKnownJavaExceptions =
    "java.net.SocketTimeoutException, java.net.ConnectException, java.net.SocketException, java.net.UnknownHostException, "
    "org.apache.http.NoHttpResponseException, org.apache.http.ConnectionClosedException, "
    "org.apache.http.conn.ConnectTimeoutException, org.apache.http.conn.HttpHostConnectException";

// k6's error_code tag of a request with status 0 (lib/netext/httpext/error_codes.go), or its
// error text when the code is the generic 1000.
std::optional<ClientError> k6_client_error(std::string_view error_code, std::string_view error);
inline constexpr std::string_view kKnownK6Errors =
    "error_code 1050 (request timeout), 1100-1101 (DNS), 1200-1213 (dial), 1220 (connection reset), or an EOF error";

}  // namespace gatetune::sim::diagnosis
