#include "sim/experiment/check.hpp"

#include "sim/preset/preset_io.hpp"

namespace gatetune::sim::experiment {

std::vector<PresetCheck> check_presets(const CheckSpec& spec, unsigned jobs, const ProgressFn& progress) {
    std::vector<PresetCheck> checks;
    std::vector<Config> configs;      // of the presets that loaded
    std::vector<std::size_t> owners;  // configs[i] belongs to checks[owners[i]]
    for (const std::string& file : spec.files) {
        PresetCheck c;
        c.file = file;
        try {
            Config config = load_preset(file, spec.overrides);
            if (spec.seed) config.simulation.seed = *spec.seed;
            c.preset = config.name;
            c.findings = static_findings(config);
            configs.push_back(std::move(config));
            owners.push_back(checks.size());
        } catch (const PresetError& e) {
            c.error = e.what();
        } catch (const std::exception& e) {
            c.error = file + ": " + e.what();
        }
        checks.push_back(std::move(c));
    }
    std::vector<Replicated> results =
        run_replicated(configs.size(), [&](std::size_t i) { return configs[i]; }, spec.replications, jobs, progress);
    for (std::size_t i = 0; i < results.size(); ++i) checks[owners[i]].result = std::move(results[i]);
    return checks;
}

}  // namespace gatetune::sim::experiment
