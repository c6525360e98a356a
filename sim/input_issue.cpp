#include "sim/input_issue.hpp"

namespace gatetune::sim {

std::string InputIssue::to_string() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0) out.append(":").append(std::to_string(line));
        out += ": ";
    }
    return out + message;
}

std::string format_issues(const std::vector<InputIssue>& issues, std::size_t more) {
    std::string out;
    for (const InputIssue& i : issues) out.append(out.empty() ? "" : "\n").append(i.to_string());
    if (more > 0) out += "\n… and " + std::to_string(more) + " more problem" + (more == 1 ? "" : "s");
    return out;
}

void IssueList::add(InputIssue issue) {
    if (kept_.size() < kMaxInputIssues) {
        kept_.push_back(std::move(issue));
    } else {
        ++more_;
    }
}

}  // namespace gatetune::sim
