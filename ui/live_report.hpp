#pragma once
// The JSON `gatetune live --format json` writes, read back: both reports and the comparison as
// sim::Comparison (the inverse of sim::comparison_json) with the agreement verdict. Standard C++.
#include <string>

#include <nlohmann/json.hpp>

#include "sim/comparison.hpp"

namespace gatetune::ui {

struct LiveReport {
    nlohmann::json live;       // report_json of the live run
    nlohmann::json simulated;  // report_json of the simulation of the same preset
    sim::Comparison comparison;
    sim::Agreement agreement;
    double timeScale = 1;
};

// Throws std::runtime_error naming the first missing or mistyped field.
LiveReport parse_live_report(const std::string& text);

}  // namespace gatetune::ui
