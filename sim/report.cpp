// Format dispatch and the summary/formatting helpers every report writer shares.
#include "sim/report.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

namespace gatetune::sim {

bool parse_report_format(std::string_view name, ReportFormat& out) {
    if (name == "text") {
        out = ReportFormat::Text;
    } else if (name == "json") {
        out = ReportFormat::Json;
    } else if (name == "csv") {
        out = ReportFormat::Csv;
    } else {
        return false;
    }
    return true;
}

std::string_view to_string(ReportFormat f) {
    switch (f) {
        case ReportFormat::Text: return "text";
        case ReportFormat::Json: return "json";
        case ReportFormat::Csv: return "csv";
    }
    return "text";
}

void write_report(std::ostream& out, const RunResult& r, ReportFormat format) {
    switch (format) {
        case ReportFormat::Text: write_text_report(out, r); return;
        case ReportFormat::Csv: write_csv_report(out, r); return;
        case ReportFormat::Json:
            // replace: a stray invalid UTF-8 byte in a preset name must not abort the report.
            out << report_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
            return;
    }
}

std::string outcome_key(const RequestRecord& r) {
    std::string key = status_label(r);
    if (!r.ok()) {
        key += ':';
        key += to_string(r.cause);
    }
    return key;
}

std::map<std::string, std::uint64_t> call_outcomes(const RunResult& r, const CallRow& row) {
    std::map<std::string, std::uint64_t> counts;
    for (const RequestRecord& rec : r.records) {
        if (rec.call == row.call) ++counts[outcome_key(rec)];
    }
    if (!counts.empty()) return counts;

    // No records: combine the row's separate status and cause counts only where unambiguous.
    std::string only_failing;
    int failing_causes = 0;
    for (const auto& [cause, n] : row.by_cause) {
        if (cause != to_string(Cause::Ok) && n > 0) {
            only_failing = cause;
            ++failing_causes;
        }
    }
    for (const auto& [label, n] : row.by_status) {
        const bool success = !label.empty() && label.front() == '2';
        counts[success || failing_causes != 1 ? label : label + ':' + only_failing] += n;
    }
    return counts;
}

std::string main_failing_cause(const CallRow& row) {
    std::string best;
    std::uint64_t best_n = 0;
    for (const auto& [cause, n] : row.by_cause) {
        if (cause == to_string(Cause::Ok)) continue;
        if (n > best_n) {  // strict: the first in map order wins ties
            best = cause;
            best_n = n;
        }
    }
    return best;
}

std::string format_counts(const std::map<std::string, std::uint64_t>& counts) {
    std::string s;
    for (const auto& [label, n] : counts) {
        if (!s.empty()) s += ' ';
        s += label;
        s += "×";
        s += std::to_string(n);
    }
    return s;
}

nlohmann::json latency_json(const engine::LatencyHistogram& h) {
    auto sec = [](std::int64_t us) { return engine::to_seconds(us); };
    return {
        {"n", h.count()},
        {"min", sec(h.min())},
        {"p50", sec(h.percentile(50))},
        {"p90", sec(h.percentile(90))},
        {"p99", sec(h.percentile(99))},
        {"max", sec(h.max())},
        {"mean", rounded_seconds(h.mean())},
    };
}

std::string format_fixed(double value, int decimals) {
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
    // Only astronomically large values overflow 64 chars; fall back to general notation.
    if (res.ec != std::errc{}) {
        const auto gen = std::to_chars(buf, buf + sizeof buf, value);
        return std::string(buf, gen.ptr);
    }
    return std::string(buf, res.ptr);
}

std::string format_seconds(SimTime t, int decimals) {
    return format_fixed(engine::to_seconds(t), decimals);
}

double rounded_seconds(double microseconds) {
    if (!std::isfinite(microseconds)) return microseconds;
    return std::round(microseconds) / 1e6;
}

std::string csv_field(std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
    std::string quoted = "\"";
    for (const char c : field) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

}  // namespace gatetune::sim
