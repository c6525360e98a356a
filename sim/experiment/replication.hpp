#pragma once
// Replications: every configuration an experiment looks at is simulated with K seeds
// (simulation.seed, +1, …, +K−1), and every figure is reported as the mean with a 95 %
// confidence interval over them. The SLO of a configuration holds only when every check passes
// on every seed — one bad seed is a real chance of failing in production.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/experiment/parallel.hpp"
#include "sim/experiment/statistics.hpp"
#include "sim/run_result.hpp"
#include "sim/slo.hpp"

namespace gatetune::sim::experiment {

// The figures an experiment reports per run, in output order: requests, error_rate,
// cause_rate.<cause> for every failing cause (presets/README.md "Causes"), p50_s, p99_s,
// peak_db_connections, peak_http_connections.
const std::vector<std::string>& figure_names();

// What one simulation measured: figure values (parallel to figure_names()) and the SLO checks.
struct RunFigures {
    std::vector<double> values;
    std::vector<SloCheck> slo;
};
RunFigures measure(const RunResult& r, const SloConfig& slo);

// The preset with this seed and without per-request records (experiments never read them, and
// they cost memory and time; the simulation itself does not depend on them).
Config replication_config(const Config& config, std::uint64_t seed);
std::vector<std::uint64_t> replication_seeds(std::uint64_t first, std::size_t count);

// One SLO check over all replications.
struct SloSummary {
    std::string name;      // as in SloCheck: "p99", "max_cause_rate.db_pool_timeout"
    std::string unit;      // "s" or "share"
    double limit = 0;
    Estimate measured;
    std::vector<std::uint64_t> failed_seeds;  // ascending
    bool passed() const noexcept { return failed_seeds.empty(); }
};

struct Replicated {
    std::vector<std::uint64_t> seeds;
    std::vector<Estimate> figures;  // parallel to figure_names()
    std::vector<SloSummary> slo;    // empty when the preset has no [slo]
    bool has_slo() const noexcept { return !slo.empty(); }
    bool slo_holds() const noexcept;        // every check on every seed (true without [slo])
    std::size_t failed_seed_count() const;  // seeds on which at least one check failed
};

// runs[i] is the run with seeds[i].
Replicated replicate(const std::vector<std::uint64_t>& seeds, const std::vector<RunFigures>& runs);

// Simulates `count` configurations (config_of(i), built on demand so huge sweeps need not hold
// them all) with `seeds` replications each, all count × seeds runs in parallel; result i belongs
// to configuration i, whatever the number of jobs.
std::vector<Replicated> run_replicated(std::size_t count, const std::function<Config(std::size_t)>& config_of,
                                       std::size_t seeds, unsigned jobs, const ProgressFn& progress = {});

}  // namespace gatetune::sim::experiment
