#pragma once
// When several hypotheses reproduce the observation equally well, the observation cannot tell
// them apart — but other traffic can. Each variant below replays the observed callers differently;
// the hypotheses are simulated on each, and a variant on which their predictions differ is an
// experiment the team can run to separate them.
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/diagnosis/candidate.hpp"

namespace gatetune::sim::diagnosis {

struct Prediction {
    std::string variant;                  // "the same calls again after a 2-minute pause"
    std::vector<std::string> outcomes;    // per hypothesis: "12 × 200", "3 × 200, 9 × 500"
    bool separates = false;               // the outcomes are not all the same
};

// `base` holds the replayed workload (plan_replay); one run per hypothesis and variant on the
// base's seed.
std::vector<Prediction> discriminate(const Config& base, const std::vector<Candidate>& hypotheses);

}  // namespace gatetune::sim::diagnosis
