#pragma once
// One run as the run history keeps it — simulated or live, from the GUI or from
// `gatetune run --save`: the preset it ran (text and hash), seed, version, mode, the report's
// summary and the time series. Per-request records are not kept: a history of thousands of runs
// stays small, and everything compare needs is in the summary and the series.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/config.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim::history {

struct RunRecord {
    std::int64_t id = 0;          // 0 until stored
    std::string created_at;       // UTC, ISO 8601 ("2024-05-01T12:00:00Z"); set when stored if empty
    std::string preset_name;
    std::string preset_text;      // the preset as run (with its comments when it came from a file)
    std::string preset_hash;      // sim/preset/preset_hash.hpp
    std::uint64_t seed = 0;
    std::string version;
    std::string mode;             // "simulation" or "live"
    std::string source;           // who stored it: "gui", "cli", …
    // report_json's summary, calls and explanations, plus latency_cdf: [[seconds, share ≤], …].
    nlohmann::json summary;
    nlohmann::json timeseries;    // report_json's timeseries object

    // Read from summary; 0 when absent.
    std::uint64_t requests() const;
    double error_rate() const;
    double p50() const;  // s
    double p99() const;  // s
};

// preset_text "" stores write_preset(config) instead (no comments).
RunRecord make_run_record(const RunResult& result, const Config& config, const std::string& preset_text,
                          const std::string& source);

// The latency CDF as [seconds, share of requests at or below] pairs: one point per histogram
// bucket, thinned to at most `max_points` (the last point is always kept).
std::vector<std::pair<double, double>> latency_cdf(const engine::LatencyHistogram& h, std::size_t max_points = 400);

// One column of a stored time series (empty when the record has no such column).
std::vector<double> series_column(const nlohmann::json& timeseries, const std::string& column);
std::vector<double> series_times(const nlohmann::json& timeseries);

}  // namespace gatetune::sim::history
