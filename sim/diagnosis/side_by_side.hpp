#pragma once
// The observation beside one simulated replay of it, group by group — the groups the distance
// compares (agreement.hpp): one call position of the callers' scripts, or a tenth of the
// observed span. Per group: what the callers saw, what the model answered (each failure with its
// cause), how many observed requests agree, and the median latencies. What the desktop app shows
// beside a selected hypothesis.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/diagnosis/observation.hpp"
#include "sim/diagnosis/replay.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim::diagnosis {

struct GroupSide {
    std::vector<std::size_t> requests;               // indices into Observation::requests, or RunResult::records
    std::map<std::string, std::uint64_t> outcomes;   // "200", "500 upstream_rate_limited" → requests
    std::optional<double> median_latency_s;          // none when no request of the group has a latency
};

struct GroupComparison {
    int group = 0;
    std::string label;         // "call 4", or "12.0–24.0 s" (send times after the first request)
    GroupSide observed;        // the outcome names the cause only where the observation does
    GroupSide simulated;       // every failure with its cause
    std::size_t matched = 0;   // observed requests paired with a simulated one of the same outcome
};

struct SideBySide {
    bool per_call = false;     // groups are call positions of scripted callers, else slices of time
    std::vector<GroupComparison> groups;  // in group order, each with at least one observed request
    std::size_t matched = 0;
    std::size_t total = 0;
};

// `replay` is plan_replay()'s map for `obs`; `run` the replayed workload with per-request records.
SideBySide side_by_side(const Observation& obs, const Replay& replay, const RunResult& run);

}  // namespace gatetune::sim::diagnosis
