// Reading an observation: each file sniffed and read by its format's reader, then merged — clocks
// aligned, requests sorted, sessions given their call order, evidence summed. All or nothing:
// any problem in any file and the whole observation is refused with every problem listed.
#include "sim/diagnosis/observation.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "sim/diagnosis/reading.hpp"
#include "sim/diagnosis/sniff.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::diagnosis {
namespace {

constexpr std::array<std::string_view, 8> kFormatNames{"auto", "records", "k6", "jtl", "alb", "gunicorn", "uvicorn", "python"};

bool is_log(ObservationFormat f) {
    return f == ObservationFormat::GunicornLog || f == ObservationFormat::UvicornLog || f == ObservationFormat::PythonLog;
}

FileReading read_with(ObservationFormat f, std::string_view text, FileIssues& issues) {
    switch (f) {
        case ObservationFormat::Records: return read_records(text, issues);
        case ObservationFormat::K6: return read_k6(text, issues);
        case ObservationFormat::Jtl: return read_jtl(text, issues);
        case ObservationFormat::AlbLog: return read_alb_log(text, issues);
        default: return read_server_log(text, issues);
    }
}

std::string quoted_start(std::string_view text) {
    const auto start = text.find_first_not_of(" \t\r\n");
    std::string_view line = text.substr(start == std::string_view::npos ? text.size() : start);
    line = trim(line.substr(0, line.find('\n')), " \t\r");
    return "\"" + std::string(line.substr(0, 60)) + (line.size() > 60 ? "…" : "") + "\"";
}

struct ReadFile {
    FileReading reading;
    ObservationFormat format = ObservationFormat::Auto;
};

ReadFile read_file_text(std::string_view text, const std::string& name, ObservationFormat format, IssueList& list) {
    FileIssues issues(name, list);
    ReadFile out;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // spreadsheet exports start with a byte order mark
    if (text.starts_with("\x1f\x8b")) {
        issues.add(0, "a gzip-compressed file (decompress it first, e.g. gunzip; ALB logs and k6 .gz output are compressed)");
        return out;
    }
    if (trim(text, " \t\r\n").empty()) {
        issues.add(0, "empty file (expected per-request records, k6 JSON output, a JMeter JTL file, an ALB access log or a server log)");
        return out;
    }
    out.format = format == ObservationFormat::Auto ? sniff_observation_format(text, name) : format;
    if (out.format == ObservationFormat::Auto) {
        issues.add(0, "unrecognised format: the first line " + quoted_start(text) +
                          " is none of per-request records (CSV with a header, JSON Lines, gatetune run JSON), k6 JSON output, "
                          "a JMeter JTL file, an ALB access log or a gunicorn/uvicorn/Python log (or give the format: records, "
                          "k6, jtl, alb, gunicorn, uvicorn, python)");
        return out;
    }
    out.reading = read_with(out.format, text, issues);
    if (!issues.any() && !is_log(out.format) && out.reading.requests.empty()) {
        issues.add(0, "no requests in the file (a header or metric declarations only)");
    }
    return out;
}

std::string read_whole_file(const std::string& path, IssueList& list) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        list.add({path, 0, std::filesystem::exists(path, ec) ? "not a regular file" : "no such file"});
        return {};
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf())) {
        list.add({path, 0, "cannot read the file"});
        return {};
    }
    return text.str();
}

// Requests from every file on one clock: epoch times from the earliest epoch start, times from
// a test's start from the earliest such start, so every source starts at 0.
void align_starts(std::vector<ReadRequest>& requests) {
    std::array<std::int64_t, 2> origin{std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::max()};
    for (const ReadRequest& r : requests) {
        if (r.request.start) origin[r.epoch_start] = std::min(origin[r.epoch_start], *r.request.start);
    }
    for (ReadRequest& r : requests) {
        if (r.request.start) *r.request.start -= origin[r.epoch_start];
    }
}

// By start when every request has one, else by the sources' order column when every request has
// one, else as read; stable, so ties keep file order.
void sort_requests(std::vector<ReadRequest>& requests, std::vector<std::string>& notes) {
    const bool all_start = std::all_of(requests.begin(), requests.end(), [](const ReadRequest& r) { return r.request.start.has_value(); });
    const bool all_order = std::all_of(requests.begin(), requests.end(), [](const ReadRequest& r) { return r.order_key.has_value(); });
    if (all_start) {
        std::stable_sort(requests.begin(), requests.end(), [](const ReadRequest& a, const ReadRequest& b) { return *a.request.start < *b.request.start; });
    } else if (all_order) {
        std::stable_sort(requests.begin(), requests.end(), [](const ReadRequest& a, const ReadRequest& b) { return *a.order_key < *b.order_key; });
    } else if (!requests.empty()) {
        notes.push_back("requests without a start time or order: kept in the order they were read");
    }
}

// A session's calls numbered in order when its source does not number them (k6: a VU's requests
// run one after another, so start order is iteration order).
void number_calls(std::vector<ObservedRequest>& requests) {
    std::map<std::string, std::vector<ObservedRequest*>> sessions;
    for (ObservedRequest& q : requests) {
        if (q.session) sessions[*q.session].push_back(&q);
    }
    for (auto& [session, calls] : sessions) {
        if (std::any_of(calls.begin(), calls.end(), [](const ObservedRequest* q) { return q->call.has_value(); })) continue;
        for (std::size_t i = 0; i < calls.size(); ++i) calls[i]->call = static_cast<int>(i);
    }
}

Observation merge(std::vector<ReadFile>& files, std::vector<std::string> names) {
    Observation out;
    out.files = std::move(names);
    // The same requests seen by the clients and logged by the server would count twice: access
    // lines are requests only when no client-side source was given.
    const bool client_side = std::any_of(files.begin(), files.end(), [](const ReadFile& f) { return !f.reading.server_side && !f.reading.requests.empty(); });
    std::vector<ReadRequest> requests;
    EvidenceTally evidence;
    for (std::size_t i = 0; i < files.size(); ++i) {
        FileReading& r = files[i].reading;
        out.formats.push_back(files[i].format);
        out.notes.insert(out.notes.end(), r.notes.begin(), r.notes.end());
        evidence.merge(r.evidence);
        if (r.server_side && client_side && !r.requests.empty()) {
            out.notes.push_back(out.files[i] + ": " + std::to_string(r.requests.size()) +
                                " access lines not used as requests (the client-side records were given)");
            continue;
        }
        if (r.server_side && !r.requests.empty()) {
            out.notes.push_back(out.files[i] + ": " + std::to_string(r.requests.size()) +
                                " requests from access lines: status and client only (no start time, no latency)");
        }
        std::move(r.requests.begin(), r.requests.end(), std::back_inserter(requests));
    }
    align_starts(requests);
    sort_requests(requests, out.notes);
    out.requests.reserve(requests.size());
    for (ReadRequest& r : requests) {
        r.request.order = out.requests.size();
        out.requests.push_back(std::move(r.request));
    }
    number_calls(out.requests);
    out.evidence = evidence.evidence();
    return out;
}

[[noreturn]] void throw_issues(IssueList& list) {
    const std::size_t more = list.more();
    throw ObservationError(list.take(), more);
}

}  // namespace

std::string_view to_string(ObservationFormat f) {
    const auto i = static_cast<std::size_t>(f);
    return i < kFormatNames.size() ? kFormatNames[i] : std::string_view{};
}

bool parse_observation_format(std::string_view name, ObservationFormat& out) {
    for (std::size_t i = 0; i < kFormatNames.size(); ++i) {
        if (kFormatNames[i] == name) {
            out = static_cast<ObservationFormat>(i);
            return true;
        }
    }
    return false;
}

ObservationError::ObservationError(std::vector<ObservationIssue> issues, std::size_t more)
    : std::runtime_error(format_issues(issues, more)), issues_(std::move(issues)), more_(more) {
    if (issues_.empty()) issues_.push_back({"", 0, "invalid observation"});
}

Observation read_observation(const std::vector<std::string>& paths, ObservationFormat format) {
    IssueList list;
    if (paths.empty()) list.add({"", 0, "no observation files given"});
    std::vector<ReadFile> files;
    for (const std::string& path : paths) {
        const std::size_t before = list.total();
        const std::string text = read_whole_file(path, list);
        if (list.total() != before) continue;
        files.push_back(read_file_text(text, path, format, list));
    }
    if (!list.empty()) throw_issues(list);
    return merge(files, paths);
}

Observation parse_observation(std::string_view text, const std::string& name, ObservationFormat format) {
    IssueList list;
    std::vector<ReadFile> files;
    files.push_back(read_file_text(text, name, format, list));
    if (!list.empty()) throw_issues(list);
    return merge(files, {name});
}

}  // namespace gatetune::sim::diagnosis
