#pragma once
// The results of `gatetune check` for people (a compact aligned table, then what failed and
// why), for machines (JSON) and for CI (JUnit: one testsuite per preset, one testcase per static
// rule and per SLO check; failures carry the measured value and the limit).
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/experiment/check.hpp"
#include "sim/junit.hpp"

namespace gatetune::sim::experiment {

void write_check_table(std::ostream& out, const std::vector<PresetCheck>& checks);
nlohmann::ordered_json check_json(const std::vector<PresetCheck>& checks, std::size_t replications);
std::vector<JUnitSuite> check_junit(const std::vector<PresetCheck>& checks);

}  // namespace gatetune::sim::experiment
