#pragma once
// `gatetune tune`: the cheapest configuration on a grid over preset keys that passes the static
// rules and the preset's SLO on every seed.
//
// Search. Capacity axes (sim/experiment/capacity.hpp) are assumed monotone: if a point passes,
// every point with at least as much capacity passes. The grid is cut into lines along the
// longest capacity axis; lines are visited cheapest first and stop once none can beat the best
// answer. On a line only points cheaper than the best answer matter: the dearest of them is
// tried first (if it fails, the whole line does) and then the boundary is bisected. Results imply
// others (a failure fails every point below it, a pass passes every point above it), so many
// points are decided without simulating. Other axes are searched exhaustively as a grid, in
// cost order. Finally every next-cheaper neighbour of the answer (one step down on any axis) is
// simulated if it was not; should one pass after all (the response was not monotone), it becomes
// the answer and its neighbours are checked in turn — so the answer always passes and each of
// its next-cheaper neighbours has been seen to fail.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/experiment/axis.hpp"
#include "sim/experiment/expression.hpp"
#include "sim/experiment/replication.hpp"
#include "sim/experiment/static_findings.hpp"

namespace gatetune::sim::experiment {

struct TuneSpec {
    Config base;                          // the preset with --set overrides and --seed applied
    std::vector<Axis> axes;               // at least one
    std::size_t replications = 1;
    std::optional<Expression> minimize;   // default objective when empty
};

// What is known about one configuration.
struct Verdict {
    std::string description;              // "server.workers=2 db_pool.pool_size=10"
    std::vector<Finding> findings;        // static rules
    bool simulated = false;
    Replicated result;                    // when simulated
    bool static_ok() const { return !has_errors(findings); }
    bool passes() const { return static_ok() && simulated && result.slo_holds(); }
};

// A next-cheaper neighbour of the answer: one axis one step away.
struct Neighbour {
    std::string change;                   // "server.workers=1"
    Verdict verdict;                      // why it fails
};

struct TuneResult {
    bool found = false;
    Config best;                          // the answer (when found)
    Verdict verdict;                      // its findings and replications
    std::vector<Neighbour> neighbours;    // its next-cheaper neighbours, all failing
    std::string objective;                // what was minimised, for people
    std::vector<std::string> bisected;    // capacity axes searched as monotone
    std::vector<std::string> gridded;     // the other axes, searched exhaustively
    std::size_t rejected_statically = 0;  // points examined that break a static rule (never simulated as answers)
    std::optional<Neighbour> cheapest_rejected;  // the cheapest of them and its first error, for "nothing passes"
    std::size_t candidates = 0;           // configurations simulated
    std::size_t simulations = 0;          // runs: candidates × replications
    std::size_t grid_points = 0;          // the full grid: grid_points × replications runs
};

// Throws ExperimentError when the preset has no [slo] (nothing to pass) or a point breaks a
// cross-key rule. `progress` is called after each configuration with the runs so far.
TuneResult tune(const TuneSpec& spec, unsigned jobs, const std::function<void(std::size_t simulations)>& progress = {});

}  // namespace gatetune::sim::experiment
