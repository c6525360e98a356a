#include "sim/diagnosis/record_fields.hpp"

#include <algorithm>
#include <cctype>

#include "sim/diagnosis/client_status.hpp"
#include "sim/diagnosis/timestamp.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::diagnosis {
namespace {

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
        const bool no_latency_column = c.name_of(RecordField::Latency).empty() && c.name_of(RecordField::LatencyMs).empty() &&
                                       c.name_of(RecordField::End).empty();
        if (no_latency_column) return;
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

}  // namespace

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

std::vector<std::string> missing_fields(const std::array<bool, kRecordFields>& have, std::string_view what) {
    auto has = [&](RecordField f) { return have[static_cast<std::size_t>(f)]; };
    std::vector<std::string> out;
    const std::string w(what);
    if (!has(RecordField::Status)) out.push_back("missing " + w + " status (also read as status_code, http_status or code)");
    if (!has(RecordField::Start) && !has(RecordField::Order)) {
        out.push_back("missing " + w + " start or order (when each request was sent, or its position)");
    }
    // Latency is optional as a whole (an incident write-up may give only statuses): without it the
    // diagnosis compares outcomes alone. A latency column with an empty cell is still an error.
    if (has(RecordField::End) && !has(RecordField::Start)) {
        out.push_back("missing " + w + " start (end needs start to give a latency)");
    }
    return out;
}

std::optional<ReadRequest> convert_record(const RecordCells& cells, int line, FileIssues& issues) {
    return RecordConverter(issues, line).convert(cells);
}

}  // namespace gatetune::sim::diagnosis
