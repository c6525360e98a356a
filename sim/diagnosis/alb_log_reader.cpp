// AWS ALB access logs (Elastic Load Balancing user guide, "Access log entries"): space-separated
// fields, some in double quotes, new fields only ever appended. The ones read here:
//   0 type  1 time  2 elb  3 client:port  4 target:port  5 request_processing_time
//   6 target_processing_time  7 response_processing_time  8 elb_status_code  9 target_status_code
//   10 received_bytes  11 sent_bytes  12 "request"  …  21 request_creation_time  …  24 "error_reason"
// `time` is when the ALB answered the client; the processing times are -1 and target_status_code
// "-" when the target never answered — the 502s and 504s the ALB makes itself (MODEL.md §5).
#include <array>

#include "sim/diagnosis/reading.hpp"
#include "sim/diagnosis/sniff.hpp"
#include "sim/diagnosis/timestamp.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::diagnosis {
namespace {

constexpr std::size_t kAlbMinFields = 13;  // up to "request"
constexpr std::size_t kAlbCreationTime = 21;
constexpr std::size_t kAlbErrorReason = 24;

// Splits on spaces; a double-quoted field keeps its spaces (and \" inside it).
std::vector<std::string> alb_fields(std::string_view line) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i] == ' ') ++i;
        if (i >= line.size()) break;
        std::string field;
        if (line[i] == '"') {
            for (++i; i < line.size() && line[i] != '"'; ++i) {
                if (line[i] == '\\' && i + 1 < line.size()) ++i;
                field += line[i];
            }
            ++i;
        } else {
            for (; i < line.size() && line[i] != ' '; ++i) field += line[i];
        }
        out.push_back(std::move(field));
    }
    return out;
}

// Which ALB-made outcome an entry is (MODEL.md §5): the target's own statuses are plain responses.
const Signature* alb_signature(int elb_status, bool target_answered) {
    if (target_answered) return nullptr;
    switch (elb_status) {
        case 502: return find_signature("alb_502_no_target_response");
        case 504: return find_signature("alb_504_target_timeout");
        case 460: return find_signature("alb_460_client_closed");
        case 503: return find_signature("alb_503_no_target");
        default: return nullptr;
    }
}

std::optional<ReadRequest> alb_request(const std::vector<std::string>& f, int line, FileIssues& issues, EvidenceTally& evidence,
                                       std::string_view text) {
    ReadRequest r;
    ObservedRequest& q = r.request;
    q.source = issues.at(line);
    r.epoch_start = true;
    const auto answered_at = parse_iso_time(f[1]);
    if (!answered_at) {
        issues.add(line, "time: \"" + f[1] + "\" is not an ISO 8601 time (allowed: e.g. 2024-05-01T12:00:00.123456Z)");
        return std::nullopt;
    }
    std::array<double, 3> times{};
    bool all_times = true;
    for (std::size_t i = 0; i < 3; ++i) {
        const auto t = parse_number(f[5 + i]);
        if (!t || (*t < 0 && *t != -1)) {
            issues.add(line, "field " + std::to_string(6 + i) + " (a processing time): \"" + f[5 + i] + "\" is not seconds (allowed: a number ≥ 0, or -1)");
            return std::nullopt;
        }
        times[i] = *t;
        all_times &= *t >= 0;
    }
    const auto elb = parse_int(f[8]);
    if (!elb || *elb < 100 || *elb > 599) {
        issues.add(line, "elb_status_code: \"" + f[8] + "\" is not an HTTP status (allowed: 100 to 599)");
        return std::nullopt;
    }
    q.status = std::to_string(*elb);
    q.http_status = *elb;
    // The three processing times cover the request from the ALB receiving it to it starting to
    // answer; without them, the time from request_creation_time to the answer.
    std::optional<std::int64_t> created;
    if (f.size() > kAlbCreationTime) created = parse_iso_time(f[kAlbCreationTime]);
    if (all_times) {
        q.latency = engine::from_seconds(times[0] + times[1] + times[2]);
    } else if (created && *answered_at >= *created) {
        q.latency = *answered_at - *created;
    }
    q.start = created ? *created : *answered_at - q.latency.value_or(0);
    const std::string_view client = f[3];
    q.session = std::string(client.substr(0, client.rfind(':')));
    if (f.size() > kAlbErrorReason && f[kAlbErrorReason] != "-") q.error = f[kAlbErrorReason];
    if (const Signature* s = alb_signature(*elb, f[9] != "-")) {
        q.signature = std::string(s->id);
        q.cause = single_cause(*s);
        evidence.count(*s, q.source, text);
    }
    return r;
}

}  // namespace

FileReading read_alb_log(std::string_view text, FileIssues& issues) {
    FileReading out;
    for_each_line(text, [&](int number, std::string_view raw) {
        const std::string_view line = trim(raw, " \t");
        if (!looks_like_alb_entry(line)) {
            issues.add(number, "not an ALB access log entry (expected: type time elb client:port target:port … with type http, https, "
                               "h2, grpcs, ws or wss; one format per file)");
            return;
        }
        const std::vector<std::string> fields = alb_fields(line);
        if (fields.size() < kAlbMinFields) {
            issues.add(number, "an ALB entry with " + std::to_string(fields.size()) + " fields (allowed: at least 13, up to \"request\")");
            return;
        }
        if (auto r = alb_request(fields, number, issues, out.evidence, line)) out.requests.push_back(std::move(*r));
    });
    return out;
}

}  // namespace gatetune::sim::diagnosis
