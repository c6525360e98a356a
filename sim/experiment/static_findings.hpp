#pragma once
// The one place experiments (check, tune) ask for the static validation rules of
// sim/validation (GT### rules: connection budgets, timeout ordering, …). A configuration with an
// error-severity finding fails a check and can never be a tune answer, whatever its simulation
// says — the rules encode facts the simulation may not exercise in a short run.
#include <vector>

#include "sim/config.hpp"
#include "sim/validation/finding.hpp"

namespace gatetune::sim::experiment {

using validation::Finding;
using validation::Severity;

// Every finding of every rule, in the rules' own order.
std::vector<Finding> static_findings(const Config& config);
// Every rule, by id (a CI report lists the ones that passed too).
const std::vector<validation::Rule>& static_rules();
bool has_errors(const std::vector<Finding>& findings);
// "GT001 db-connection-budget" — the rule's id and name ("" when the finding has no rule).
std::string rule_label(const Finding& f);

}  // namespace gatetune::sim::experiment
