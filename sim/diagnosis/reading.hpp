#pragma once
// What every observation reader shares: the result of reading one file (before the files are
// merged and their clocks aligned), the issue list it reports into, and one entry point per
// format. Internal to sim/diagnosis; the public API is observation.hpp.
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sim/diagnosis/observation.hpp"
#include "sim/diagnosis/signatures.hpp"
#include "sim/input_issue.hpp"

namespace gatetune::sim::diagnosis {

// A request as its file gave it. `request.start` is still on the file's clock.
struct ReadRequest {
    ObservedRequest request;
    bool epoch_start = false;         // start counts µs from 1970 (else from the file's own zero)
    std::optional<double> order_key;  // the source's own `order` column
};

struct FileReading {
    std::vector<ReadRequest> requests;
    bool server_side = false;         // requests as the server logged them (access lines), not as clients saw them
    EvidenceTally evidence;
    std::vector<std::string> notes;
};

// The issues of one file, into the observation's shared (capped) list.
class FileIssues {
public:
    FileIssues(std::string file, IssueList& list) : file_(std::move(file)), list_(list) {}
    void add(int line, std::string message) {
        ++count_;
        list_.add({file_, line, std::move(message)});
    }
    bool any() const noexcept { return count_ > 0; }
    const std::string& file() const noexcept { return file_; }
    std::string at(int line) const { return file_ + ":" + std::to_string(line); }

private:
    std::string file_;
    IssueList& list_;
    std::size_t count_ = 0;
};

// Calls fn(number, line) for every line that is not blank: 1-based number, the line without its
// line end (a Windows \r too) but with its indentation. fn may return false to stop.
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
    int number = 0;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++number;
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        if constexpr (std::is_same_v<decltype(fn(number, line)), bool>) {
            if (!fn(number, line)) return;
        } else {
            fn(number, line);
        }
    }
}

// A column or field name the records reader knows (status, start_s, latency_ms, …), any case.
bool is_record_field_name(std::string_view name);

// One reader per format. Each reports every bad line into `issues` and returns what it could
// read; the caller discards the result when any issue was reported.
FileReading read_records(std::string_view text, FileIssues& issues);
FileReading read_k6(std::string_view text, FileIssues& issues);
FileReading read_jtl(std::string_view text, FileIssues& issues);
FileReading read_alb_log(std::string_view text, FileIssues& issues);
FileReading read_server_log(std::string_view text, FileIssues& issues);

}  // namespace gatetune::sim::diagnosis
