#pragma once
// How measured figures, SLO checks over seeds and static findings read for people — one wording
// for check's table, its JUnit messages and tune's report.
#include <string>
#include <string_view>

#include "sim/experiment/replication.hpp"
#include "sim/experiment/static_findings.hpp"

namespace gatetune::sim::experiment {

// 4 significant digits with the unit: "5.357 s", "1.25 %" (a share of requests as a percentage).
std::string format_quantity(double value, std::string_view unit);
// "5.357 s ± 0.1204 s" (95 % CI half-width), or just the mean with one seed.
std::string format_estimate(const Estimate& e, std::string_view unit);
// "p99 5.357 s ± 0.1204 s, limit 5 s: failed on 2 of 3 seeds (1, 3)" / "…: passed on all 3 seeds".
std::string slo_sentence(const SloSummary& s);
// "error GT001 db-connection-budget: 4 workers × … (change db_pool.pool_size, server.workers)".
std::string finding_sentence(const Finding& f);
// "2 errors, 1 warning" / "no findings".
std::string findings_summary(const std::vector<Finding>& findings);
// "1 seed", "3 seeds".
std::string count_noun(std::size_t n, std::string_view word);
// "1, 3"
std::string seed_list(const std::vector<std::uint64_t>& seeds);

}  // namespace gatetune::sim::experiment
