#include "ratio_reporter.hpp"

#include <algorithm>
#include <cstdio>

namespace gatetune::bench {

void RatioReporter::ReportRuns(const std::vector<Run>& runs) {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
        auto it = r.counters.find("items_per_second");
        if (it == r.counters.end() || r.error_occurred) continue;
        const std::string name = r.run_name.str();
        if (r.run_type == Run::RT_Aggregate) {
            if (r.aggregate_name == "median") median_[name] = it->second.value;
        } else {
            repetitions_[name].push_back(it->second.value);
        }
    }
}

void RatioReporter::Finalize() {
    ConsoleReporter::Finalize();
    std::map<std::string, double> rate = median_;
    for (auto& [name, values] : repetitions_) {
        if (rate.count(name) || values.empty()) continue;
        std::sort(values.begin(), values.end());
        const std::size_t n = values.size();
        rate[name] = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
    auto find = [&](const std::string& prefix) -> std::pair<std::string, double> {
        for (auto& [name, r] : rate)
            if (name.rfind(prefix, 0) == 0) return {name, r};
        return {"", 0.0};
    };
    for (auto& [subject, baseline] : pairs_) {
        auto [sn, s] = find(subject);
        auto [bn, b] = find(baseline);
        if (s <= 0 || b <= 0) continue;
        std::printf("RATIO %-40s / %-40s = %.3f  (%.3g vs %.3g items/s, medians)\n", sn.c_str(), bn.c_str(), s / b, s, b);
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
