#pragma once
// Times as load tools, load balancers and loggers write them, to integer microseconds.
#include <cstdint>
#include <optional>
#include <string_view>

namespace gatetune::sim::diagnosis {

// µs since 1970-01-01T00:00:00Z of an ISO 8601 / RFC 3339 date and time: "2024-05-01T12:00:00Z",
// a fraction of up to 9 digits (k6 writes nanoseconds; rounded to the µs), an offset "+02:00",
// "+0200" or "Z", or none (then UTC). A space may stand for the "T" and before the offset, and "/"
// for "-" in the date: gunicorn writes "2024-05-01 12:00:00 +0000", JMeter "2024/05/01 12:00:00".
std::optional<std::int64_t> parse_iso_time(std::string_view text);

// A request's start: an ISO time, or a number — epoch milliseconds (above 1e11), epoch seconds
// (above 1e8, i.e. after 1973) or seconds from the start of the test.
struct StartTime {
    std::int64_t us = 0;
    bool epoch = false;
};
std::optional<StartTime> parse_start_time(std::string_view text);
inline constexpr std::string_view kAllowedStartTimes =
    "an ISO 8601 time such as 2024-05-01T12:00:00.250Z, epoch seconds or milliseconds, or seconds from the start";

// A finite decimal number, as written in CSV and logs (no locale, no hex, no inf/nan).
std::optional<double> parse_number(std::string_view text);
// A whole number that fits an int.
std::optional<int> parse_int(std::string_view text);

}  // namespace gatetune::sim::diagnosis
