#pragma once
// A sweep: every point of a grid over preset keys (or of one shard of it), each simulated with K
// seeds, all runs in parallel. The result lists the points in grid order whatever the number of
// jobs, so the same inputs always give the same output bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/experiment/grid.hpp"
#include "sim/experiment/parallel.hpp"
#include "sim/experiment/replication.hpp"

namespace gatetune::sim::experiment {

struct SweepSpec {
    Config base;                    // the preset with --set overrides and --seed applied
    Grid grid;
    std::size_t replications = 1;   // seeds per point: simulation.seed, +1, …
    Shard shard;                    // 1/1 = the whole grid
};

struct SweepPoint {
    std::size_t index = 0;                  // in the whole grid
    std::vector<std::size_t> coordinates;   // value index per axis
    Replicated result;
};

struct SweepResult {
    std::string preset;             // the preset's name
    std::uint64_t seed = 0;         // first seed of every point that does not vary simulation.seed
    std::size_t replications = 1;
    Grid grid;
    std::vector<SweepPoint> points; // ascending index; one shard's points when sharded
};

// Throws ExperimentError when a point breaks a cross-key rule (checked before anything runs).
SweepResult run_sweep(const SweepSpec& spec, unsigned jobs, const ProgressFn& progress = {});

}  // namespace gatetune::sim::experiment
