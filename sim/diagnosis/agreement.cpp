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

Agreement agree(const Observation& obs, const Replay& replay, const RunResult& run) {
    Agreement a;
    a.total = obs.requests.size();
    std::map<std::pair<int, int>, const RequestRecord*> by_slot;
    for (const RequestRecord& r : run.records) by_slot[{r.user, r.call}] = &r;

    std::vector<double> errors;
    for (std::size_t i = 0; i < obs.requests.size(); ++i) {
        const ObservedRequest& o = obs.requests[i];
        const auto it = by_slot.find({replay.slot_of[i].user, replay.slot_of[i].call});
        if (it == by_slot.end()) continue;  // never sent within the simulated time
        const RequestRecord& s = *it->second;
        if (status_label(s) != o.status) continue;
        if (o.cause && *o.cause != s.cause) continue;
        ++a.matched;
        if (o.latency) {
            const double sim_s = std::max(engine::to_seconds(s.latency()), kLatencyFloor_s);
            const double obs_s = std::max(engine::to_seconds(*o.latency), kLatencyFloor_s);
            errors.push_back(std::fabs(std::log(sim_s / obs_s)));
        }
    }
    if (!errors.empty()) {
        auto mid = errors.begin() + static_cast<std::ptrdiff_t>(errors.size() / 2);
        std::nth_element(errors.begin(), mid, errors.end());
        a.latency_error = *mid;
    }
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
    a.reproduces = a.total > 0 && a.share() >= kReproduceShare && a.evidence_contradicted == 0;
    return a;
}

}  // namespace gatetune::sim::diagnosis
