#pragma once
// `gatetune check`: for each preset, the static rules and its [slo] over K seeds — the CI gate
// (like k6 thresholds: the run itself is not the point, whether the expectations hold is).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/experiment/parallel.hpp"
#include "sim/experiment/replication.hpp"
#include "sim/experiment/static_findings.hpp"

namespace gatetune::sim::experiment {

struct CheckSpec {
    std::vector<std::string> files;        // preset paths
    std::vector<std::string> overrides;    // --set, applied to every preset
    std::optional<std::uint64_t> seed;     // first seed (else each preset's simulation.seed)
    std::size_t replications = 1;
};

struct PresetCheck {
    std::string file;                // as given
    std::string preset;              // its name
    std::string error;               // why it could not be read; then nothing else is set
    std::vector<Finding> findings;   // static rules
    Replicated result;               // simulations over the seeds, with the SLO checks

    bool loaded() const { return error.empty(); }
    bool passed() const { return loaded() && !has_errors(findings) && result.slo_holds(); }
};

// Presets that cannot be read are reported (error) and do not stop the others; all simulations
// of all presets run in parallel.
std::vector<PresetCheck> check_presets(const CheckSpec& spec, unsigned jobs, const ProgressFn& progress = {});

}  // namespace gatetune::sim::experiment
