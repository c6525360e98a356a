#pragma once
// The calibration for people (aligned text tables) and for programs (JSON): what was read, the
// fitted numbers with their goodness of fit, what the logs cannot identify, the preset's changes
// and the reproduce check.
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/calibration/calibrated_preset.hpp"
#include "sim/calibration/calibration.hpp"
#include "sim/calibration/reproduce_check.hpp"

namespace gatetune::sim::calibration {

struct CalibrationReport {
    const Calibration& calibration;
    const CalibratedPreset& preset;
    const ReproduceCheck& check;
    std::string preset_path;  // where the preset was written
};

void write_text(std::ostream& out, const CalibrationReport& r);
nlohmann::json to_json(const CalibrationReport& r);
// {"family": "lognormal", "parameters": {…}, "describe": "…"}
nlohmann::json distribution_json(const engine::Distribution& d);

}  // namespace gatetune::sim::calibration
