#pragma once
// Simulates candidates against the observation: each candidate is applied to the configuration,
// run with K seeds (simulation.seed, +1, …) in parallel, and scored. Results do not depend on the
// number of jobs. Counts the simulations it ran.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/config.hpp"
#include "sim/diagnosis/agreement.hpp"
#include "sim/diagnosis/candidate.hpp"
#include "sim/experiment/parallel.hpp"

namespace gatetune::sim::diagnosis {

struct Evaluated {
    Candidate candidate;
    std::vector<Agreement> seeds;      // one per seed
    double distance = 0;               // mean over seeds
    std::size_t reproducing_seeds = 0;
    bool valid = true;                 // false when the candidate's values were refused by the schema

    // A candidate reproduces when it does on a majority of seeds.
    bool reproduces() const { return valid && reproducing_seeds * 2 > seeds.size(); }
    std::size_t median_matched() const;
};

class Evaluator {
public:
    // `base` already has the replayed workload (plan_replay).
    Evaluator(const Config& base, const Observation& obs, const Replay& replay, std::size_t seeds, unsigned jobs);

    std::vector<Evaluated> evaluate(const std::vector<Candidate>& candidates);
    // One run of the candidate with per-request records, on the first seed: what a report shows.
    RunResult example_run(const Candidate& c) const;
    // Runs of an arbitrary configuration (a fix, a suspect's assignments) on every seed, with
    // per-request records; and their score.
    std::vector<RunResult> runs_of(const Config& cfg) const;
    Evaluated evaluate_runs(const std::vector<RunResult>& runs) const;

    const Config& base() const { return base_; }
    std::size_t seed_count() const { return seeds_; }
    std::uint64_t simulations() const { return simulations_.load(); }
    void set_progress(experiment::ProgressFn progress) { progress_ = std::move(progress); }
    // Polled before each simulation; true makes the call in progress throw sim::RunCancelled.
    void set_cancel(std::function<bool()> cancelled) { cancelled_ = std::move(cancelled); }

private:
    Config base_;
    const Observation& obs_;
    const Replay& replay_;
    std::size_t seeds_;
    unsigned jobs_;
    mutable std::atomic<std::uint64_t> simulations_{0};
    experiment::ProgressFn progress_;
    std::function<bool()> cancelled_;

    void stop_if_cancelled() const;
};

}  // namespace gatetune::sim::diagnosis
