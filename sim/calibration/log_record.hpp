#pragma once
// One request as a team's logs record it, in the units calibration works in: integer
// microseconds and token counts. Fields a source does not have stay empty; a record is usable
// for a fit only when it has what that fit needs (the TTFT regression needs ttft and prompt
// tokens, the arrival process needs start times).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gatetune::sim::calibration {

struct LogRecord {
    std::optional<std::int64_t> start_us;  // on the file's clock (epoch or from the test's start)
    std::optional<std::int64_t> latency_us;
    std::optional<std::int64_t> ttft_us;   // time to first token, when streamed
    std::string status;                    // "200", "429", "ReadTimeout", …
    int http_status = 0;                   // 0 when no response came back
    std::optional<int> prompt_tokens;
    std::optional<int> completion_tokens;
    std::string_view model;                // valid only during the callback
    std::string_view session;              // user, session or VU; valid only during the callback
    std::int64_t line = 0;                 // where it was read, for messages
};

}  // namespace gatetune::sim::calibration
