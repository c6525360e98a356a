// Stack model speed: the load preset scaled up with per-request records off (simulated
// requests/s and engine events per request), and seed-incident end to end (parse, simulate,
// report) — the GUI re-runs it on every slider move.
#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <sstream>
#include <utility>

#include "ratio_reporter.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"
#include "sim/stack.hpp"

using namespace gatetune;

namespace {
std::string preset(const char* rel) { return std::string(GATETUNE_SOURCE_DIR) + "/presets/" + rel; }

// Simulates `cfg` with per-request records off once per iteration: simulated requests/s and
// engine events per request.
void time_runs(benchmark::State& state, sim::Config cfg) {
    cfg.simulation.record_requests = false;
    cfg.simulation.max_time = 1e7;
    std::uint64_t requests = 0, events = 0;
    for (auto _ : state) {
        sim::RunResult r = sim::simulate(cfg);
        requests += r.requests;
        events += r.engine_events;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(requests));
    state.counters["events_per_request"] = static_cast<double>(events) / static_cast<double>(requests);
}

void BM_LoadPreset(benchmark::State& state) {
    sim::Config cfg = sim::load_preset(preset("load.toml"));
    cfg.workload.users = static_cast<int>(state.range(0));
    cfg.workload.start_spread = cfg.workload.users / 10.0;
    time_runs(state, std::move(cfg));
}

// The load preset as shipped (200 users, none of them failing), its calls repeated `range(0)`
// times instead of 3: the same request mix as `gatetune run presets/load.toml`, long enough to time.
void BM_LoadPresetAsShipped(benchmark::State& state) {
    sim::Config cfg = sim::load_preset(preset("load.toml"));
    cfg.workload.repeats = static_cast<int>(state.range(0));
    time_runs(state, std::move(cfg));
}

// Memory against the number of requests: the load preset's 2,000 users repeat their calls 3, 30
// or 300 times (72 k to 7.2 M requests) with per-request records off. Peak RSS is the process's
// (it never falls), so the runs go from the smallest up: a larger run that leaves the peak where
// a smaller one put it used no more memory. The sample interval grows with the run so that the
// time series (one row per interval of simulated time, the one thing that grows with the run's
// length) keeps the same number of rows.
void BM_LoadPresetMemory(benchmark::State& state) {
    sim::Config cfg = sim::load_preset(preset("load.toml"));
    cfg.workload.users = 2'000;
    cfg.workload.start_spread = 200;
    cfg.workload.repeats = static_cast<int>(state.range(0));
    cfg.simulation.sample_interval = static_cast<double>(state.range(0)) / 3.0;
    cfg.simulation.record_requests = false;
    cfg.simulation.max_time = 1e8;
    std::uint64_t requests = 0;
    for (auto _ : state) requests += sim::simulate(cfg).requests;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    state.SetItemsProcessed(static_cast<std::int64_t>(requests));
    state.counters["requests"] = static_cast<double>(requests) / static_cast<double>(state.iterations());
    state.counters["peak_rss_MB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_SeedIncidentEndToEnd(benchmark::State& state) {
    for (auto _ : state) {
        sim::Config cfg = sim::load_preset(preset("seed-incident.toml"));
        std::ostringstream out;
        sim::write_report(out, sim::simulate(cfg), sim::ReportFormat::Text);
        benchmark::DoNotOptimize(out.str().size());
    }
}
}  // namespace

BENCHMARK(BM_LoadPresetMemory)->Arg(3)->Arg(30)->Arg(300)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadPreset)->Arg(2'000)->Arg(28'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadPresetAsShipped)->Arg(30)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SeedIncidentEndToEnd)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) { return bench::run_with_ratios(argc, argv, {}); }
