#include "app/cli/live_mode/live_preset.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>

#include "app/cli/preset_argument.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/preset/time_scale.hpp"

namespace gatetune::cli {

void LivePresetOptions::add_to(CLI::App& sub) {
    add_preset_argument(sub, "preset", preset, "Preset (TOML)");
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

void LiveListenOptions::add_to(CLI::App& sub) {
    sub.add_option("--listen", listen, "Address to listen on (host:port; port 0 picks a free one)")->capture_default_str();
    sub.add_option("--port-file", port_file, "Write the bound port to this file once listening");
}

std::function<void(std::uint16_t)> LiveListenOptions::on_ready() const {
    return [path = port_file](std::uint16_t port) {
        if (!path.empty()) std::ofstream(path) << port << "\n";
    };
}

}  // namespace gatetune::cli
