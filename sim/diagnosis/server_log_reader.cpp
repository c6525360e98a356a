// The server's own logs as evidence: gunicorn's error log, uvicorn's log (access lines included),
// the app's tracebacks — usually all in one stream, since UvicornWorker hands uvicorn's loggers
// gunicorn's handlers (uvicorn/workers.py). Every line is matched against the signature table;
// a signature counts once per log record, a record being a line with its traceback (chained
// exceptions included), so one failure logged with its causes counts once. Access lines are also
// requests, as the server saw them: status and client, no latency.
#include <cctype>
#include <set>

#include "sim/diagnosis/reading.hpp"
#include "sim/diagnosis/sniff.hpp"
#include "sim/diagnosis/timestamp.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::diagnosis {
namespace {

// A TTY run colours uvicorn's level names and statuses (uvicorn/logging.py).
std::string without_ansi_colours(std::string_view line) {
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\x1b' && i + 1 < line.size() && line[i + 1] == '[') {
            i += 2;
            while (i < line.size() && !std::isalpha(static_cast<unsigned char>(line[i]))) ++i;
            continue;
        }
        out += line[i];
    }
    return out;
}

// The address before the port, for "127.0.0.1:5000" (uvicorn); "10.0.0.7" stays (gunicorn).
std::string client_host(std::string_view address) {
    const auto colon = address.rfind(':');
    if (colon == std::string_view::npos || address.find(':') != colon) return std::string(address);
    return std::string(address.substr(0, colon));
}

struct AccessLine {
    std::string client;
    int status = 0;
};

// uvicorn:  [prefix] 127.0.0.1:5000 - "POST /v1/chat/completions HTTP/1.1" 500[ Internal Server Error]
// gunicorn: 10.0.0.7 - - [01/May/2024:12:00:00 +0000] "POST /v1/chat/completions HTTP/1.1" 500 21 "-" "…"
std::optional<AccessLine> access_line(std::string_view line) {
    const auto open = line.find('"');
    if (open == std::string_view::npos) return std::nullopt;
    const auto close = line.find('"', open + 1);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view request = line.substr(open + 1, close - open - 1);
    if (request.find(" HTTP/") == std::string_view::npos) return std::nullopt;
    const std::string_view before = line.substr(0, open);
    const auto dash = before.rfind(" - ");
    if (dash == std::string_view::npos) return std::nullopt;
    const std::string_view after = trim(line.substr(close + 1), " \t");
    if (after.size() < 3) return std::nullopt;
    const auto status = parse_int(after.substr(0, 3));
    if (!status || *status < 100 || *status > 599 || (after.size() > 3 && after[3] != ' ')) return std::nullopt;
    // The client is the last word before the " - " (after any log prefix such as "INFO:     ").
    std::string_view who = trim(before.substr(0, dash), " \t");
    if (const auto space = who.rfind(' '); space != std::string_view::npos) who = who.substr(space + 1);
    // gunicorn's %(h)s %(l)s %(u)s: the host comes before " - -".
    if (who == "-") {
        const std::string_view head = trim(before.substr(0, before.find(" - ")), " \t");
        who = head.substr(head.rfind(' ') == std::string_view::npos ? 0 : head.rfind(' ') + 1);
    }
    return AccessLine{client_host(who), *status};
}

bool starts_with_blank(std::string_view line) { return !line.empty() && (line.front() == ' ' || line.front() == '\t'); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A line that opens a log record: gunicorn's "[2024-05-01 12:00:00 +0000] [7] [INFO]", a
// logging format starting with the date ("2024-05-01 12:00:04,117 ERROR …"), a level name
// ("INFO:     …" as uvicorn and logging.basicConfig write it), "[7] [ERROR]" (the live gateway's
// workers), or an access line.
bool is_record_head(std::string_view line) {
    if (line.starts_with('[') && line.size() > 1 && (is_digit(line[1]))) return true;
    if (line.size() >= 10 && is_digit(line[0]) && is_digit(line[3]) && line[4] == '-' && line[7] == '-') return true;
    for (const std::string_view level : {"TRACE", "DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL"}) {
        if (line.starts_with(level) && line.size() > level.size() && (line[level.size()] == ':' || line[level.size()] == ' ')) return true;
    }
    return access_line(line).has_value();
}

// "httpx.ReadTimeout", "sqlalchemy.exc.TimeoutError: QueuePool limit …": a (dotted) class name,
// then nothing or ": message". Python's exception classes end in one of these by convention.
bool is_exception_line(std::string_view line) {
    const std::string_view name = line.substr(0, line.find(':'));
    if (name.empty() || name.find(' ') != std::string_view::npos) return false;
    for (const std::string_view suffix : {"Error", "Exception", "Timeout", "Exit", "Interrupt", "Warning"}) {
        if (name.ends_with(suffix)) return true;
    }
    return false;
}

// Python's traceback layout (traceback.format_exception): a header, indented frames, the
// exception line (its message may go on over more lines), and the separators of chained
// exceptions — all one record with the log line that introduced it.
class RecordTracker {
public:
    // True when the line begins a new log record.
    bool starts_record(std::string_view line) {
        if (is_record_head(line)) return set(Prev::Head, true);
        if (line.starts_with("The above exception was the direct cause") || line.starts_with("During handling of the above exception")) {
            return set(Prev::ChainSeparator, false);
        }
        if (line.starts_with("Traceback (most recent call last):")) {
            const bool introduced = prev_ == Prev::Head || prev_ == Prev::ChainSeparator;
            return set(Prev::Frames, !introduced);
        }
        if (starts_with_blank(line)) return set(prev_ == Prev::Frames ? Prev::Frames : Prev::Text, false);
        if (prev_ == Prev::Frames) return set(Prev::Text, false);  // the exception line that ends the frames
        return set(Prev::Text, is_exception_line(line));           // a bare exception line, or the message going on
    }

private:
    enum class Prev { Text, Head, ChainSeparator, Frames };
    bool set(Prev p, bool starts) {
        prev_ = p;
        return starts;
    }
    Prev prev_ = Prev::Text;
};

}  // namespace

FileReading read_server_log(std::string_view text, FileIssues& issues) {
    FileReading out;
    out.server_side = true;
    RecordTracker records;
    std::set<const Signature*> counted;  // in the current record
    std::size_t recognised = 0;
    for_each_line(text, [&](int number, std::string_view coloured) {
        const std::string raw = without_ansi_colours(coloured);
        const std::string_view line = raw;
        const std::string_view content = trim(line, " \t");
        if (looks_like_other_format_line(content)) {
            issues.add(number, "a line of " + std::string(other_format_name(content)) + " in a server log (one format per file)");
            return;
        }
        if (records.starts_record(line)) counted.clear();
        if (const auto access = access_line(content)) {
            ++recognised;
            ReadRequest r;
            r.request.source = issues.at(number);
            r.request.status = std::to_string(access->status);
            r.request.http_status = access->status;
            if (!access->client.empty()) r.request.session = access->client;
            out.requests.push_back(std::move(r));
            return;
        }
        if (const Signature* s = match_log_line(content)) {
            ++recognised;
            if (counted.insert(s).second) out.evidence.count(*s, issues.at(number), content);
        }
    });
    if (recognised == 0 && !issues.any()) {
        issues.add(0, "no recognisable line (expected gunicorn's error log — WORKER TIMEOUT, Booting worker, …; uvicorn's log "
                      "and access lines; or Python exceptions such as QueuePool limit …, TooManyConnectionsError, httpx.ReadTimeout)");
    }
    return out;
}

}  // namespace gatetune::sim::diagnosis
