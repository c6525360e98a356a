#pragma once
// "How a candidate is scored": one distance between a simulated run of the replayed workload and
// the observation (pyABC's distance), from three kinds of evidence —
//   1. outcomes: within each group of the replay (one call position, or a slice of time), how many
//      requests ended with each outcome — the status the caller saw, and the cause where the
//      observation names one; an observed request agrees when the simulated group has a request
//      with its outcome to pair it with (for a scripted session: request by request);
//   2. latency: per group and outcome, |ln(simulated / observed median latency)|, weighted by the
//      requests paired;
//   3. log signatures: each recognised line supports the candidate when the run produced one of its
//      causes, and contradicts it when the run produced none.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/diagnosis/observation.hpp"
#include "sim/diagnosis/replay.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim::diagnosis {

// A run reproduces the observation when all but max(1, 10 %) of the requests agree — room for a
// flipped status in ten, and for one in a short observation, as observations are noisy — more
// than half agree, no log line contradicts it, and every kind of failure the observation shows
// more than once occurs in the run: two 502s in 400 requests are within the tolerance, but they
// are what the user asks about, so a run without any 502 does not explain them. (One failure of
// a kind may be noise.)
inline constexpr double kTolerableShare = 0.1;
inline constexpr std::size_t kFailureKindSeen = 2;

struct Agreement {
    std::size_t matched = 0;           // observed requests paired with a simulated one of the same outcome
    std::size_t total = 0;
    double latency_error = -1;         // mean |ln(sim/obs median)| over paired requests; -1: no latencies
    std::size_t evidence_supported = 0;
    std::size_t evidence_contradicted = 0;
    double distance = 0;               // 0 = perfect; ranks candidates
    bool reproduces = false;
    std::uint32_t causes_produced = 0; // bit c set when the run had a request end with cause c
    std::vector<std::string> failures_missing;  // failure statuses observed kFailureKindSeen+ times, never simulated

    double share() const { return total ? static_cast<double>(matched) / static_cast<double>(total) : 0.0; }
};

// The requests of one group that ended with one outcome, observed or simulated.
struct OutcomeGroup {
    std::vector<std::size_t> requests;   // indices into Observation::requests, or into RunResult::records
    std::vector<double> latencies_s;     // of those that have one (floored at clock resolution)
};
// (group, outcome) → requests. An observed outcome is the status the caller saw, with "/cause"
// when the observation names one; a simulated request is labelled with its cause only where the
// observation named one for that status in that group — so the two maps pair up key by key, and
// an observed request agrees when its key has a simulated request left to pair with.
using OutcomeKey = std::pair<int, std::string>;
struct GroupedOutcomes {
    std::map<OutcomeKey, OutcomeGroup> observed, simulated;
};
// `run` must hold per-request records (simulation.record_requests).
GroupedOutcomes group_outcomes(const Observation& obs, const Replay& replay, const RunResult& run);

// `run` must hold per-request records (simulation.record_requests).
Agreement agree(const Observation& obs, const Replay& replay, const RunResult& run);

}  // namespace gatetune::sim::diagnosis
