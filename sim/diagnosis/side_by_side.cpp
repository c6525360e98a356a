#include "sim/diagnosis/side_by_side.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/time.hpp"
#include "sim/diagnosis/agreement.hpp"

namespace gatetune::sim::diagnosis {

namespace {

std::optional<double> median(std::vector<double> v) {
    if (v.empty()) return std::nullopt;
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

// The slice of send times group `g` covers, as replay.cpp cuts them: kTimeGroups equal slices
// from the first start to the last.
std::string time_slice_label(const Observation& obs, int g, int groups) {
    SimTime first = engine::kForever, last = 0;
    for (const ObservedRequest& r : obs.requests)
        if (r.start) first = std::min(first, *r.start), last = std::max(last, *r.start);
    if (groups <= 1 || first == engine::kForever) return "all requests";
    const double width = engine::to_seconds(last - first + 1) / groups;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f–%.1f s", width * g, width * (g + 1));
    return buf;
}

// "500 upstream_rate_limited", or the status alone.
std::string outcome_label(std::string status, std::optional<Cause> cause) {
    if (cause) status.append(" ").append(to_string(*cause));
    return status;
}

}  // namespace

SideBySide side_by_side(const Observation& obs, const Replay& replay, const RunResult& run) {
    SideBySide out;
    out.total = obs.requests.size();
    out.per_call = std::any_of(replay.slot_of.begin(), replay.slot_of.end(), [](const ReplaySlot& s) { return s.call > 0; });
    const GroupedOutcomes grouped = group_outcomes(obs, replay, run);

    std::map<int, GroupComparison> by_group;
    for (const auto& [key, o] : grouped.observed) {
        GroupComparison& g = by_group[key.first];
        g.observed.requests.insert(g.observed.requests.end(), o.requests.begin(), o.requests.end());
        if (const auto s = grouped.simulated.find(key); s != grouped.simulated.end())
            g.matched += std::min(o.requests.size(), s->second.requests.size());
    }
    for (const auto& [key, s] : grouped.simulated) {
        const auto g = by_group.find(key.first);
        if (g != by_group.end()) g->second.simulated.requests.insert(g->second.simulated.requests.end(), s.requests.begin(), s.requests.end());
    }
    for (auto& [group, g] : by_group) {
        g.group = group;
        g.label = out.per_call ? "call " + std::to_string(group + 1) : time_slice_label(obs, group, replay.groups);
        std::sort(g.observed.requests.begin(), g.observed.requests.end());
        std::sort(g.simulated.requests.begin(), g.simulated.requests.end());
        std::vector<double> latencies;
        for (std::size_t i : g.observed.requests) {
            const ObservedRequest& o = obs.requests[i];
            ++g.observed.outcomes[outcome_label(o.status, o.cause)];
            if (o.latency) latencies.push_back(engine::to_seconds(*o.latency));
        }
        g.observed.median_latency_s = median(std::move(latencies));
        latencies.clear();
        for (std::size_t k : g.simulated.requests) {
            const RequestRecord& r = run.records[k];
            ++g.simulated.outcomes[outcome_label(status_label(r), r.ok() ? std::nullopt : std::optional<Cause>(r.cause))];
            latencies.push_back(engine::to_seconds(r.latency()));
        }
        g.simulated.median_latency_s = median(std::move(latencies));
        out.matched += g.matched;
        out.groups.push_back(std::move(g));
    }
    return out;
}

}  // namespace gatetune::sim::diagnosis
