#include "ratio_reporter.hpp"

#include <cstdio>

namespace gatetune::bench {

void RatioReporter::ReportRuns(const std::vector<Run>& runs) {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
        auto it = r.counters.find("items_per_second");
        if (it == r.counters.end()) continue;
        double& best = rate_[r.benchmark_name()];
        if (it->second.value > best) best = it->second.value;
    }
}

void RatioReporter::Finalize() {
    ConsoleReporter::Finalize();
    auto find = [&](const std::string& prefix) -> std::pair<std::string, double> {
        for (auto& [name, rate] : rate_)
            if (name.rfind(prefix, 0) == 0) return {name, rate};
        return {"", 0.0};
    };
    for (auto& [subject, baseline] : pairs_) {
        auto [sn, s] = find(subject);
        auto [bn, b] = find(baseline);
        if (s <= 0 || b <= 0) continue;
        std::printf("RATIO %-40s / %-40s = %.3f  (%.3g vs %.3g items/s)\n", sn.c_str(), bn.c_str(), s / b, s, b);
    }
}

int run_with_ratios(int argc, char** argv, std::vector<std::pair<std::string, std::string>> pairs) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    RatioReporter reporter(std::move(pairs));
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}

}  // namespace gatetune::bench
