// Trace files: the two formats reduce each field to a RawField, and one set of column checks
// turns fields into a TraceRow or into messages, so CSV and JSONL report the same mistakes in
// the same words.
#include "sim/trace.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/trim.hpp"

namespace gatetune::sim {
namespace {

// Same bounds as the preset keys they feed (workload.calls tokens, fault window times).
constexpr double kMaxTime = 1e9;
constexpr std::int64_t kMaxTokens = 10'000'000;
constexpr std::int64_t kMaxApiKey = 1'000'000;

enum Column : std::size_t { kT, kInputTokens, kOutputTokens, kApiKey, kStream, kColumnCount };
constexpr std::array<std::string_view, kColumnCount> kColumnNames{"t", "input_tokens", "output_tokens", "api_key", "stream"};
constexpr std::string_view kAllowedColumns = "t, input_tokens, output_tokens, api_key, stream";
bool required(std::size_t c) { return c <= kOutputTokens; }

// One field as either format gives it. `shown` is how a message quotes it (12.5, "abc", true).
struct RawField {
    enum class Kind { Absent, Integer, Number, Bool, Other } kind = Kind::Absent;
    std::int64_t integer = 0;
    double number = 0;
    bool boolean = false;
    std::string shown;
};

// The issues of one trace file, thrown together as a TraceError.
class Issues {
public:
    explicit Issues(std::string file) : file_(std::move(file)) {}
    void add(int line, std::string message) { list_.add({file_, line, std::move(message)}); }
    bool empty() const { return list_.empty(); }
    void throw_if_any() {
        if (!list_.empty()) {
            const std::size_t more = list_.more();
            throw TraceError(list_.take(), more);
        }
    }

private:
    std::string file_;
    IssueList list_;
};

// ---- column checks ----------------------------------------------------------------------------

std::string allowed(std::size_t column) {
    switch (column) {
        case kT: return "seconds 0 to 1000000000";
        case kInputTokens:
        case kOutputTokens: return "integer 1 to " + std::to_string(kMaxTokens);
        case kApiKey: return "integer 0 to " + std::to_string(kMaxApiKey);
        default: return "true, false, 1 or 0";
    }
}

std::string problem(std::size_t column, const std::string& what) {
    return std::string(kColumnNames[column]) + ": " + what + " (allowed: " + allowed(column) + ")";
}

// Applies one field to the row; returns the message when it does not fit its column.
std::optional<std::string> apply(std::size_t column, const RawField& f, TraceRow& row) {
    using K = RawField::Kind;
    if (f.kind == K::Absent) return required(column) ? std::optional(problem(column, "missing")) : std::nullopt;
    if (column == kStream) {
        if (f.kind == K::Bool) row.stream = f.boolean;
        else if (f.kind == K::Integer && (f.integer == 0 || f.integer == 1)) row.stream = f.integer == 1;
        else return problem(column, f.shown + " is not a boolean");
        return std::nullopt;
    }
    if (column == kT) {
        if (f.kind != K::Integer && f.kind != K::Number) return problem(column, f.shown + " is not a number");
        const double t = f.kind == K::Integer ? static_cast<double>(f.integer) : f.number;
        if (!(t >= 0 && t <= kMaxTime)) return problem(column, f.shown + " is out of range");
        row.t = t;
        return std::nullopt;
    }
    if (f.kind != K::Integer) return problem(column, f.shown + (f.kind == K::Number ? " is not an integer" : " is not a number"));
    const std::int64_t lo = column == kApiKey ? 0 : 1;
    const std::int64_t hi = column == kApiKey ? kMaxApiKey : kMaxTokens;
    if (f.integer < lo || f.integer > hi) return problem(column, f.shown + " is out of range");
    const int v = static_cast<int>(f.integer);
    if (column == kInputTokens) row.input_tokens = v;
    else if (column == kOutputTokens) row.output_tokens = v;
    else row.api_key = v;
    return std::nullopt;
}

// ---- text helpers -----------------------------------------------------------------------------

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Calls fn(line_number, line) for every line, without its newline; a UTF-8 byte order mark
// (spreadsheet exports write one) is skipped.
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    int number = 0;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        fn(++number, text.substr(0, nl));
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    }
}

// ---- CSV --------------------------------------------------------------------------------------

std::vector<std::string_view> split_csv(std::string_view line) {
    std::vector<std::string_view> cells;
    while (true) {
        const auto comma = line.find(',');
        std::string_view cell = trim(line.substr(0, comma), kLineBlanks);
        // Spreadsheets quote cells; no field here can contain a comma, so quotes are just stripped.
        if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') cell = trim(cell.substr(1, cell.size() - 2), kLineBlanks);
        cells.push_back(cell);
        if (comma == std::string_view::npos) return cells;
        line.remove_prefix(comma + 1);
    }
}

RawField csv_field(std::string_view cell) {
    RawField f;
    if (cell.empty()) return f;
    const char* end = cell.data() + cell.size();
    f.shown = std::string(cell);
    if (auto [p, ec] = std::from_chars(cell.data(), end, f.integer); ec == std::errc{} && p == end) {
        f.kind = RawField::Kind::Integer;
    } else if (auto [q, ec2] = std::from_chars(cell.data(), end, f.number); ec2 == std::errc{} && q == end && std::isfinite(f.number)) {
        f.kind = RawField::Kind::Number;
    } else if (const std::string l = lower(cell); l == "true" || l == "false") {
        f.kind = RawField::Kind::Bool;
        f.boolean = l == "true";
    } else {
        f.kind = RawField::Kind::Other;
        f.shown = "\"" + f.shown + "\"";
    }
    return f;
}

// The header's column order, or issues at its line.
std::vector<std::size_t> csv_header(const std::vector<std::string_view>& names, int line, Issues& issues) {
    std::vector<std::size_t> columns;
    std::array<bool, kColumnCount> seen{};
    const RawField::Kind first = csv_field(names.front()).kind;
    if (first == RawField::Kind::Integer || first == RawField::Kind::Number) {
        issues.add(line, "expected a header line naming the columns (t, input_tokens, output_tokens, and optionally "
                         "api_key and stream, in any order), got a row of values");
        return columns;
    }
    for (const std::string_view name : names) {
        const auto it = std::find(kColumnNames.begin(), kColumnNames.end(), lower(name));
        if (it == kColumnNames.end()) {
            issues.add(line, "unknown column \"" + std::string(name) + "\" (allowed: " + std::string(kAllowedColumns) + ")");
            continue;
        }
        const auto c = static_cast<std::size_t>(it - kColumnNames.begin());
        if (seen[c]) issues.add(line, "column " + std::string(*it) + " appears twice");
        seen[c] = true;
        columns.push_back(c);
    }
    for (std::size_t c = 0; c < kColumnCount; ++c) {
        if (required(c) && !seen[c]) {
            issues.add(line, "missing column " + std::string(kColumnNames[c]) +
                                 " (the header needs t, input_tokens and output_tokens; api_key and stream are optional)");
        }
    }
    return columns;
}

std::vector<TraceRow> parse_csv(std::string_view text, Issues& issues) {
    std::vector<TraceRow> rows;
    std::vector<std::size_t> columns;
    std::string header_text;
    bool have_header = false;
    bool header_ok = false;
    for_each_line(text, [&](int number, std::string_view line) {
        line = trim(line.substr(0, line.find('#')), kLineBlanks);
        if (line.empty()) return;
        const std::vector<std::string_view> cells = split_csv(line);
        if (!have_header) {
            have_header = true;
            columns = csv_header(cells, number, issues);
            header_ok = issues.empty();
            for (const std::size_t c : columns) header_text.append(header_text.empty() ? "" : ", ").append(kColumnNames[c]);
            return;
        }
        if (!header_ok) return;  // the header's issues say it all; its rows cannot be read
        if (cells.size() != columns.size()) {
            issues.add(number, "expected " + std::to_string(columns.size()) + " fields (" + header_text + "), got " +
                                   std::to_string(cells.size()));
            return;
        }
        TraceRow row;
        bool ok = true;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (auto message = apply(columns[i], csv_field(cells[i]), row)) {
                issues.add(number, std::move(*message));
                ok = false;
            }
        }
        if (ok) rows.push_back(row);
    });
    if (!have_header) issues.add(0, "empty file: expected a header line such as t,input_tokens,output_tokens");
    return rows;
}

// ---- JSONL ------------------------------------------------------------------------------------

RawField json_field(const nlohmann::json& v) {
    RawField f;
    if (v.is_null()) return f;
    f.shown = v.dump();
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        f.kind = RawField::Kind::Number;
        f.number = v.get<double>();
    } else if (v.is_number_integer()) {
        f.kind = RawField::Kind::Integer;
        f.integer = v.get<std::int64_t>();
    } else if (v.is_number_float()) {
        f.kind = RawField::Kind::Number;
        f.number = v.get<double>();
    } else if (v.is_boolean()) {
        f.kind = RawField::Kind::Bool;
        f.boolean = v.get<bool>();
    } else {
        f.kind = RawField::Kind::Other;
    }
    return f;
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error …"
// without the parts that mean nothing here (the id, and line 1 of a one-line document).
std::string json_problem(const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    const auto detail = what.find(": ", what.find("column"));
    if (detail != std::string::npos) what = what.substr(detail + 2);
    return "invalid JSON at column " + std::to_string(e.byte) + ": " + what;
}

// nlohmann's "[json.exception.out_of_range.406] number overflow parsing '1e400'" without the id.
std::string number_overflow(const nlohmann::json::out_of_range& e) {
    const std::string what = e.what();
    const auto id_end = what.find("] ");
    return "invalid JSON: " + (id_end == std::string::npos ? what : what.substr(id_end + 2)) +
           " (numbers must fit a double)";
}

std::vector<TraceRow> parse_jsonl(std::string_view text, Issues& issues) {
    std::vector<TraceRow> rows;
    for_each_line(text, [&](int number, std::string_view line) {
        line = trim(line, kLineBlanks);
        if (line.empty() || line.front() == '#') return;
        nlohmann::json object;
        try {
            object = nlohmann::json::parse(line);
        } catch (const nlohmann::json::parse_error& e) {
            issues.add(number, json_problem(e));
            return;
        } catch (const nlohmann::json::out_of_range& e) {
            // A number beyond a double (1e400) is out_of_range.406, not a parse_error.
            issues.add(number, number_overflow(e));
            return;
        }
        if (!object.is_object()) {
            issues.add(number, "expected a JSON object such as {\"t\": 0.5, \"input_tokens\": 664, \"output_tokens\": 2}, got " +
                                   object.dump());
            return;
        }
        bool ok = true;
        for (const auto& [name, value] : object.items()) {
            if (std::find(kColumnNames.begin(), kColumnNames.end(), name) == kColumnNames.end()) {
                issues.add(number, "unknown field \"" + name + "\" (allowed: " + std::string(kAllowedColumns) + ")");
                ok = false;
            }
        }
        TraceRow row;
        for (std::size_t c = 0; c < kColumnCount; ++c) {
            const auto it = object.find(kColumnNames[c]);
            if (auto message = apply(c, it == object.end() ? RawField{} : json_field(*it), row)) {
                issues.add(number, std::move(*message));
                ok = false;
            }
        }
        if (ok) rows.push_back(row);
    });
    return rows;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TraceError({{path, 0, "cannot open the trace file"}});
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

// ---- public -----------------------------------------------------------------------------------

TraceError::TraceError(std::vector<TraceIssue> issues, std::size_t more)
    : std::runtime_error(format_issues(issues, more)), issues_(std::move(issues)), more_(more) {
    if (issues_.empty()) issues_.push_back({"", 0, "invalid trace"});
}

std::optional<TraceFormat> trace_format_of(std::string_view path) {
    const auto dot = path.rfind('.');
    const auto slash = path.find_last_of("/\\");
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return std::nullopt;
    const std::string ext = lower(path.substr(dot));
    if (ext == ".csv") return TraceFormat::Csv;
    if (ext == ".jsonl" || ext == ".ndjson") return TraceFormat::Jsonl;
    return std::nullopt;
}

std::vector<TraceRow> parse_trace(std::string_view text, TraceFormat format, const std::string& source_name) {
    Issues issues(source_name);
    std::vector<TraceRow> rows = format == TraceFormat::Csv ? parse_csv(text, issues) : parse_jsonl(text, issues);
    if (issues.empty() && rows.empty()) issues.add(0, "the trace has no rows (it needs at least one request)");
    issues.throw_if_any();
    std::stable_sort(rows.begin(), rows.end(), [](const TraceRow& a, const TraceRow& b) { return a.t < b.t; });
    return rows;
}

std::vector<TraceRow> load_trace(const std::string& path) {
    const auto format = trace_format_of(path);
    if (!format) throw TraceError({{path, 0, "unknown trace format (allowed extensions: .csv, .jsonl, .ndjson)"}});
    return parse_trace(read_file(path), *format, path);
}

}  // namespace gatetune::sim
