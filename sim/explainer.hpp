#pragma once
// Collects the first failure of each cause — the request as it stood and the failing component's
// facts (sim/failure_facts.hpp) — and at the end of the run turns each into one sentence: which
// limit, how long the request waited, what held the resources (sim/explanations.cpp). Components
// ask wants() first, so facts that cost something to gather are gathered once per cause.
#include <array>
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/exchange.hpp"
#include "sim/failure_facts.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim {

// A failure as recorded: its cause, the request's record and what its handler was doing.
struct NotedFailure {
    Cause cause = Cause::Ok;
    RequestRecord rec;
    const char* activity = "";   // what the request's handler was doing
    SimTime activity_since = 0;
    bool stream = false;
    SimTime at = 0;              // when it failed
    facts::Fact fact;
};

class Explainer {
public:
    bool wants(Cause c) const { return c != Cause::Ok && !done_[static_cast<std::size_t>(c)]; }
    // The first failure of `cause` (later ones are ignored): `ex` as it stands at `now`.
    void note(Cause cause, const Exchange& ex, facts::Fact fact, SimTime now) {
        if (!wants(cause)) return;
        done_[static_cast<std::size_t>(cause)] = true;
        noted_.push_back({cause, ex.rec, ex.activity, ex.activity_since, ex.stream, now, std::move(fact)});
    }
    // One sentence per noted failure, in the order they happened.
    std::vector<Explanation> take(const Config& cfg);

private:
    std::array<bool, kCauseCount> done_{};
    std::vector<NotedFailure> noted_;
};

// The sentence for one noted failure.
std::string explain(const NotedFailure& n, const Config& cfg);

// printf-style formatting into a std::string (explanations are built rarely).
std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace gatetune::sim
