// Preset TOML → validated Config (parse_preset runs the per-key and the cross-key checks, as
// check_config does); a preset that parses must also survive write_preset → parse_preset.
// Documented error: sim::PresetError.
#include "fuzz_target.hpp"
#include "preset_round_trip.hpp"

namespace gatetune::fuzz {

void preset_toml(std::string_view input) {
    sim::Config config;
    try {
        // No directory in the name: a workload.trace path stays as written (relative to here).
        config = sim::parse_preset(input, "fuzz.toml");
    } catch (const sim::PresetError&) {
        return;
    }
    expect_round_trip(config);
}

}  // namespace gatetune::fuzz

GATETUNE_FUZZ_TARGET(preset_toml)
