// Per-request records as a team exports them — CSV with a header naming the columns (any order),
// JSON Lines, or one JSON document — and exactly what `gatetune run --format csv|json` writes
// (sim/report_csv.cpp, sim/report_json.cpp), so a simulated run reads back as an observation.
// Each field has a few accepted names; when a row has several, the first listed wins (status over
// http_status). Lines starting with # are comments in CSV.
#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "sim/csv_reader.hpp"
#include "sim/diagnosis/client_status.hpp"
#include "sim/diagnosis/json_document.hpp"
#include "sim/diagnosis/reading.hpp"
#include "sim/diagnosis/sniff.hpp"
#include "sim/diagnosis/timestamp.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::diagnosis {
namespace {

using nlohmann::json;

enum class RecordField : std::size_t { Start, Order, End, Status, Latency, LatencyMs, Error, Cause, PromptTokens, CompletionTokens, Session, Call, Count };
constexpr std::size_t kRecordFields = static_cast<std::size_t>(RecordField::Count);

// gatetune's own names are among them: start_s, latency_s, input_tokens, output_tokens, user.
const std::array<std::vector<std::string_view>, kRecordFields> kRecordAliases{{
    {"start", "start_s", "start_time", "timestamp", "time", "t"},
    {"order"},
    {"end", "end_s", "end_time"},
    {"status", "status_code", "http_status", "code"},
    {"latency", "latency_s", "duration", "duration_s", "elapsed_s", "response_time"},
    {"latency_ms", "duration_ms", "elapsed_ms", "response_time_ms"},
    {"error", "error_message", "exception"},
    {"cause"},
    {"prompt_tokens", "input_tokens"},
    {"completion_tokens", "output_tokens", "max_tokens"},
    {"session", "session_id", "user", "user_id"},
    {"call", "call_index"},
}};

constexpr int kMaxTokens = 10'000'000;

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

struct FieldName {
    std::size_t field = 0;
    std::size_t rank = 0;  // position among the field's names: a lower one wins when a row has several
};

std::optional<FieldName> record_field_of(std::string_view name) {
    const std::string l = lower_ascii(trim(name, " \t\r"));
    for (std::size_t f = 0; f < kRecordFields; ++f) {
        const auto& aliases = kRecordAliases[f];
        if (const auto it = std::find(aliases.begin(), aliases.end(), l); it != aliases.end()) {
            return FieldName{f, static_cast<std::size_t>(it - aliases.begin())};
        }
    }
    return std::nullopt;
}

// One row, whatever the format: per field the name it came under and its text (absent or empty: none).
struct RecordCells {
    std::array<std::string, kRecordFields> name;
    std::array<std::optional<std::string>, kRecordFields> text;
    const std::optional<std::string>& operator[](RecordField f) const { return text[static_cast<std::size_t>(f)]; }
    const std::string& name_of(RecordField f) const { return name[static_cast<std::size_t>(f)]; }
};

// What a header or a JSON object lacks: the messages for missing required fields.
std::vector<std::string> missing_fields(const std::array<bool, kRecordFields>& have, std::string_view what) {
    auto has = [&](RecordField f) { return have[static_cast<std::size_t>(f)]; };
    std::vector<std::string> out;
    const std::string w(what);
    if (!has(RecordField::Status)) out.push_back("missing " + w + " status (also read as status_code, http_status or code)");
    if (!has(RecordField::Start) && !has(RecordField::Order)) {
        out.push_back("missing " + w + " start or order (when each request was sent, or its position)");
    }
    if (!has(RecordField::Latency) && !has(RecordField::LatencyMs) && !(has(RecordField::End) && has(RecordField::Start))) {
        out.push_back("missing " + w + " latency (seconds; or latency_ms, duration_ms, or end together with start)");
    }
    return out;
}

std::string cause_names() {
    std::string out;
    for (std::size_t i = 0; i < kCauseCount; ++i) out.append(i ? ", " : "").append(to_string(static_cast<Cause>(i)));
    return out;
}

// Turns one row into a request, or into issues at its line.
class RecordConverter {
public:
    RecordConverter(FileIssues& issues, int line) : issues_(issues), line_(line) {}

    std::optional<ReadRequest> convert(const RecordCells& c) {
        ReadRequest r;
        ObservedRequest& q = r.request;
        q.source = issues_.at(line_);
        status(c, q);
        start(c, r);
        if (const auto& v = c[RecordField::Order]) {
            if (const auto n = parse_number(*v)) r.order_key = *n;
            else problem(c.name_of(RecordField::Order), *v, "is not a number", "a number giving the request's position");
        }
        latency(c, r);
        if (const auto& v = c[RecordField::Error]) q.error = *v;
        cause(c, q);
        q.prompt_tokens = tokens(c, RecordField::PromptTokens);
        q.completion_tokens = tokens(c, RecordField::CompletionTokens);
        if (const auto& v = c[RecordField::Session]; v && *v != "-1") q.session = *v;  // gatetune writes user -1 for open-loop arrivals
        if (const auto& v = c[RecordField::Call]; v && *v != "-1") {
            const auto n = parse_int(*v);
            if (n && *n >= 0) q.call = *n;
            else problem(c.name_of(RecordField::Call), *v, "is not a call index", "an integer ≥ 0 (0 is the session's first call), or -1 for none");
        }
        if (!q.error.empty()) {
            if (const Signature* s = match_error_text(q.error, q.http_status != 0)) {
                q.signature = std::string(s->id);
                if (!q.cause) q.cause = single_cause(*s);
            }
        }
        if (bad_) return std::nullopt;
        return r;
    }

private:
    void problem(const std::string& field, const std::string& value, std::string_view what, std::string_view allowed) {
        issues_.add(line_, field + ": \"" + value + "\" " + std::string(what) + " (allowed: " + std::string(allowed) + ")");
        bad_ = true;
    }

    void status(const RecordCells& c, ObservedRequest& q) {
        const auto& v = c[RecordField::Status];
        if (!v) {
            issues_.add(line_, (c.name_of(RecordField::Status).empty() ? std::string("status") : c.name_of(RecordField::Status)) +
                                   ": missing (allowed: " + std::string(kAllowedStatuses) + ")");
            bad_ = true;
            return;
        }
        const auto s = parse_client_status(*v);
        if (!s) return problem(c.name_of(RecordField::Status), *v, "is not an HTTP status or a known client error", kAllowedStatuses);
        q.status = s->label;
        q.http_status = s->http_status;
    }

    void start(const RecordCells& c, ReadRequest& r) {
        const auto& v = c[RecordField::Start];
        if (!v) return;
        const auto t = parse_start_time(*v);
        if (!t) return problem(c.name_of(RecordField::Start), *v, "is not a time", kAllowedStartTimes);
        r.request.start = t->us;
        r.epoch_start = t->epoch;
    }

    void latency(const RecordCells& c, ReadRequest& r) {
        if (const auto& v = c[RecordField::Latency]) return duration(c.name_of(RecordField::Latency), *v, 1.0, r);
        if (const auto& v = c[RecordField::LatencyMs]) return duration(c.name_of(RecordField::LatencyMs), *v, 1e-3, r);
        const auto& end = c[RecordField::End];
        if (!end || !r.request.start) {
            issues_.add(line_, "latency: missing (allowed: seconds ≥ 0, in latency, latency_ms or end)");
            bad_ = true;
            return;
        }
        const auto t = parse_start_time(*end);
        if (!t) return problem(c.name_of(RecordField::End), *end, "is not a time", kAllowedStartTimes);
        if (t->epoch != r.epoch_start || t->us < *r.request.start) {
            return problem(c.name_of(RecordField::End), *end, "is before the start or on another clock", "a time of the same kind as start, not before it");
        }
        r.request.latency = t->us - *r.request.start;
    }

    void duration(const std::string& field, const std::string& v, double seconds_per_unit, ReadRequest& r) {
        const auto n = parse_number(v);
        if (!n || *n < 0 || *n > 1e9) {
            return problem(field, v, "is not a duration", seconds_per_unit == 1.0 ? "seconds ≥ 0" : "milliseconds ≥ 0");
        }
        r.request.latency = engine::from_seconds(*n * seconds_per_unit);
    }

    void cause(const RecordCells& c, ObservedRequest& q) {
        const auto& v = c[RecordField::Cause];
        if (!v) return;
        Cause parsed{};
        if (!parse_cause(*v, parsed)) return problem(c.name_of(RecordField::Cause), *v, "is not a cause", cause_names());
        q.cause = parsed;
    }

    std::optional<int> tokens(const RecordCells& c, RecordField f) {
        const auto& v = c[f];
        if (!v) return std::nullopt;
        const auto n = parse_int(*v);
        if (!n || *n < 0 || *n > kMaxTokens) {
            problem(c.name_of(f), *v, "is not a token count", "an integer 0 to " + std::to_string(kMaxTokens));
            return std::nullopt;
        }
        return n;
    }

    FileIssues& issues_;
    int line_;
    bool bad_ = false;
};

std::string joined(const std::set<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out.append(out.empty() ? "" : ", ").append(n);
    return out;
}

void note_unused(FileReading& out, const FileIssues& issues, const std::set<std::string>& unused) {
    if (!unused.empty()) out.notes.push_back(issues.file() + ": not used: " + joined(unused));
}

// ---- CSV ----------------------------------------------------------------------------------------

FileReading read_records_csv(std::string_view text, FileIssues& issues) {
    FileReading out;
    const CsvDocument doc = read_csv(text);
    if (doc.unclosed_quote) issues.add(*doc.unclosed_quote, "a quoted field is not closed (a \" without its closing \")");
    std::vector<std::optional<std::size_t>> columns;  // per CSV column: the field it feeds, if any
    std::array<std::string, kRecordFields> names;     // per field: its column's name
    std::string header_names;
    std::set<std::string> unused;
    bool have_header = false;
    for (const CsvRecord& rec : doc.records) {
        const std::string_view first = trim(rec.fields.front(), " \t\r");
        if (rec.fields.size() == 1 && first.empty()) continue;
        if (first.starts_with('#')) continue;
        if (first.starts_with('{')) {
            issues.add(rec.line, "a JSON line in a CSV file (one format per file: CSV with a header, or JSON Lines)");
            continue;
        }
        if (!have_header) {
            have_header = true;
            if (parse_number(first)) {
                issues.add(rec.line, "expected a header line naming the columns (status, start or order, latency, …), got a row of values");
                return out;
            }
            // Per field the best-ranked column naming it; the other names are not used.
            std::array<std::optional<FieldName>, kRecordFields> best;
            std::vector<std::string> column_names;
            for (const std::string& cell : rec.fields) {
                column_names.emplace_back(trim(cell, " \t\r"));
                header_names.append(header_names.empty() ? "" : ", ").append(column_names.back());
                const auto f = record_field_of(column_names.back());
                if (f && (!best[f->field] || f->rank < best[f->field]->rank)) best[f->field] = f;
            }
            std::array<bool, kRecordFields> have{};
            for (const std::string& name : column_names) {
                std::optional<std::size_t> field;
                if (const auto f = record_field_of(name); f && best[f->field]->rank == f->rank && !have[f->field]) field = f->field;
                if (field) {
                    have[*field] = true;
                    names[*field] = name;
                } else {
                    unused.insert(name);
                }
                columns.push_back(field);
            }
            for (std::string& m : missing_fields(have, "column")) issues.add(rec.line, std::move(m));
            if (issues.any()) return out;
            continue;
        }
        if (rec.fields.size() != columns.size()) {
            issues.add(rec.line, "expected " + std::to_string(columns.size()) + " fields (" + header_names + "), got " +
                                     std::to_string(rec.fields.size()));
            continue;
        }
        RecordCells cells;
        cells.name = names;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const std::string_view v = trim(rec.fields[i], " \t\r");
            if (columns[i] && !v.empty()) cells.text[*columns[i]] = std::string(v);
        }
        if (auto r = RecordConverter(issues, rec.line).convert(cells)) out.requests.push_back(std::move(*r));
    }
    if (!have_header) issues.add(0, "no header line (expected column names such as start,status,latency)");
    note_unused(out, issues, unused);
    return out;
}

// ---- JSON -----------------------------------------------------------------------------------------

std::optional<std::string> json_cell(const json& v) {
    if (v.is_null()) return std::nullopt;
    if (v.is_string()) {
        const std::string s(trim(v.get_ref<const std::string&>(), " \t\r"));
        return s.empty() ? std::nullopt : std::optional(s);
    }
    return v.dump();
}

// One record object (a JSON line, or an element of a document's record array).
void read_record_object(const json& o, int line, FileIssues& issues, FileReading& out, std::set<std::string>& unused) {
    if (!o.is_object()) {
        issues.add(line, "expected a JSON object such as {\"start\": 0.5, \"status\": 200, \"latency\": 1.2}, got " + o.dump().substr(0, 60));
        return;
    }
    if (is_k6_object(o)) {
        issues.add(line, "a k6 output line in a file of per-request records (one format per file)");
        return;
    }
    RecordCells cells;
    std::array<bool, kRecordFields> have{};
    std::array<std::size_t, kRecordFields> rank{};
    for (const auto& [key, value] : o.items()) {
        const auto f = record_field_of(key);
        if (!f) {
            unused.insert(key);
            continue;
        }
        if (have[f->field] && rank[f->field] <= f->rank) {
            unused.insert(key);
            continue;
        }
        if (have[f->field]) unused.insert(cells.name[f->field]);
        have[f->field] = true;
        rank[f->field] = f->rank;
        cells.name[f->field] = key;
        cells.text[f->field] = json_cell(value);
    }
    const std::vector<std::string> missing = missing_fields(have, "field");
    for (const std::string& m : missing) issues.add(line, m);
    if (!missing.empty()) return;
    if (auto r = RecordConverter(issues, line).convert(cells)) out.requests.push_back(std::move(*r));
}

FileReading read_records_json_lines(std::string_view text, FileIssues& issues) {
    FileReading out;
    std::set<std::string> unused;
    for_each_line(text, [&](int number, std::string_view line) {
        json o;
        try {
            o = json::parse(line);
        } catch (const json::exception& e) {
            issues.add(number, json_error_text(e));
            return;
        }
        read_record_object(o, number, issues, out, unused);
    });
    note_unused(out, issues, unused);
    return out;
}

// `gatetune run --format json` (records under "requests") or a JSON array of records.
FileReading read_records_json_document(std::string_view text, FileIssues& issues) {
    FileReading out;
    const LocatedDocument doc = parse_located_document(text, "requests");
    if (!doc.error.empty()) {
        issues.add(doc.error_line, doc.error);
        return out;
    }
    const json* records = &doc.document;
    if (doc.document.is_object()) {
        const auto it = doc.document.find("requests");
        if (it == doc.document.end() || !it->is_array()) {
            issues.add(0, "a JSON document without a \"requests\" array (expected gatetune run --format json output written "
                          "without --no-requests, a JSON array of request objects, or JSON Lines)");
            return out;
        }
        records = &*it;
    } else if (!doc.document.is_array()) {
        issues.add(0, "expected a JSON array of request objects or an object with a \"requests\" array");
        return out;
    }
    std::set<std::string> unused;
    for (std::size_t i = 0; i < records->size(); ++i) {
        const int line = i < doc.record_lines.size() && doc.record_lines.size() == records->size() ? doc.record_lines[i] : 0;
        read_record_object((*records)[i], line, issues, out, unused);
    }
    note_unused(out, issues, unused);
    return out;
}

// A document opens with "[" (an array of records) or a lone "{" (gatetune run's JSON, indented);
// JSON Lines has a record on its first line.
bool is_json_document(std::string_view first_line) { return first_line.starts_with('[') || first_line == "{"; }

}  // namespace

bool is_record_field_name(std::string_view name) { return record_field_of(name).has_value(); }

FileReading read_records(std::string_view text, FileIssues& issues) {
    const std::string_view body = trim(text, " \t\r\n");
    const std::string_view first = trim(body.substr(0, body.find('\n')), " \t\r");
    if (!looks_like_json_start(first)) return read_records_csv(text, issues);
    return is_json_document(first) ? read_records_json_document(text, issues) : read_records_json_lines(text, issues);
}

}  // namespace gatetune::sim::diagnosis
