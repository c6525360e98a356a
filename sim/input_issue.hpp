#pragma once
// A problem found in an input file (a trace, an observation): where it is and what is wrong. The
// readers report every problem at once, capped, so one run of the command shows all the rows to
// fix; the error's text lists them one per line, then "… and N more problems".
#include <cstddef>
#include <string>
#include <vector>

namespace gatetune::sim {

struct InputIssue {
    std::string file;
    int line = 0;          // 1-based; 0 when the problem is the file as a whole
    std::string message;   // what is wrong and what is allowed

    // "presets/traces/x.csv:12: input_tokens: 0 is out of range (allowed: integer 1 to 10000000)"
    std::string to_string() const;
};

inline constexpr std::size_t kMaxInputIssues = 20;

// One issue per line, then "… and N more problems" when `more` > 0.
std::string format_issues(const std::vector<InputIssue>& issues, std::size_t more);

// Collects issues in the order they are found; keeps the first kMaxInputIssues and counts the rest.
class IssueList {
public:
    void add(InputIssue issue);
    bool empty() const noexcept { return kept_.empty(); }
    std::size_t more() const noexcept { return more_; }
    std::size_t total() const noexcept { return kept_.size() + more_; }  // found so far, kept or not
    std::vector<InputIssue> take() { return std::move(kept_); }

private:
    std::vector<InputIssue> kept_;
    std::size_t more_ = 0;
};

}  // namespace gatetune::sim
