// `--set` strings: each input line is one apply_override on the defaults, then check_config as
// load_preset runs it once all overrides are in. What passes must be writable as a preset that
// reads back equal (gatetune tune --save writes exactly such configurations).
// Documented error: sim::PresetError, from either call.
#include "fuzz_target.hpp"
#include "preset_round_trip.hpp"

namespace gatetune::fuzz {

void preset_override(std::string_view input) {
    sim::Config config;
    while (!input.empty()) {
        const auto nl = input.find('\n');
        try {
            sim::apply_override(config, input.substr(0, nl));
        } catch (const sim::PresetError&) {
            // A refused override leaves the configuration as it was: carry on, so one input can
            // reach several keys.
        }
        input.remove_prefix(nl == std::string_view::npos ? input.size() : nl + 1);
    }
    try {
        sim::check_config(config, "--set");
    } catch (const sim::PresetError&) {
        return;
    }
    expect_round_trip(config);
}

}  // namespace gatetune::fuzz

GATETUNE_FUZZ_TARGET(preset_override)
