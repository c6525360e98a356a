#pragma once
// "9 × 500, 3 × 200": counts by status (or by status and cause), most frequent first, ties in key
// order — how the diagnosis says what was observed and what a hypothesis predicts.
#include <cstdint>
#include <map>
#include <string>

namespace gatetune::sim::diagnosis {

std::string status_summary(const std::map<std::string, std::uint64_t>& counts);

}  // namespace gatetune::sim::diagnosis
