#include "sim/experiment/static_findings.hpp"

#include <algorithm>
#include <string>

#include "sim/validation/registry.hpp"

namespace gatetune::sim::experiment {

std::vector<Finding> static_findings(const Config& config) { return validation::static_findings(config); }

const std::vector<validation::Rule>& static_rules() { return validation::all_rules(); }

bool has_errors(const std::vector<Finding>& findings) {
    return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::Error; });
}

std::string rule_label(const Finding& f) {
    if (!f.rule) return "";
    return std::string(f.rule->id) + " " + std::string(f.rule->name);
}

}  // namespace gatetune::sim::experiment
