#pragma once
// The calibration written into a preset: the base preset (or the defaults) with the upstream's
// latency model and capacity, and an open-loop workload at the logs' rate and token sizes. Only
// what the logs identified is changed; the rest of the base (workers, pools, timeouts) stays.
#include <string>
#include <vector>

#include "sim/calibration/calibration.hpp"
#include "sim/config.hpp"

namespace gatetune::sim::calibration {

struct PresetChange {
    std::string key;     // "upstream.ttft_base"
    std::string value;   // as TOML
    std::string from;    // what in the logs it comes from
};

struct CalibratedPreset {
    Config config;
    std::vector<PresetChange> changes;
    std::vector<std::string> notes;  // what the model cannot express about the logs (bursts, other models)
};

CalibratedPreset calibrated_preset(const Calibration& c, const Config& base);

}  // namespace gatetune::sim::calibration
