#pragma once
// The sections that show one run (sim::RunResult, simulated or live): what the run report, the
// live report and a diagnosis page are made of. Each builder reads what the JSON report carries
// (sim/report.hpp: summary_json, calls_json, explanations_json, request_json) or the run's
// histograms and time series directly; nothing is measured again. `id` prefixes the section ids
// so two runs can sit on one page ("sim-latency", "live-latency").
#include <optional>
#include <string>
#include <vector>

#include "sim/html/page.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim::html {

// What keeps a report of a million requests at a few megabytes.
struct Limits {
    std::size_t waterfall_rows = 5000;  // requests per waterfall (all failures first, see below)
    std::size_t series_points = 1500;   // points per time-series chart
    std::size_t cdf_points = 400;       // points per latency CDF line
};

// Requests by status and by cause (each cause's meaning on hover), then peaks and counters.
Section outcomes_section(const RunResult& r, const std::string& id);
// The latency CDF (all requests, and one line per status) beside the percentiles per status.
Section latency_section(const RunResult& r, const std::string& id, const Limits& limits = {});
// One chart of several latency CDFs, e.g. the simulated and the live run's, or an observation's
// beside a replay: one line per histogram.
struct LabelledLatency {
    std::string label;
    const engine::LatencyHistogram* latency;
};
Section latency_cdf_section(const std::string& id, const std::string& title, const std::vector<LabelledLatency>& lines,
                            const Limits& limits = {});
// One chart per group of related time-series columns the run recorded (in flight; ends per
// second; DB connections in total and per worker; pool waiters; HTTP connections and upstream
// concurrency), each downsampled to limits.series_points: a point is the largest value of the
// samples it stands for (a rate: their mean), so a short peak is never lost.
std::vector<Section> series_sections(const RunResult& r, const std::string& id, const Limits& limits = {});
// The requests as a waterfall: phases coloured, failures marked in their cause's colour; hovering
// a request shows its phases, its cause's meaning and the explanation sentence. Over
// limits.waterfall_rows records it keeps the explained requests, then every failure (evenly
// thinned if they alone exceed half the rows), then evenly spaced successes, and says so.
Section waterfall_section(const RunResult& r, const std::string& id, const Limits& limits = {});
// The per-call table of a scripted session (nullopt for other workloads).
std::optional<Section> calls_section(const RunResult& r, const std::string& id);
// One paragraph per failing cause: its first occurrence explained (nullopt when nothing failed).
std::optional<Section> explanations_section(const RunResult& r, const std::string& id);

// Header facts of a run: requests, error rate, p50, p99, throughput, duration.
std::vector<Fact> run_facts(const RunResult& r);

// Number formatting shared by the report's tables.
std::string count_text(std::uint64_t n);              // "1,000,008"
std::string percent_text(double share, int decimals = 1);  // 0.0312 → "3.1 %"
std::string seconds_text(double seconds);             // "0.5123 s" (4 decimals: 0.1 ms)

}  // namespace gatetune::sim::html
