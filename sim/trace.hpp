#pragma once
// A recorded workload to replay (workload.kind = "trace"): one row per request with its send
// time and token counts. CSV (a header line names the columns, in any order; `#` starts a
// comment) or JSONL (one JSON object per line), told apart by the file extension. Every bad row is
// reported with file:line, what is wrong and what is allowed — all of them at once (up to
// kMaxTraceIssues), nothing runs.
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/input_issue.hpp"

namespace gatetune::sim {

struct TraceRow {
    double t = 0;                 // s from the start of the run (before workload.time_scale)
    int input_tokens = 0;         // prompt tokens
    int output_tokens = 0;        // requested completion tokens (max_tokens)
    int api_key = -1;             // -1: the column is absent or the cell empty
    std::optional<bool> stream;   // unset: workload.stream decides
};

enum class TraceFormat { Csv, Jsonl };

// "presets/traces/x.csv:12: input_tokens: 0 is out of range (allowed: integer 1 to 10000000)"
using TraceIssue = InputIssue;

inline constexpr std::size_t kMaxTraceIssues = kMaxInputIssues;

class TraceError : public std::runtime_error {
public:
    // At least one issue; `more` counts further issues that were found but not kept.
    explicit TraceError(std::vector<TraceIssue> issues, std::size_t more = 0);
    // In file order; what() lists them one per line, then "… and N more problems".
    const std::vector<TraceIssue>& issues() const noexcept { return issues_; }
    std::size_t more() const noexcept { return more_; }
    const std::string& file() const noexcept { return issues_.front().file; }
    int line() const noexcept { return issues_.front().line; }
    const std::string& message() const noexcept { return issues_.front().message; }

private:
    std::vector<TraceIssue> issues_;
    std::size_t more_ = 0;
};

// By extension, case-insensitive: .csv → Csv; .jsonl, .ndjson → Jsonl; anything else → nullopt.
std::optional<TraceFormat> trace_format_of(std::string_view path);

// Reads and checks a trace; throws TraceError. Rows come back sorted by t, stably: a log merged
// from several workers is rarely in order, and rows with equal t keep their file order.
std::vector<TraceRow> load_trace(const std::string& path);
// The same for text in memory; source_name is used in messages.
std::vector<TraceRow> parse_trace(std::string_view text, TraceFormat format, const std::string& source_name);

}  // namespace gatetune::sim
