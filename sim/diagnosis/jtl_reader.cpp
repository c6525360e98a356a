// JMeter's CSV results (JTL): a header naming the saved fields (jmeter.save.saveservice.*), one
// row per sample. timeStamp is the sample's start (sampleresult.timestamp.start=true in
// jmeter.properties since 2.1) in epoch ms, or a date when timestamp_format is set; elapsed is ms.
// A sample that got no response has responseCode "Non HTTP response code: <Java exception>".
#include <array>

#include "sim/csv_reader.hpp"
#include "sim/diagnosis/client_status.hpp"
#include "sim/diagnosis/reading.hpp"
#include "sim/diagnosis/timestamp.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::diagnosis {
namespace {

enum class JtlColumn : std::size_t { TimeStamp, Elapsed, ResponseCode, ResponseMessage, ThreadName, FailureMessage, Count };
constexpr std::array<std::string_view, static_cast<std::size_t>(JtlColumn::Count)> kJtlNames{
    "timeStamp", "elapsed", "responseCode", "responseMessage", "threadName", "failureMessage"};
constexpr std::string_view kNonHttp = "Non HTTP response code: ";
constexpr std::string_view kNonHttpMessage = "Non HTTP response message: ";

// The delimiter is configurable (jmeter.save.saveservice.default_delimiter); it is the character
// that follows "timeStamp" in the header.
char jtl_delimiter(std::string_view text) {
    const auto at = text.find("timeStamp");
    if (at == std::string_view::npos || at + 9 >= text.size()) return ',';
    const char d = text[at + 9];
    return d == '\t' || d == ';' || d == '|' ? d : ',';
}

struct JtlRow {
    const CsvRecord& rec;
    const std::array<std::optional<std::size_t>, static_cast<std::size_t>(JtlColumn::Count)>& at;
    std::string_view operator[](JtlColumn c) const {
        const auto& i = at[static_cast<std::size_t>(c)];
        return i ? trim(rec.fields[*i], " \t\r") : std::string_view{};
    }
};

std::optional<ReadRequest> jtl_request(const JtlRow& row, FileIssues& issues) {
    ReadRequest r;
    ObservedRequest& q = r.request;
    const int line = row.rec.line;
    q.source = issues.at(line);
    bool bad = false;
    const std::string_view stamp = row[JtlColumn::TimeStamp];
    if (const auto ms = parse_number(stamp); ms && *ms >= 0) {
        q.start = engine::from_seconds(*ms / 1e3);
    } else if (const auto iso = parse_iso_time(stamp)) {
        q.start = *iso;
    } else {
        issues.add(line, "timeStamp: \"" + std::string(stamp) + "\" is not a time (allowed: epoch milliseconds, or a date such as 2024/05/01 12:00:00)");
        bad = true;
    }
    r.epoch_start = true;
    const std::string_view elapsed = row[JtlColumn::Elapsed];
    if (const auto ms = parse_number(elapsed); ms && *ms >= 0) {
        q.latency = engine::from_seconds(*ms / 1e3);
    } else {
        issues.add(line, "elapsed: \"" + std::string(elapsed) + "\" is not a duration (allowed: milliseconds ≥ 0)");
        bad = true;
    }
    const std::string_view code = row[JtlColumn::ResponseCode];
    std::string_view message = row[JtlColumn::ResponseMessage];
    if (message.starts_with(kNonHttpMessage)) message.remove_prefix(kNonHttpMessage.size());
    if (code.starts_with(kNonHttp)) {
        const std::string_view exception = code.substr(kNonHttp.size());
        const auto e = java_client_error(exception, message);
        if (!e) {
            issues.add(line, "responseCode: \"" + std::string(code) + "\" is not a known client error (known: " +
                                 std::string(kKnownJavaExceptions) + ")");
            bad = true;
        } else {
            q.status = std::string(to_string(*e));
            q.error = std::string(exception) + (message.empty() ? "" : ": ") + std::string(message);
        }
    } else if (const auto s = parse_client_status(code); s && s->http_status != 0) {
        q.status = s->label;
        q.http_status = s->http_status;
        q.error = std::string(row[JtlColumn::FailureMessage]);
    } else {
        issues.add(line, "responseCode: \"" + std::string(code) +
                             "\" is not an HTTP status (allowed: 100 to 599, or \"Non HTTP response code: <exception>\")");
        bad = true;
    }
    if (const std::string_view thread = row[JtlColumn::ThreadName]; !thread.empty()) q.session = std::string(thread);
    if (bad) return std::nullopt;
    classify_error_text(q);
    return r;
}

}  // namespace

FileReading read_jtl(std::string_view text, FileIssues& issues) {
    FileReading out;
    const CsvDocument doc = read_csv(text, jtl_delimiter(text));
    if (doc.unclosed_quote) issues.add(*doc.unclosed_quote, "a quoted field is not closed (a \" without its closing \")");
    std::array<std::optional<std::size_t>, static_cast<std::size_t>(JtlColumn::Count)> at{};
    std::size_t width = 0;
    bool have_header = false;
    for (const CsvRecord& rec : doc.records) {
        if (rec.fields.size() == 1 && trim(rec.fields.front(), " \t\r").empty()) continue;
        if (!have_header) {
            have_header = true;
            width = rec.fields.size();
            for (std::size_t i = 0; i < rec.fields.size(); ++i) {
                for (std::size_t c = 0; c < kJtlNames.size(); ++c) {
                    if (trim(rec.fields[i], " \t\r") == kJtlNames[c] && !at[c]) at[c] = i;
                }
            }
            for (const JtlColumn c : {JtlColumn::TimeStamp, JtlColumn::Elapsed, JtlColumn::ResponseCode}) {
                if (!at[static_cast<std::size_t>(c)]) {
                    issues.add(rec.line, "missing column " + std::string(kJtlNames[static_cast<std::size_t>(c)]) +
                                             " (a JTL header needs timeStamp, elapsed and responseCode: save them with "
                                             "jmeter.save.saveservice.time, .response_code and print_field_names=true)");
                }
            }
            if (issues.any()) return out;
            continue;
        }
        if (rec.fields.size() != width) {
            issues.add(rec.line, "expected " + std::to_string(width) + " fields as in the header, got " + std::to_string(rec.fields.size()));
            continue;
        }
        if (auto r = jtl_request(JtlRow{rec, at}, issues)) out.requests.push_back(std::move(*r));
    }
    if (!have_header) issues.add(0, "no header line (expected JMeter's CSV header: timeStamp,elapsed,label,responseCode,…)");
    return out;
}

}  // namespace gatetune::sim::diagnosis
