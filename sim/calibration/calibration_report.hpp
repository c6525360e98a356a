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

// One fitted distribution of the calibration, for the fit tables and plots, in report order:
// each model's latency factor, prompt and completion tokens, inter-arrival times, and with
// sessions think times and calls per session. Quantities with too few values have no fit.
struct FittedQuantity {
    std::string id;      // "latency-factor-all", "prompt-tokens", …: [a-z0-9-] only (a file name, an element id)
    std::string label;   // "latency factor (TTFT, all)", as the text report names it
    std::string unit;    // "s", "tokens", "calls" or "" (the latency factor is a ratio)
    const QuantityFit* fit = nullptr;
};
std::vector<FittedQuantity> fitted_quantities(const Calibration& c);

// The goodness of fit as CSV, for plotting elsewhere (--csv DIR):
//   fits.csv — quantity,family,parameters,log_likelihood_per_value,ks,ks_critical,chosen
//   <id>.csv — k,p,x,data_cdf, then per candidate <family>_cdf and <family>_quantile (FitPoints)
void write_fit_summary_csv(std::ostream& out, const std::vector<FittedQuantity>& quantities);
void write_fit_points_csv(std::ostream& out, const FittedQuantity& q);

void write_text(std::ostream& out, const CalibrationReport& r);
nlohmann::json to_json(const CalibrationReport& r);
// {"family": "lognormal", "parameters": {…}, "describe": "…"}
nlohmann::json distribution_json(const engine::Distribution& d);

}  // namespace gatetune::sim::calibration
