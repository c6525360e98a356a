#pragma once
// The options check, sweep and tune share (--set, --seed, --seeds, --jobs, --vary), registered
// in one place so they are spelled, checked and documented the same in every command.
#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/config.hpp"
#include "sim/experiment/axis.hpp"

namespace gatetune::cli {

struct ExperimentOptions {
    std::vector<std::string> sets;
    std::optional<std::uint64_t> seed;
    std::size_t seeds = 1;
    unsigned jobs = 0;  // 0 = every hardware thread
};

// --set, --seed, --seeds (default_seeds when not given), --jobs.
void add_experiment_options(CLI::App* sub, ExperimentOptions& o, std::size_t default_seeds);
// --vary KEY=a..b:step | KEY=v1,v2,… (repeatable).
void add_vary_option(CLI::App* sub, std::vector<std::string>& specs);

// Prints "gatetune <command>: <message>" to stderr; returns the usage/input exit code.
int input_error(std::string_view command, const std::string& message);
// The preset with --set overrides and --seed; nullopt after printing the problem.
std::optional<sim::Config> load_base(std::string_view command, const std::string& preset, const ExperimentOptions& o);
// The --vary axes; nullopt after printing the problem.
std::optional<std::vector<sim::experiment::Axis>> parse_vary(std::string_view command, const std::vector<std::string>& specs);

}  // namespace gatetune::cli
