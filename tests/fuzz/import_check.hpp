#pragma once
// The rest of `gatetune import` after a reader: the settings merged over the defaults
// (merge_readings checks every value against the key table), and, when nothing was wrong and
// the result passes the cross-key checks, the imported preset must read back as the
// configuration it describes. The readers document no exceptions: a problem in the file is a
// FileReading problem, so nothing is caught here.
#include <string>

#include "preset_round_trip.hpp"
#include "sim/import/importer.hpp"

namespace gatetune::fuzz {

inline void expect_importable(sim::importing::FileReading reading) {
    const sim::importing::ImportResult result = sim::importing::merge_readings(std::move(reading), sim::Config{});
    const std::string preset = sim::importing::imported_preset(result);
    if (!result.ok()) return;
    try {
        sim::check_config(result.config, "imported.toml");
    } catch (const sim::PresetError&) {
        return;  // import does not promise a complete preset (e.g. one without workload calls)
    }
    expect_round_trip(result.config, preset);
}

}  // namespace gatetune::fuzz
