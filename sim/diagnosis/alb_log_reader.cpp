// AWS ALB access logs for `gatetune diagnose`: each entry (alb_entry.hpp) as an observed request,
// with the ALB-made 502/504/460/503 as their signatures.
#include "sim/diagnosis/alb_entry.hpp"
#include "sim/diagnosis/reading.hpp"
#include "sim/diagnosis/sniff.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::diagnosis {
namespace {

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

std::optional<ReadRequest> alb_request(const AlbFields& f, int line, FileIssues& issues, EvidenceTally& evidence, std::string_view text) {
    std::string why;
    const auto e = parse_alb_entry(f, why);
    if (!e) {
        issues.add(line, why);
        return std::nullopt;
    }
    ReadRequest r;
    ObservedRequest& q = r.request;
    q.source = issues.at(line);
    r.epoch_start = true;
    q.status = std::to_string(e->elb_status);
    q.http_status = e->elb_status;
    q.latency = e->latency_us;
    q.start = e->start_us;
    q.session = std::string(e->client);
    if (!e->error_reason.empty()) q.error = std::string(e->error_reason);
    if (const Signature* s = alb_signature(e->elb_status, e->target_answered)) {
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
        AlbFields fields;
        split_alb_fields(line, fields);
        if (fields.count < kAlbMinFields) {
            issues.add(number, "an ALB entry with " + std::to_string(fields.count) + " fields (allowed: at least 13, up to \"request\")");
            return;
        }
        if (auto r = alb_request(fields, number, issues, out.evidence, line)) out.requests.push_back(std::move(*r));
    });
    return out;
}

}  // namespace gatetune::sim::diagnosis
