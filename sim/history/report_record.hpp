#pragma once
// A run-history record from a report already written as JSON (sim::report_json) — how a run
// made by another process, such as `gatetune live`, enters the history without its RunResult.
// The latency CDF is rebuilt from the report's per-request latencies.
#include <string>

#include <nlohmann/json.hpp>

#include "sim/config.hpp"
#include "sim/history/run_record.hpp"

namespace gatetune::sim::history {

// `config` is the configuration that ran (for the hash, and the text when preset_text is "").
// Throws std::runtime_error when the report lacks summary, calls, explanations or timeseries.
RunRecord record_from_report(const nlohmann::json& report, const Config& config, const std::string& preset_text,
                             const std::string& source);

}  // namespace gatetune::sim::history
