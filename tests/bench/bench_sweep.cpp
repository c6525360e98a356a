// Experiment speed (issue 7 targets): a sweep of 1,000 configurations of the load preset scaled
// to ~10,000 requests each (records off) with 1 and 2 jobs — target ≤ 30 s on a 2-core machine —
// and tune on the load preset over pool_size × max_overflow × workers, counting its simulations
// against the full grid — target ≤ a tenth.
#include <benchmark/benchmark.h>

#include "ratio_reporter.hpp"
#include "sim/experiment/axis.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/experiment/tune.hpp"
#include "sim/preset/preset_io.hpp"

using namespace gatetune;
namespace ex = gatetune::sim::experiment;

namespace {

sim::Config load_preset() {
    sim::Config cfg = sim::load_preset(std::string(GATETUNE_SOURCE_DIR) + "/presets/load.toml");
    cfg.workload.users = 278;  // × 12 calls × 3 repeats = 10,008 requests
    cfg.simulation.record_requests = false;
    return cfg;
}

// 10 × 10 × 10 = 1,000 configurations around the preset's pool.
void BM_Sweep1000x10k(benchmark::State& state) {
    const auto jobs = static_cast<unsigned>(state.range(0));
    const ex::SweepSpec spec{load_preset(),
                             ex::Grid(ex::parse_axes({"db_pool.pool_size=5..50:5", "db_pool.max_overflow=0..45:5", "server.workers=1..10"})),
                             1,
                             {}};
    std::uint64_t requests = 0;
    for (auto _ : state) {
        const ex::SweepResult r = ex::run_sweep(spec, jobs);
        for (const ex::SweepPoint& p : r.points) requests += static_cast<std::uint64_t>(p.result.figures[0].mean);
    }
    state.counters["points"] = static_cast<double>(spec.grid.size());
    state.counters["requests_per_point"] = static_cast<double>(requests) / static_cast<double>(spec.grid.size() * state.iterations());
    state.SetItemsProcessed(static_cast<std::int64_t>(requests));
}

// The load preset (7,200 requests) with an SLO: no errors and p99 ≤ 6 s.
void BM_TuneLoadPreset(benchmark::State& state) {
    sim::Config cfg = sim::load_preset(std::string(GATETUNE_SOURCE_DIR) + "/presets/load.toml",
                                       {"slo.max_error_rate=0", "slo.p99=6"});
    const ex::TuneSpec spec{cfg, ex::parse_axes({"db_pool.pool_size=1..40", "db_pool.max_overflow=0..40:2", "server.workers=1..8"}), 1,
                            std::nullopt};
    ex::TuneResult r;
    for (auto _ : state) r = ex::tune(spec, 2);
    state.counters["simulations"] = static_cast<double>(r.simulations);
    state.counters["full_grid"] = static_cast<double>(r.grid_points * spec.replications);
    state.counters["share_of_grid_pct"] = 100.0 * static_cast<double>(r.simulations) / static_cast<double>(r.grid_points);
    state.counters["answer_db_connections"] =
        static_cast<double>(r.best.server.workers * (r.best.db_pool.pool_size + r.best.db_pool.max_overflow));
}

}  // namespace

BENCHMARK(BM_Sweep1000x10k)->Arg(1)->Arg(2)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);
BENCHMARK(BM_TuneLoadPreset)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

int main(int argc, char** argv) { return bench::run_with_ratios(argc, argv, {{"BM_Sweep1000x10k/2", "BM_Sweep1000x10k/1"}}); }
