#pragma once
// What the gateway's response says about a request, read into the simulator's vocabulary:
// x-gatetune-cause (a sim::Cause name), x-gatetune-worker, x-gatetune-attempts and
// Server-Timing (one metric per sim::Phase, dur in milliseconds of wall time). A gateway that
// does not send x-gatetune-cause — any real one — gets a cause derived from the status alone.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/outcome.hpp"

namespace gatetune::live {

struct ServerTimingMetric {
    std::string name;
    std::optional<double> dur_ms;
};

// RFC-style Server-Timing: `name;dur=12.5;desc="…", name2;dur=3`. Quoted strings may contain
// commas and semicolons; malformed entries are skipped, not fatal (the header is informational).
std::vector<ServerTimingMetric> parse_server_timing(std::string_view header);

// The gateway-reported fields of one response.
struct GatewayReport {
    std::optional<sim::Cause> cause;  // x-gatetune-cause, when present and a known name
    bool cause_header_present = false;
    int worker = -1;
    int attempts = 0;
};

// Reads the three x-gatetune-* headers (empty string_view = absent) and adds the Server-Timing
// phases to rec.phases, converted from wall milliseconds to preset time (÷ time_scale).
GatewayReport read_gateway_headers(std::string_view cause, std::string_view worker, std::string_view attempts,
                                   std::string_view server_timing, double time_scale, sim::RequestRecord& rec);

// For responses without x-gatetune-cause: the cause the simulator gives the only failure it
// answers with that status (400 context_length_exceeded, 429 gateway_rate_limited, 502
// lb_target_closed, 503 concurrency_limit, 504 lb_idle_timeout); any other status ≥ 400 is
// upstream_error, below 400 ok. A guess by construction: the status alone cannot tell, e.g., the
// gateway's 429 from a passed-through upstream 429.
sim::Cause cause_from_status(int status);

// The `code` of an OpenAI-style error object ({"error":{"code":"db_pool_timeout",…}}) when it
// names a cause; also reads `status` when the event carries one.
struct ErrorObject {
    std::optional<sim::Cause> cause;
    std::optional<int> status;
};
std::optional<ErrorObject> parse_error_object(std::string_view json);

}  // namespace gatetune::live
