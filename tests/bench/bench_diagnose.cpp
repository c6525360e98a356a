// Diagnosis speed (issue 17 target): the seed incident's diagnosis — the 12 observed calls, every
// mechanism of the catalogue, the report's five suspects and its fixed configuration, 3 seeds —
// in at most 10 s on a 2-core machine, with 1 and 2 jobs. Records the simulations it takes, and
// prints how many times more simulations per second two jobs run than one (issue 23: ≥ 1.8).
#include <benchmark/benchmark.h>

#include "ratio_reporter.hpp"
#include "sim/diagnosis/diagnosis.hpp"
#include "sim/diagnosis/observation.hpp"
#include "sim/preset/preset_io.hpp"

using namespace gatetune;
namespace dx = gatetune::sim::diagnosis;

namespace {

std::string source(const char* path) { return std::string(GATETUNE_SOURCE_DIR) + "/" + path; }

void BM_SeedDiagnosis(benchmark::State& state) {
    const dx::Observation obs = dx::read_observation({source("presets/incidents/seed/observed.csv")});
    const sim::Config cfg = sim::load_preset(source("presets/seed-incident.toml"));
    dx::DiagnoseOptions o;
    o.jobs = static_cast<unsigned>(state.range(0));
    o.suspects = {"worker_timeout", "db_pool_exhaustion", "http_client.mode=per_request", "upstream_slow", "upstream_slots"};
    o.fix = sim::load_preset(source("presets/seed-fixed.toml"));
    o.fix_name = "presets/seed-fixed.toml";
    std::uint64_t simulations = 0;
    for (auto _ : state) simulations += dx::diagnose(obs, cfg, o).simulations;
    state.counters["simulations"] = static_cast<double>(simulations) / static_cast<double>(state.iterations());
    state.SetItemsProcessed(static_cast<std::int64_t>(simulations));
}

}  // namespace

BENCHMARK(BM_SeedDiagnosis)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(3);
int main(int argc, char** argv) { return bench::run_with_ratios(argc, argv, {{"BM_SeedDiagnosis/2", "BM_SeedDiagnosis/1"}}); }
