#pragma once
// "How candidates are proposed": for each mechanism, a coarse grid over its prior, then zooming
// in around the best points, then — one parameter at a time — bisection to where it stops
// reproducing, so the report can say over which range each parameter still explains what was seen
// and how much of the prior that is (the mechanism's evidence, as in approximate Bayesian
// computation with a uniform prior).
#include <string>
#include <vector>

#include "sim/diagnosis/evaluator.hpp"

namespace gatetune::sim::diagnosis {

struct ParamRange {
    double lo = 0, hi = 0;             // reproducing values found (lo ≤ best ≤ hi)
};

struct Fit {
    Evaluated best;                    // lowest distance (ties: the earlier proposed)
    std::vector<ParamRange> ranges;    // per freed parameter, over reproducing points (empty when none)
    double prior_mass = 0;             // share of the prior box that reproduces (0..1)
    std::size_t points = 0;            // candidates simulated for this fit
    std::uint32_t causes_produced = 0; // causes seen at any point tried (bit per Cause)

    bool reproduces() const { return best.reproduces(); }
    std::string id() const { return candidate_id(best.candidate); }
};

struct SearchOptions {
    std::size_t grid_1d = 97;          // coarse points for one parameter (a limit's window can be narrow)
    std::size_t grid_2d = 9;           // per axis for two parameters
    std::size_t zoom_rounds = 2;
    std::size_t bisect_steps = 8;
};

// Fits one mechanism alone. `span_s` scales span-relative priors.
Fit fit_mechanism(Evaluator& ev, const Mechanism& m, double span_s, const SearchOptions& o = {});
// Fits two mechanisms together, starting from each one's own best points.
Fit fit_pair(Evaluator& ev, const Fit& a, const Fit& b, double span_s, const SearchOptions& o = {});

}  // namespace gatetune::sim::diagnosis
