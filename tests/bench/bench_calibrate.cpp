// gatetune calibrate's reading and fitting: 1 million JSON Lines records or AWS ALB access log
// entries (issue 22's target: under 2 s on 2 cores, ≥ 1M lines/s per core for JSON Lines and ALB
// logs), from memory so the disk is not measured. Reports lines/s and the sketches' memory, which
// must not grow with the lines; BM_ReadAlb is the ALB reader alone (no fit).
#include <benchmark/benchmark.h>

#include <cstdio>
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

// "2024-05-01T12:00:00.123456Z" for µs since the epoch (within one day: enough for a benchmark).
void append_iso(std::string& out, std::int64_t us) {
    const std::int64_t s = us / 1'000'000;
    char buf[40];
    std::snprintf(buf, sizeof buf, "2024-05-01T%02d:%02d:%02d.%06dZ", static_cast<int>(s / 3600 % 24), static_cast<int>(s / 60 % 60),
                  static_cast<int>(s % 60), static_cast<int>(us % 1'000'000));
    out += buf;
}

void append_seconds(std::string& out, double s) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    out += buf;
}

// Entries as an ALB in front of a gateway writes them (about 480 bytes each): mostly 200s, some
// 429s from the gateway, and 502s the ALB makes itself (-1 times, target status "-").
std::string make_alb_log(int lines) {
    gatetune::engine::Rng rng(2);
    std::string out;
    out.reserve(static_cast<std::size_t>(lines) * 500);
    std::int64_t created = 0;
    for (int i = 0; i < lines; ++i) {
        created += static_cast<std::int64_t>(rng.uniform(0.0, 20'000.0));
        const double target = 0.2 + rng.uniform(0.0, 0.6) + rng.below(400) * 0.02;
        const int roll = static_cast<int>(rng.below(100));
        const bool failed = roll == 0;
        const int status = failed ? 502 : (roll == 1 ? 429 : 200);
        out += "https ";
        append_iso(out, created + static_cast<std::int64_t>(target * 1e6));
        out += " app/gateway-alb/50dc6c495c0c9188 192.168.";
        out += std::to_string(i % 250);
        out += ".39:2817 10.0.0.1:8000 0.000 ";
        if (failed) {
            out += "-1 -1 502 - 612 0";
        } else {
            append_seconds(out, target);
            out += " 0.000 ";
            out += std::to_string(status) + " " + std::to_string(status) + " 612 1843";
        }
        out += " \"POST https://api.example.com:443/v1/chat/completions HTTP/1.1\" \"python-httpx/0.27.0\" "
               "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/gw/73e2d6bc24d8a067 "
               "\"Root=1-58337262-36d228ad5d99923122bbe354\" \"api.example.com\" "
               "\"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 0 ";
        append_iso(out, created);
        out += failed ? " \"forward\" \"-\" \"-\" \"10.0.0.1:8000\" \"-\" \"-\" \"-\"\n"
                      : " \"forward\" \"-\" \"-\" \"10.0.0.1:8000\" \"200\" \"-\" \"-\"\n";
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

void BM_CalibrateAlb(benchmark::State& state) {
    const int lines = static_cast<int>(state.range(0));
    const std::string log = make_alb_log(lines);
    std::size_t memory = 0;
    for (auto _ : state) {
        cal::Calibrator c;
        const cal::ReadStats stats = cal::read_log_text(log, "bench", cal::LogFormat::Auto, [&](const cal::LogRecord& r) { c.add(r); });
        if (stats.format != cal::LogFormat::Alb || stats.bad != 0 || stats.records != static_cast<std::uint64_t>(lines)) {
            state.SkipWithError("the ALB log was not read whole");
            return;
        }
        c.add_read("bench", stats);
        const cal::Calibration result = c.finish();
        memory = result.memory_bytes;
        benchmark::DoNotOptimize(result.requests);
    }
    state.SetItemsProcessed(state.iterations() * lines);
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(log.size()));
    state.counters["sketch_bytes"] = static_cast<double>(memory);
}
BENCHMARK(BM_CalibrateAlb)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_ReadAlb(benchmark::State& state) {
    const int lines = static_cast<int>(state.range(0));
    const std::string log = make_alb_log(lines);
    for (auto _ : state) {
        std::int64_t sum = 0;
        cal::read_log_text(log, "bench", cal::LogFormat::Alb, [&](const cal::LogRecord& r) { sum += r.latency_us.value_or(0); });
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations() * lines);
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(log.size()));
}
BENCHMARK(BM_ReadAlb)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
