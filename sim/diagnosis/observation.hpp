#pragma once
// What a team has after an incident, read into one shape: the requests the clients saw (from a
// per-request CSV/JSON Lines export, k6's `--out json`, a JMeter JTL file or AWS ALB access logs)
// and the evidence in the server's own logs (gunicorn's error log, uvicorn's access log, Python
// tracebacks). `gatetune diagnose` replays the requests through the model and scores each
// hypothesis against both.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time.hpp"
#include "sim/input_issue.hpp"
#include "sim/outcome.hpp"

namespace gatetune::sim::diagnosis {

using engine::SimTime;

// One request as its client (or the load balancer) saw it.
struct ObservedRequest {
    std::size_t order = 0;                 // position after sorting by start (ties: file order)
    std::optional<SimTime> start;          // µs after the earliest start in the observation
    std::optional<SimTime> latency;        // µs from sending to the end of the response
    std::string status;                    // "200", "500", "502", … or the client exception ("ReadTimeout")
    int http_status = 0;                   // 0 when no response came back
    std::string error;                     // error text when the source has one ("" otherwise)
    std::optional<Cause> cause;            // given by the source, or from a signature with exactly one cause
    std::string signature;                 // id of the signature its error text (or ALB entry) matched, "" if none
    std::optional<int> prompt_tokens;
    std::optional<int> completion_tokens;  // as requested (max_tokens) or as reported (usage)
    std::optional<std::string> session;    // who sent it: session, user, VU, JMeter thread or client IP address
    std::optional<int> call;               // 0-based index of the call within its session (numbered in start
                                           // order when the source does not number them)
    std::string source;                    // "file:line" it was read from
};

// A log line that names a mechanism, counted per signature.
struct LogEvidence {
    std::string signature;                 // id from the signature table ("queuepool_timeout", …)
    std::vector<Cause> causes;             // the model causes it points to (may be several)
    std::uint64_t count = 0;
    std::string first_source;              // "file:line" of the first occurrence
    std::string example;                   // that line, trimmed to 200 characters
};

enum class ObservationFormat { Auto, Records, K6, Jtl, AlbLog, GunicornLog, UvicornLog, PythonLog };

struct Observation {
    std::vector<ObservedRequest> requests;   // sorted by start (or by order when no times)
    std::vector<LogEvidence> evidence;       // in signature-table order
    std::vector<std::string> files;          // what was read, in argument order
    std::vector<ObservationFormat> formats;  // the format each file was read as (parallel to files)
    std::vector<std::string> notes;          // e.g. "k6: 3 lines of type Metric skipped"
};

std::string_view to_string(ObservationFormat f);
bool parse_observation_format(std::string_view name, ObservationFormat& out);  // "auto", "records", "k6", "jtl", "alb", "gunicorn", "uvicorn", "python"

// "incident.csv:12: status: "abc" is not an HTTP status or a known client error (allowed: …)"
using ObservationIssue = InputIssue;

class ObservationError : public std::runtime_error {
public:
    explicit ObservationError(std::vector<ObservationIssue> issues, std::size_t more = 0);
    const std::vector<ObservationIssue>& issues() const noexcept { return issues_; }
    std::size_t more() const noexcept { return more_; }

private:
    std::vector<ObservationIssue> issues_;
    std::size_t more_ = 0;
};

// Reads every file (format sniffed from its content and name unless `format` is given) and merges
// them: request sources are concatenated and re-sorted; evidence is summed per signature. Throws
// ObservationError listing every problem (up to 20) when any file is unreadable, empty, of an
// unrecognised format, has bad rows, or (for logs) holds no recognisable line; nothing partial.
Observation read_observation(const std::vector<std::string>& paths, ObservationFormat format = ObservationFormat::Auto);
// The same for text in memory (tests); `name` is used in messages and for sniffing by extension.
Observation parse_observation(std::string_view text, const std::string& name, ObservationFormat format = ObservationFormat::Auto);

}  // namespace gatetune::sim::diagnosis
