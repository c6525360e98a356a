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

#include "sim/diagnosis/observation.hpp"
#include "sim/diagnosis/replay.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim::diagnosis {

// A run reproduces the observation when all but max(1, 10 %) of the requests agree — room for a
// flipped status in ten, and for one in a short observation, as observations are noisy — more
// than half agree, and no log line contradicts it.
inline constexpr double kTolerableShare = 0.1;

struct Agreement {
    std::size_t matched = 0;           // observed requests paired with a simulated one of the same outcome
    std::size_t total = 0;
    double latency_error = -1;         // mean |ln(sim/obs median)| over paired requests; -1: no latencies
    std::size_t evidence_supported = 0;
    std::size_t evidence_contradicted = 0;
    double distance = 0;               // 0 = perfect; ranks candidates
    bool reproduces = false;
    std::uint32_t causes_produced = 0; // bit c set when the run had a request end with cause c

    double share() const { return total ? static_cast<double>(matched) / static_cast<double>(total) : 0.0; }
};

// `run` must hold per-request records (simulation.record_requests).
Agreement agree(const Observation& obs, const Replay& replay, const RunResult& run);

}  // namespace gatetune::sim::diagnosis
