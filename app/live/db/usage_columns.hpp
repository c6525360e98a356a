#pragma once
// The usage table's columns for calibration (UsageRow's model … status), added after the table
// first shipped: a database created before them gets them by ALTER TABLE … ADD COLUMN when the
// gateway or `gatetune keys` opens it (existing rows keep their data, with NULL in these).
#include <array>

namespace gatetune::live {

struct UsageColumn {
    const char* name;
    const char* sqlite_type;
    const char* postgres_type;
};

inline constexpr std::array<UsageColumn, 5> kUsageCalibrationColumns{{
    {"model", "TEXT", "TEXT"},
    {"started_at_us", "INTEGER", "BIGINT"},  // µs since the Unix epoch, when the gateway received the request
    {"latency_us", "INTEGER", "BIGINT"},     // the upstream call that answered, sent → last byte
    {"ttft_us", "INTEGER", "BIGINT"},        // sent → first token; NULL when not streamed
    {"status", "INTEGER", "INTEGER"},        // the upstream's HTTP status
}};

}  // namespace gatetune::live
