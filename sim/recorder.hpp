#pragma once
// Folds finished requests into the RunResult as they end (so memory stays flat when per-request
// records are off), and samples the stack's levels into the time series.
#include "engine/process.hpp"
#include "sim/config.hpp"
#include "sim/metrics.hpp"
#include "sim/record_fold.hpp"
#include "sim/run_control.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim {

class Recorder {
public:
    Recorder(const Config& cfg, RunResult& out, const StackMetrics& metrics);

    void record(const RequestRecord& r);
    // The sampler process: one time-series row per sample_interval; reports progress to
    // `control` and stops the simulation when it asks to.
    engine::Task<> sample(engine::Simulation& sim, const RunControl& control);
    bool cancelled() const { return cancelled_; }
    void finish(SimTime end, const StackMetrics& m);

private:
    void sample_row(SimTime t);

    const Config& cfg_;
    RunResult& out_;
    RequestFold fold_;
    const StackMetrics& m_;
    std::vector<double> row_;
    EndRates ends_;
    bool cancelled_ = false;
};

}  // namespace gatetune::sim
