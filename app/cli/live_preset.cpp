#include "app/cli/live_preset.hpp"

#include <cmath>
#include <cstdio>

#include "sim/preset_io.hpp"
#include "sim/time_scale.hpp"

namespace gatetune::cli {

void LivePresetOptions::add_to(CLI::App& sub) {
    sub.add_option("preset", preset, "Preset file (TOML)")->required();
    sub.add_option("--set", sets, "Override a preset key: table.key=value (repeatable)");
    sub.add_option("--time-scale", time_scale,
                   "Multiply every duration of the preset (latencies and timeouts alike) by F: 0.1 runs a 40 s scenario in 4 s")
        ->check(CLI::PositiveNumber);
}

std::optional<sim::Config> LivePresetOptions::load(const char* command, sim::Config* unscaled) const {
    try {
        sim::Config cfg = sim::load_preset(preset, sets);
        if (unscaled) *unscaled = cfg;
        return sim::scale_durations(cfg, time_scale);
    } catch (const sim::PresetError& e) {
        std::fprintf(stderr, "%s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gatetune %s: %s: %s\n", command, preset.c_str(), e.what());
    }
    return std::nullopt;
}

}  // namespace gatetune::cli
