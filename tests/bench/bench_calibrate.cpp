// gatetune calibrate's reading and fitting: 1 million JSON Lines records (issue 22's target:
// under 2 s on 2 cores, ≥ 1M lines/s per core for JSON Lines), from memory so the disk is not
// measured. Reports lines/s and the sketches' memory, which must not grow with the lines.
#include <benchmark/benchmark.h>

#include <string>

#include "engine/random.hpp"
#include "sim/calibration/calibration.hpp"
#include "sim/calibration/log_reader.hpp"

namespace {

namespace cal = gatetune::sim::calibration;

std::string make_log(int lines) {
    gatetune::engine::Rng rng(1);
    std::string out;
    out.reserve(static_cast<std::size_t>(lines) * 150);
    double t = 0;
    for (int i = 0; i < lines; ++i) {
        t += rng.uniform(0.0, 0.02);
        const int prompt = 100 + static_cast<int>(rng.below(3000));
        const int completion = 10 + static_cast<int>(rng.below(400));
        const double ttft = 0.2 + prompt / 5000.0;
        out += "{\"start\": " + std::to_string(t) + ", \"status\": 200, \"latency_ms\": " + std::to_string((ttft + completion * 0.02) * 1000) +
               ", \"ttft_ms\": " + std::to_string(ttft * 1000) + ", \"prompt_tokens\": " + std::to_string(prompt) +
               ", \"completion_tokens\": " + std::to_string(completion) + ", \"model\": \"m\"}\n";
    }
    return out;
}

void BM_CalibrateJsonLines(benchmark::State& state) {
    const int lines = static_cast<int>(state.range(0));
    const std::string log = make_log(lines);
    std::size_t memory = 0;
    for (auto _ : state) {
        cal::Calibrator c;
        c.add_read("bench", cal::read_log_text(log, "bench", cal::LogFormat::Auto, [&](const cal::LogRecord& r) { c.add(r); }));
        const cal::Calibration result = c.finish();
        memory = result.memory_bytes;
        benchmark::DoNotOptimize(result.requests);
    }
    state.SetItemsProcessed(state.iterations() * lines);
    state.counters["sketch_bytes"] = static_cast<double>(memory);
}
BENCHMARK(BM_CalibrateJsonLines)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
