#include "sim/diagnosis/agreement.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/time.hpp"

namespace gatetune::sim::diagnosis {

namespace {

// Latencies below this are noise (clock resolution, loopback): compared as equal.
constexpr double kLatencyFloor_s = 0.01;

// Weights of the distance: agreement of statuses dominates; latency and logs separate candidates
// that agree on statuses.
constexpr double kLatencyWeight = 0.1;
constexpr double kEvidenceWeight = 0.5;

}  // namespace

namespace {

struct Outcomes {
    std::uint64_t count = 0;
    std::vector<double> latencies;  // s
};

double median(std::vector<double>& v) {
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

}  // namespace

Agreement agree(const Observation& obs, const Replay& replay, const RunResult& run) {
    Agreement a;
    a.total = obs.requests.size();
    // (group, outcome) → observed and simulated requests. The outcome of an observed request
    // names its cause only when the observation does; the simulated one is labelled to match.
    std::map<std::pair<int, int>, int> group_of_slot;
    for (std::size_t i = 0; i < obs.requests.size(); ++i)
        group_of_slot[{replay.slot_of[i].user, replay.slot_of[i].call}] = replay.group_of[i];
    std::map<std::pair<int, std::string>, Outcomes> observed, simulated;
    bool any_cause = false;
    for (std::size_t i = 0; i < obs.requests.size(); ++i) {
        const ObservedRequest& o = obs.requests[i];
        any_cause = any_cause || o.cause.has_value();
        Outcomes& out = observed[{replay.group_of[i], o.status + (o.cause ? "/" + std::string(to_string(*o.cause)) : "")}];
        ++out.count;
        if (o.latency) out.latencies.push_back(std::max(engine::to_seconds(*o.latency), kLatencyFloor_s));
    }
    for (const RequestRecord& r : run.records) {
        const auto g = group_of_slot.find({r.user, r.call});
        if (g == group_of_slot.end()) continue;
        const std::string status = status_label(r);
        // Compare causes only where the observation named one for this status.
        const std::string with_cause = status + "/" + std::string(to_string(r.cause));
        const bool named = any_cause && observed.count({g->second, with_cause});
        Outcomes& out = simulated[{g->second, named ? with_cause : status}];
        ++out.count;
        out.latencies.push_back(std::max(engine::to_seconds(r.latency()), kLatencyFloor_s));
    }
    double weighted = 0;
    std::size_t timed = 0;
    for (auto& [key, o] : observed) {
        const auto it = simulated.find(key);
        if (it == simulated.end()) continue;
        const std::uint64_t paired = std::min(o.count, it->second.count);
        a.matched += paired;
        if (!o.latencies.empty() && !it->second.latencies.empty()) {
            weighted += static_cast<double>(paired) * std::fabs(std::log(median(it->second.latencies) / median(o.latencies)));
            timed += paired;
        }
    }
    if (timed > 0) a.latency_error = weighted / static_cast<double>(timed);
    for (const LogEvidence& e : obs.evidence) {
        if (e.causes.empty()) continue;
        const bool produced = std::any_of(e.causes.begin(), e.causes.end(),
                                          [&](Cause c) { return run.by_cause[static_cast<std::size_t>(c)] > 0; });
        ++(produced ? a.evidence_supported : a.evidence_contradicted);
    }
    static_assert(kCauseCount <= 32);
    for (std::size_t c = 0; c < kCauseCount; ++c)
        if (run.by_cause[c] > 0) a.causes_produced |= std::uint32_t{1} << c;
    const std::size_t judged = a.evidence_supported + a.evidence_contradicted;
    a.distance = (1.0 - a.share()) + (a.latency_error < 0 ? 0.0 : kLatencyWeight * std::min(a.latency_error, 2.0) / 2.0) +
                 (judged ? kEvidenceWeight * static_cast<double>(a.evidence_contradicted) / static_cast<double>(judged) : 0.0);
    const std::size_t tolerable = std::max<std::size_t>(1, static_cast<std::size_t>(kTolerableShare * static_cast<double>(a.total)));
    a.reproduces = a.total > 0 && a.total - a.matched <= tolerable && 2 * a.matched > a.total && a.evidence_contradicted == 0;
    return a;
}

}  // namespace gatetune::sim::diagnosis
