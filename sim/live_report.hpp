#pragma once
// The report of `gatetune live`: the live run's report beside the simulation of the same preset,
// their comparison and the verdict. One type owns its JSON — `gatetune live --format json` writes
// it (app/cli/live.cpp) and the GUI reads it back (ui/live_runner.cpp).
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/comparison.hpp"

namespace gatetune::sim {

struct LiveReport {
    nlohmann::json live;       // report_json of the live run
    nlohmann::json simulated;  // report_json of the simulation of the same preset
    Comparison comparison;     // simulated (left) against live (right)
    Agreement agreement;
    double time_scale = 1;

    // Compares the two runs and gives the verdict.
    static LiveReport of(const RunResult& live, const RunResult& simulated, double time_scale);

    nlohmann::json to_json() const;
    // The inverse of to_json. Throws std::runtime_error naming the first missing or mistyped field.
    static LiveReport parse(std::string_view text);
};

}  // namespace gatetune::sim
