#pragma once
// The preset's [slo] expectations checked against one run: each check with its measured value
// and its limit, so CI output (JUnit, tables) can say exactly what failed and by how much.
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim {

struct SloCheck {
    std::string name;     // "max_error_rate", "p50", "p99", "max_cause_rate.db_pool_timeout"
    double measured = 0;  // share of requests, or seconds
    double limit = 0;
    std::string unit;     // "share" or "s"
    bool passed = true;
};

// One check per configured expectation, in a fixed order (error rate, p50, p99, causes by name).
std::vector<SloCheck> evaluate_slo(const SloConfig& slo, const RunResult& r);
bool all_passed(const std::vector<SloCheck>& checks);

}  // namespace gatetune::sim
