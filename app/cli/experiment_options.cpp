#include "app/cli/experiment_options.hpp"

#include <cstdio>

#include "app/cli/commands.hpp"
#include "sim/experiment/experiment_error.hpp"
#include "sim/preset/preset_io.hpp"

namespace gatetune::cli {

void add_experiment_options(CLI::App* sub, ExperimentOptions& o, std::size_t default_seeds) {
    o.seeds = default_seeds;
    sub->add_option("--set", o.sets, "Override a preset key, e.g. --set slo.p99=20 (repeatable; any preset key)");
    sub->add_option("--seed", o.seed, "First seed of the replications (default: the preset's simulation.seed)");
    sub->add_option("--seeds", o.seeds, "Replications: each configuration runs with seeds N, N+1, …; figures are means with 95 % CIs")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000}))
        ->capture_default_str();
    sub->add_option("-j,--jobs", o.jobs, "Parallel simulations (0 = every hardware thread); never changes the results")
        ->check(CLI::Range(0u, 1024u))
        ->capture_default_str();
}

void add_vary_option(CLI::App* sub, std::vector<std::string>& specs) {
    sub->add_option("--vary", specs,
                    "A grid axis over any preset key: KEY=a..b:step (numbers; step optional for integers) or KEY=v1,v2,… "
                    "(repeatable; the grid is every combination)");
}

int input_error(std::string_view command, const std::string& message) {
    std::fprintf(stderr, "gatetune %.*s: %s\n", static_cast<int>(command.size()), command.data(), message.c_str());
    return kExitUsage;
}

std::optional<sim::Config> load_base(std::string_view command, const std::string& preset, const ExperimentOptions& o) {
    try {
        sim::Config config = sim::load_preset(preset, o.sets);
        if (o.seed) config.simulation.seed = *o.seed;
        return config;
    } catch (const sim::PresetError& e) {
        std::fprintf(stderr, "%s\n", e.what());
    } catch (const std::exception& e) {
        input_error(command, preset + ": " + e.what());
    }
    return std::nullopt;
}

std::optional<std::vector<sim::experiment::Axis>> parse_vary(std::string_view command, const std::vector<std::string>& specs) {
    try {
        return sim::experiment::parse_axes(specs);
    } catch (const sim::experiment::ExperimentError& e) {
        input_error(command, e.what());
    }
    return std::nullopt;
}

}  // namespace gatetune::cli
