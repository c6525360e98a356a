#include "sim/experiment/sweep.hpp"

namespace gatetune::sim::experiment {

SweepResult run_sweep(const SweepSpec& spec, unsigned jobs, const ProgressFn& progress) {
    spec.grid.check_points(spec.base);
    SweepResult out{spec.base.name, spec.base.simulation.seed, spec.replications, spec.grid, {}};
    const std::vector<std::size_t> indices = shard_points(spec.grid.size(), spec.shard);
    const auto config_of = [&](std::size_t i) { return spec.grid.apply(spec.base, indices[i]); };
    std::vector<Replicated> results = run_replicated(indices.size(), config_of, spec.replications, jobs, progress);
    out.points.reserve(indices.size());
    for (std::size_t i = 0; i < indices.size(); ++i) {
        out.points.push_back({indices[i], spec.grid.coordinates(indices[i]), std::move(results[i])});
    }
    return out;
}

}  // namespace gatetune::sim::experiment
