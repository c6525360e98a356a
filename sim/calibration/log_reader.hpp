#pragma once
// Streamed reading of request logs for `gatetune calibrate`: the file is read in blocks and each
// record handed over as it is parsed, so memory does not grow with the number of lines. Formats:
// JSON Lines (flat records, OpenAI-style responses with a `usage` object, or the live gateway's
// usage rows), CSV with a header (what `gatetune run --format csv` writes among them), k6's
// `--out json`. Field names are the
// ones `gatetune diagnose` accepts (sim/diagnosis/record_fields) plus time to first token and
// model.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/calibration/log_record.hpp"
#include "sim/input_issue.hpp"

namespace gatetune::sim::calibration {

// UsageTable is the live gateway's database (read in app/live/db/usage_log.hpp, since sim/ does
// not link SQLite or libpq): a name for reports, not a format these readers parse.
enum class LogFormat { Auto, JsonLines, Csv, K6, Alb, UsageTable };
std::string_view to_string(LogFormat f);
bool parse_log_format(std::string_view name, LogFormat& out);  // "auto", "jsonl", "csv", "k6", "alb"
inline constexpr std::string_view kLogFormatNames = "auto, jsonl, csv, k6, alb";

// What reading one file found besides its records.
struct ReadStats {
    LogFormat format = LogFormat::Auto;
    std::uint64_t lines = 0;        // data lines (or rows) seen, blank lines and comments excluded
    std::uint64_t records = 0;      // handed to the callback
    std::uint64_t skipped = 0;      // lines that are not requests (k6 metrics other than the request's duration)
    std::uint64_t bad = 0;          // unparseable lines
    std::vector<InputIssue> first_bad;  // the first kMaxInputIssues of them, with line numbers
};

using RecordSink = std::function<void(const LogRecord&)>;

// Reads `path` (format sniffed from its first bytes unless given). Problems with the file as a
// whole (missing, unreadable, empty, unknown format) throw std::runtime_error with the file
// name; bad lines are counted in the returned stats and reading goes on. `progress` (may be
// empty) is called now and then with the bytes read so far and the file's size.
ReadStats read_log_file(const std::string& path, LogFormat format, const RecordSink& sink,
                        const std::function<void(std::uint64_t, std::uint64_t)>& progress = {});

// The same for text in memory (tests, benchmarks); `name` is used in messages.
ReadStats read_log_text(std::string_view text, const std::string& name, LogFormat format, const RecordSink& sink);

}  // namespace gatetune::sim::calibration
