// Stack model speed: the load preset scaled up with per-request records off (simulated
// requests/s and engine events per request), and seed-incident end to end (parse, simulate,
// report) — the GUI re-runs it on every slider move.
#include <benchmark/benchmark.h>

#include <sstream>

#include "ratio_reporter.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"
#include "sim/stack.hpp"

using namespace gatetune;

namespace {
std::string preset(const char* rel) { return std::string(GATETUNE_SOURCE_DIR) + "/presets/" + rel; }

void BM_LoadPreset(benchmark::State& state) {
    sim::Config cfg = sim::load_preset(preset("load.toml"));
    cfg.workload.users = static_cast<int>(state.range(0));
    cfg.workload.start_spread = cfg.workload.users / 10.0;
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

void BM_SeedIncidentEndToEnd(benchmark::State& state) {
    for (auto _ : state) {
        sim::Config cfg = sim::load_preset(preset("seed-incident.toml"));
        std::ostringstream out;
        sim::write_report(out, sim::simulate(cfg), sim::ReportFormat::Text);
        benchmark::DoNotOptimize(out.str().size());
    }
}
}  // namespace

BENCHMARK(BM_LoadPreset)->Arg(2'000)->Arg(28'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SeedIncidentEndToEnd)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) { return bench::run_with_ratios(argc, argv, {}); }
