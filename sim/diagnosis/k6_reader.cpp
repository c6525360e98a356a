// k6 `--out json`: one JSON object per line, "Metric" lines declaring metrics and "Point" lines
// carrying samples (k6 output/json/wrapper.go). An HTTP request emits one Point per http_req_*
// metric, all stamped with the time it ended and the same tags (lib/netext/httpext/transport.go:
// the trail's EndTime), so a request is the group of points sharing time, tags and metadata; the
// VU (tag, or metadata since k6 v0.41) is its session.
// http_req_duration (ms) is sending + waiting + receiving; http_req_blocked (waiting for and
// setting up the connection) comes before it, so the client waited for both.
#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

#include "sim/diagnosis/client_status.hpp"
#include "sim/diagnosis/json_document.hpp"
#include "sim/diagnosis/reading.hpp"
#include "sim/diagnosis/sniff.hpp"
#include "sim/diagnosis/timestamp.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::diagnosis {
namespace {

using nlohmann::json;

// The per-request metrics; any other Point (vus, iterations, checks, data_sent, …) is not a request.
constexpr std::string_view kK6RequestMetrics[] = {
    "http_reqs",          "http_req_duration",  "http_req_blocked",   "http_req_connecting", "http_req_tls_handshaking",
    "http_req_sending",   "http_req_waiting",   "http_req_receiving", "http_req_failed",
};

bool is_request_metric(std::string_view m) {
    for (const std::string_view r : kK6RequestMetrics) {
        if (r == m) return true;
    }
    return false;
}

struct K6Request {
    int line = 0;                 // the group's first point
    std::int64_t end_us = 0;
    json tags;                    // null when the point had none
    json metadata;                // vu and iter live here since k6 v0.41 (non-indexable system tags)
    std::vector<std::string> seen;  // metrics already in the group: a repeat starts a new request
    bool counted = false;         // has http_reqs or http_req_duration
    std::optional<double> duration_ms;
    std::optional<double> blocked_ms;
};

// A tag from tags or metadata, as text.
std::optional<std::string> k6_tag(const K6Request& r, std::string_view name) {
    for (const json* j : {&r.tags, &r.metadata}) {
        if (!j->is_object()) continue;
        const auto it = j->find(std::string(name));
        if (it == j->end() || it->is_null()) continue;
        std::string v = it->is_string() ? it->get<std::string>() : it->dump();
        if (!v.empty()) return v;
    }
    return std::nullopt;
}

std::optional<int> k6_int_tag(const K6Request& r, std::initializer_list<std::string_view> names) {
    for (const std::string_view n : names) {
        if (const auto v = k6_tag(r, n)) return parse_int(*v);
    }
    return std::nullopt;
}

// The request's status; issues when k6's tags cannot say how it ended.
std::optional<ClientStatus> k6_status(const K6Request& r, FileIssues& issues, std::string& error) {
    const auto status = k6_tag(r, "status");
    if (!status) {
        issues.add(r.line, "a request without a status tag (allowed: k6's default system tags, which include status)");
        return std::nullopt;
    }
    error = k6_tag(r, "error").value_or("");
    const auto code = k6_tag(r, "error_code").value_or("");
    if (*status != "0") {
        const auto s = parse_client_status(*status);
        if (!s) issues.add(r.line, "status: \"" + *status + "\" is not an HTTP status (allowed: 100 to 599, or 0 with error_code)");
        return s;
    }
    // Status 0: no response; error_code and error say why.
    if (code.empty() && error.empty()) return ClientStatus{"no_response", 0};
    const auto e = k6_client_error(code, error);
    if (!e) {
        issues.add(r.line, "status 0 with error_code \"" + code + "\" and error \"" + error + "\" is not a known client error (known: " +
                               std::string(kKnownK6Errors) + ")");
        return std::nullopt;
    }
    return client_error_status(*e);
}

struct K6Lines {
    std::vector<K6Request> requests;
    std::size_t metric_lines = 0;
    std::size_t other_points = 0;
};

void add_point(const json& o, int line, K6Lines& lines, std::map<std::tuple<std::int64_t, std::string, std::string>, std::vector<std::size_t>>& groups,
               FileIssues& issues) {
    const std::string metric = o.value("metric", "");
    if (!is_request_metric(metric)) {
        ++lines.other_points;
        return;
    }
    const json& data = o["data"];
    const json* time = data.is_object() && data.contains("time") ? &data["time"] : nullptr;
    const auto end = time && time->is_string() ? parse_iso_time(time->get<std::string>()) : std::nullopt;
    if (!end) {
        issues.add(line, "data.time: " + (time ? time->dump() : std::string("missing")) + " is not an RFC 3339 time (allowed: as k6 writes it, e.g. 2024-05-01T12:00:00.123456789Z)");
        return;
    }
    const json* value = data.contains("value") ? &data["value"] : nullptr;
    if (!value || !value->is_number()) {
        issues.add(line, "data.value: " + (value ? value->dump() : std::string("missing")) + " is not a number");
        return;
    }
    const json tags = data.value("tags", json());
    const json metadata = data.value("metadata", json());
    auto& candidates = groups[{*end, tags.dump(), metadata.dump()}];
    K6Request* r = nullptr;
    for (const std::size_t i : candidates) {
        if (std::find(lines.requests[i].seen.begin(), lines.requests[i].seen.end(), metric) == lines.requests[i].seen.end()) {
            r = &lines.requests[i];
            break;
        }
    }
    if (!r) {
        candidates.push_back(lines.requests.size());
        lines.requests.push_back({line, *end, tags, metadata, {}, false, std::nullopt, std::nullopt});
        r = &lines.requests.back();
    }
    r->seen.push_back(metric);
    if (metric == "http_reqs") r->counted = true;
    if (metric == "http_req_duration") {
        r->counted = true;
        r->duration_ms = value->get<double>();
    }
    if (metric == "http_req_blocked") r->blocked_ms = value->get<double>();
}

std::optional<ReadRequest> to_observed(const K6Request& k, FileIssues& issues) {
    ReadRequest r;
    ObservedRequest& q = r.request;
    q.source = issues.at(k.line);
    std::string error;
    const auto status = k6_status(k, issues, error);
    if (!status) return std::nullopt;
    q.status = status->label;
    q.http_status = status->http_status;
    q.error = error;
    const double waited_ms = k.duration_ms.value_or(0) + k.blocked_ms.value_or(0);
    if (k.duration_ms) q.latency = engine::from_seconds(waited_ms / 1e3);
    q.start = k.end_us - q.latency.value_or(0);
    r.epoch_start = true;
    q.session = k6_tag(k, "session");
    if (!q.session) q.session = k6_tag(k, "vu");
    q.prompt_tokens = k6_int_tag(k, {"prompt_tokens", "input_tokens"});
    q.completion_tokens = k6_int_tag(k, {"completion_tokens", "output_tokens", "max_tokens"});
    q.call = k6_int_tag(k, {"call"});
    classify_error_text(q);
    return r;
}

}  // namespace

FileReading read_k6(std::string_view text, FileIssues& issues) {
    FileReading out;
    K6Lines lines;
    std::map<std::tuple<std::int64_t, std::string, std::string>, std::vector<std::size_t>> groups;
    for_each_line(text, [&](int number, std::string_view raw) {
        const std::string_view line = trim(raw, " \t");
        json o;
        try {
            o = json::parse(line);
        } catch (const json::exception& e) {
            issues.add(number, json_error_text(e) + " (k6 --out json writes one JSON object per line)");
            return;
        }
        if (!is_k6_object(o)) {
            issues.add(number, "not a k6 output line (expected {\"type\": \"Point\" or \"Metric\", \"metric\": …, \"data\": …}; "
                               "one format per file)");
            return;
        }
        if (o["type"] == "Metric") {
            ++lines.metric_lines;
            return;
        }
        if (!o["data"].is_object()) {
            issues.add(number, "a Point line without its data object");
            return;
        }
        add_point(o, number, lines, groups, issues);
    });
    // A VU runs its iterations, and their requests, one after another: once sorted by start, a
    // session's requests are in call order (observation.cpp numbers them).
    for (const K6Request& k : lines.requests) {
        if (!k.counted) continue;
        if (auto r = to_observed(k, issues)) out.requests.push_back(std::move(*r));
    }
    if (lines.metric_lines + lines.other_points > 0) {
        out.notes.push_back(issues.file() + ": " + std::to_string(lines.metric_lines) + " Metric lines and " +
                            std::to_string(lines.other_points) + " points of other metrics (vus, iterations, checks, …) not used");
    }
    bool any_vu = false;
    for (const ReadRequest& r : out.requests) any_vu |= r.request.session.has_value();
    if (!out.requests.empty() && !any_vu) {
        out.notes.push_back(issues.file() + ": no vu tag, so requests have no session (run k6 with --system-tags including vu,iter)");
    }
    return out;
}

}  // namespace gatetune::sim::diagnosis
