#pragma once
// JSON pieces the experiment outputs share (check, sweep, tune), so a figure, an SLO check or a
// finding has one shape everywhere. Key order is fixed (ordered_json): outputs are compared and
// merged byte for byte.
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/experiment/replication.hpp"
#include "sim/experiment/static_findings.hpp"

namespace gatetune::sim::experiment {

// null for NaN (an undefined CI with one seed).
nlohmann::ordered_json number_json(double v);
// { "<figure>": { "mean": …, "ci95": … }, … } in figure_names() order.
nlohmann::ordered_json figures_json(const std::vector<Estimate>& figures);
// [{ check, unit, limit, mean, ci95, failed_seeds, passed }]
nlohmann::ordered_json slo_json(const std::vector<SloSummary>& slo);
// [{ rule, name, severity, message, keys }]
nlohmann::ordered_json findings_json(const std::vector<Finding>& findings);

}  // namespace gatetune::sim::experiment
