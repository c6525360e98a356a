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
// Per kind of observed failure the run never produces: ranks a candidate that produces the failure
// above one that merely matches the successes around it.
constexpr double kMissingFailureWeight = 0.2;

// The status part of an outcome label ("502", "500/upstream_rate_limited" → "500").
std::string status_of(const std::string& outcome) { return outcome.substr(0, outcome.find('/')); }
bool is_failure(const std::string& status) { return status.empty() || status.front() != '2'; }

// Failure statuses observed at least kFailureKindSeen times that the run never produced.
std::vector<std::string> failures_missing(const GroupedOutcomes& g) {
    std::map<std::string, std::size_t> observed, simulated;
    for (const auto& [key, o] : g.observed) observed[status_of(key.second)] += o.requests.size();
    for (const auto& [key, o] : g.simulated) simulated[status_of(key.second)] += o.requests.size();
    std::vector<std::string> missing;
    for (const auto& [status, n] : observed)
        if (is_failure(status) && n >= kFailureKindSeen && !simulated.count(status)) missing.push_back(status);
    return missing;
}

double median(std::vector<double> v) {
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

}  // namespace

GroupedOutcomes group_outcomes(const Observation& obs, const Replay& replay, const RunResult& run) {
    GroupedOutcomes g;
    std::map<std::pair<int, int>, int> group_of_slot;
    for (std::size_t i = 0; i < obs.requests.size(); ++i)
        group_of_slot[{replay.slot_of[i].user, replay.slot_of[i].call}] = replay.group_of[i];
    bool any_cause = false;
    for (std::size_t i = 0; i < obs.requests.size(); ++i) {
        const ObservedRequest& o = obs.requests[i];
        any_cause = any_cause || o.cause.has_value();
        OutcomeGroup& out = g.observed[{replay.group_of[i], o.status + (o.cause ? "/" + std::string(to_string(*o.cause)) : "")}];
        out.requests.push_back(i);
        if (o.latency) out.latencies_s.push_back(std::max(engine::to_seconds(*o.latency), kLatencyFloor_s));
    }
    for (std::size_t k = 0; k < run.records.size(); ++k) {
        const RequestRecord& r = run.records[k];
        const auto group = group_of_slot.find({r.user, r.call});
        if (group == group_of_slot.end()) continue;
        const std::string status = status_label(r);
        // Compare causes only where the observation named one for this status.
        const std::string with_cause = status + "/" + std::string(to_string(r.cause));
        const bool named = any_cause && g.observed.count({group->second, with_cause});
        OutcomeGroup& out = g.simulated[{group->second, named ? with_cause : status}];
        out.requests.push_back(k);
        out.latencies_s.push_back(std::max(engine::to_seconds(r.latency()), kLatencyFloor_s));
    }
    return g;
}

Agreement agree(const Observation& obs, const Replay& replay, const RunResult& run) {
    Agreement a;
    a.total = obs.requests.size();
    const GroupedOutcomes g = group_outcomes(obs, replay, run);
    double weighted = 0;
    std::size_t timed = 0;
    for (const auto& [key, o] : g.observed) {
        const auto it = g.simulated.find(key);
        if (it == g.simulated.end()) continue;
        const std::size_t paired = std::min(o.requests.size(), it->second.requests.size());
        a.matched += paired;
        if (!o.latencies_s.empty() && !it->second.latencies_s.empty()) {
            weighted += static_cast<double>(paired) * std::fabs(std::log(median(it->second.latencies_s) / median(o.latencies_s)));
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
    a.failures_missing = failures_missing(g);
    const std::size_t judged = a.evidence_supported + a.evidence_contradicted;
    a.distance = (1.0 - a.share()) + (a.latency_error < 0 ? 0.0 : kLatencyWeight * std::min(a.latency_error, 2.0) / 2.0) +
                 (judged ? kEvidenceWeight * static_cast<double>(a.evidence_contradicted) / static_cast<double>(judged) : 0.0) +
                 kMissingFailureWeight * static_cast<double>(a.failures_missing.size());
    const std::size_t tolerable = std::max<std::size_t>(1, static_cast<std::size_t>(kTolerableShare * static_cast<double>(a.total)));
    a.reproduces = a.total > 0 && a.total - a.matched <= tolerable && 2 * a.matched > a.total && a.evidence_contradicted == 0 &&
                   a.failures_missing.empty();
    return a;
}

}  // namespace gatetune::sim::diagnosis
