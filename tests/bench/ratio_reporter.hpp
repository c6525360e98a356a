#pragma once
// A console reporter that also prints, after all benchmarks ran, the ratio of each benchmark's
// items/s to a named baseline in the same run — so one invocation shows "engine vs hand-written".
// With --benchmark_repetitions the ratio is of the medians (the `_median` aggregate, or the median
// of the repetitions when aggregates are not reported); the other aggregates (mean, stddev, cv)
// are not rates and are ignored.
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gatetune::bench {

class RatioReporter : public benchmark::ConsoleReporter {
public:
    // pairs: (benchmark name prefix, baseline name prefix)
    explicit RatioReporter(std::vector<std::pair<std::string, std::string>> pairs) : pairs_(std::move(pairs)) {}
    void ReportRuns(const std::vector<Run>& runs) override;
    void Finalize() override;

private:
    std::vector<std::pair<std::string, std::string>> pairs_;
    std::map<std::string, std::vector<double>> repetitions_;  // name → items/s of each repetition
    std::map<std::string, double> median_;                    // name → its `median` aggregate
};

// Runs the registered benchmarks with a RatioReporter; use from main().
int run_with_ratios(int argc, char** argv, std::vector<std::pair<std::string, std::string>> pairs);

}  // namespace gatetune::bench
