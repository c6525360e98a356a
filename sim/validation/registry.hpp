#pragma once
// Every validation rule, in id order, and running them over one configuration.
#include <string_view>
#include <vector>

#include "sim/config.hpp"
#include "sim/validation/finding.hpp"

namespace gatetune::sim::validation {

// All rules, sorted by id. Built once.
const std::vector<Rule>& all_rules();
// nullptr when no rule has that id.
const Rule* find_rule(std::string_view id);
// Every rule's findings for `cfg`, in rule order; errors first within a rule.
std::vector<Finding> static_findings(const Config& cfg);

}  // namespace gatetune::sim::validation
