#pragma once
// A one-line progress bar on stderr for long experiments, drawn only when stderr is a terminal:
// a CI log or a redirect gets nothing (no carriage-return noise), and results on stdout are never
// touched. Redrawn at most ten times a second.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

#include "sim/experiment/parallel.hpp"

namespace gatetune::cli {

class ProgressBar {
public:
    // label: "sweep"; unit: "runs".
    ProgressBar(std::string label, std::string unit);
    ~ProgressBar();  // ends the line
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    // done of total (total 0: unknown, counts up only). Thread-safe.
    void update(std::size_t done, std::size_t total);
    // For sim::experiment's runners.
    sim::experiment::ProgressFn callback() {
        return [this](std::size_t done, std::size_t total) { update(done, total); };
    }

private:
    using Clock = std::chrono::steady_clock;
    std::string label_;
    std::string unit_;
    bool enabled_;
    bool drawn_ = false;
    Clock::time_point start_;
    Clock::time_point last_;
    std::mutex mutex_;
};

}  // namespace gatetune::cli
