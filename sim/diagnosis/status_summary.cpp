#include "sim/diagnosis/status_summary.hpp"

#include <algorithm>
#include <vector>

namespace gatetune::sim::diagnosis {

std::string status_summary(const std::map<std::string, std::uint64_t>& counts) {
    std::vector<std::pair<std::string, std::uint64_t>> v(counts.begin(), counts.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string out;
    for (const auto& [status, n] : v) {
        if (!out.empty()) out.append(", ");
        out.append(std::to_string(n)).append(" × ").append(status);
    }
    return out.empty() ? "nothing" : out;
}

}  // namespace gatetune::sim::diagnosis
