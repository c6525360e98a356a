#include "sim/diagnosis/discriminate.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "sim/diagnosis/status_summary.hpp"
#include "sim/stack.hpp"

namespace gatetune::sim::diagnosis {

namespace {

struct Variant {
    const char* label;
    std::function<void(WorkloadConfig&)> change;
};

// Each separates a kind of mechanism from another: a transient fault from a standing limit
// (replayed later), a token budget from a request count (fewer tokens), a rate from a capacity
// (slower pacing).
const std::vector<Variant>& variants() {
    static const std::vector<Variant> v{
        {"the same calls again, 2 minutes later",
         [](WorkloadConfig& w) {
             for (auto& s : w.sessions) s.start += 120;
         }},
        {"the same calls with a quarter of the tokens",
         [](WorkloadConfig& w) {
             for (auto& s : w.sessions)
                 for (auto& c : s.calls) {
                     c.input_tokens = std::max(1, c.input_tokens / 4);
                     c.output_tokens = std::max(1, c.output_tokens / 4);
                 }
             w.calls.clear();
         }},
        {"the same calls, 30 s apart",
         [](WorkloadConfig& w) {
             for (auto& s : w.sessions)
                 for (auto& p : s.pause_after) p = std::max(p, 30.0);
         }},
    };
    return v;
}

}  // namespace

std::vector<Prediction> discriminate(const Config& base, const std::vector<Candidate>& hypotheses) {
    std::vector<Prediction> out;
    for (const Variant& v : variants()) {
        Config varied = base;
        varied.simulation.record_requests = false;
        v.change(varied.workload);
        Prediction p{v.label, {}, false};
        for (const Candidate& c : hypotheses) p.outcomes.push_back(status_summary(simulate(apply_candidate(varied, c)).by_status));
        p.separates = std::any_of(p.outcomes.begin(), p.outcomes.end(), [&](const std::string& o) { return o != p.outcomes.front(); });
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace gatetune::sim::diagnosis
