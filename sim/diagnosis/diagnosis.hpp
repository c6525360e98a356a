#pragma once
// gatetune diagnose: from what was observed to the mechanisms that reproduce it, ranked, and the
// changes that make the observed workload pass. Model selection over simulators: every mechanism
// of the catalogue is fitted to the observation (search.hpp), scored by one distance
// (agreement.hpp); those that reproduce it are ranked by fit, then by how much of their prior
// reproduces (the evidence), so the report says how much better the first explains it than the
// second — and which ones the observation cannot tell apart.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/diagnosis/discriminate.hpp"
#include "sim/diagnosis/observation.hpp"
#include "sim/diagnosis/replay.hpp"
#include "sim/diagnosis/search.hpp"
#include "sim/experiment/parallel.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim::diagnosis {

struct DiagnoseOptions {
    std::size_t seeds = 3;
    unsigned jobs = 0;                        // 0: every core
    std::vector<std::string> mechanisms;      // ids to try; empty: the whole catalogue
    std::vector<std::string> suspects;        // a mechanism id, or preset assignments "k=v[,k=v…]"
    std::optional<Config> fix;                // --fix PRESET (the team's proposed configuration)
    std::string fix_name;
    std::vector<std::string> fix_sets;        // --fix-set k=v (applied to the diagnosed configuration)
    bool propose_fixes = true;
    std::size_t top = 5;                      // hypotheses shown and used for fix checks
    experiment::ProgressFn progress;          // (simulations so far, 0)
    // Polled before each simulation (from the simulating threads); returning true stops the
    // diagnosis: diagnose() throws sim::RunCancelled. The desktop app's Cancel.
    std::function<bool()> cancelled;
};

struct Hypothesis {
    Fit fit;
    std::string id, title;
    std::vector<std::string> sets;            // --set assignments of the best fit
    std::vector<Cause> causes;                // the mechanism's causes
    bool pair = false;
};

struct Suspect {
    std::string label;                        // as given
    Hypothesis hypothesis;                    // fitted (a mechanism) or evaluated as given (assignments)
    std::string verdict;                      // one sentence: reproduces, or why not
};

// A change checked under the top reproducing hypotheses.
struct FixOutcome {
    std::string hypothesis_id;
    std::size_t passing_seeds = 0;            // every request 200 on that seed
    std::size_t seeds = 0;
    std::map<std::string, std::uint64_t> statuses;  // summed over seeds: "500 upstream_rate_limited" → n
    double p99_s = 0;                         // worst seed
};
struct FixCheck {
    std::string label;
    std::vector<std::string> sets;            // empty for a fix preset
    std::string raised_key;                   // a "raise" fix: the key and the value found
    std::optional<double> raised_value;
    std::vector<FixOutcome> outcomes;         // one per hypothesis checked
    bool passes_all() const;
};

struct Diagnosis {
    std::size_t observed = 0;
    std::map<std::string, std::uint64_t> observed_statuses;
    std::vector<std::string> notes;           // observation and replay notes
    Hypothesis as_configured;                 // the configuration alone
    std::vector<Hypothesis> ranked;           // reproducing first (by fit, then prior mass), then the rest
    std::vector<Suspect> suspects;
    std::vector<FixCheck> fix_checks;         // the team's fix (--fix / --fix-set) first, then proposals
    std::vector<std::string> indistinct;      // ids that reproduce equally well (cannot be told apart)
    std::vector<Prediction> experiments;      // what other traffic would show under each of them
    std::uint64_t simulations = 0;
    std::size_t seeds = 0;
    std::uint64_t first_seed = 0;
    RunResult best_run;                       // the top hypothesis's run on the first seed (or as configured)

    bool reproduced() const { return !ranked.empty() && ranked.front().fit.reproduces(); }
};

// `config` is the configuration that was running; its workload is replaced by the observed one.
// Throws std::invalid_argument for an unknown mechanism or a bad assignment in options.
Diagnosis diagnose(const Observation& obs, const Config& config, const DiagnoseOptions& options);

// The observed workload replayed in `config` with a hypothesis applied, on the config's seed, with
// per-request records: what a report or the desktop app shows beside the observation.
RunResult replay_run(const Observation& obs, const Config& config, const Hypothesis& h);

}  // namespace gatetune::sim::diagnosis
