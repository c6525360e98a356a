#pragma once
// The sections of the experiment reports (check, sweep, tune): static findings, an SLO over its
// seeds with a pass/fail cell per seed, figures as mean ± 95 % CI, and for a sweep the heatmap
// over two axes and the Pareto front. They read the experiment result types and word values as
// the text reports do (sim/experiment/slo_text.hpp).
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/experiment/replication.hpp"
#include "sim/experiment/static_findings.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/html/page.hpp"

namespace gatetune::sim::html {

// Rule, severity, message; the rule's mechanism and MODEL.md section on hover.
Section findings_section(const std::vector<experiment::Finding>& findings, const std::string& id);
// One row per SLO check: limit, measured mean ± CI, then pass or FAIL on each seed.
Section slo_section(const experiment::Replicated& result, const std::string& id);
// Every figure of figure_names() that is not zero on every seed, as mean ± 95 % CI.
Section figures_section(const experiment::Replicated& result, const std::string& id);

// Most sweep points a page carries (a grid may have a million): beyond, the first ones in grid
// order, with a note.
inline constexpr std::size_t kMaxSweepPoints = 50'000;

// A figure (chosen on the page: error rate, p50, p99, peak connections, each failing cause) over
// the first two axes, the other axes fixed by selectors; one axis gives a single row.
Section heatmap_section(const experiment::SweepResult& r, const std::string& id);
// Error rate and p99 against the configuration's total DB connections (replicas × workers ×
// (pool_size + max_overflow)), each with its Pareto front.
Section pareto_section(const experiment::SweepResult& r, const Config& base, const std::string& id);

// The unit a figure is measured in: "share", "s" or "" (a count).
std::string figure_unit(const std::string& figure);

}  // namespace gatetune::sim::html
