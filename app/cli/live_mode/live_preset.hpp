#pragma once
// What the live commands (serve, upstream, live) share on the command line: the preset, its
// --set overrides and --time-scale, read into the configuration the live components run.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/config.hpp"

namespace gatetune::cli {

struct LivePresetOptions {
    std::string preset;
    std::vector<std::string> sets;
    double time_scale = 1.0;

    void add_to(CLI::App& sub);
    // The preset as loaded (unscaled) and scaled; prints the error and returns nullopt on bad input.
    std::optional<sim::Config> load(const char* command, sim::Config* unscaled = nullptr) const;
};

// Where a live server (serve, upstream, alb) listens, and the file that tells a parent process
// which port it got.
struct LiveListenOptions {
    std::string listen;
    std::string port_file;

    explicit LiveListenOptions(std::string default_listen) : listen(std::move(default_listen)) {}
    void add_to(CLI::App& sub);
    // Called with the bound port once listening: writes the port file when one was asked for.
    std::function<void(std::uint16_t)> on_ready() const;
};

}  // namespace gatetune::cli
