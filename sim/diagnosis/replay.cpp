#include "sim/diagnosis/replay.hpp"

#include <algorithm>
#include <map>

#include "engine/time.hpp"

namespace gatetune::sim::diagnosis {

namespace {

constexpr double kTimingNoise = 0.15;

struct Caller {
    std::vector<std::size_t> requests;  // indices into obs.requests, in sending order
};

// Callers in the order of their first request.
std::vector<Caller> group_callers(const Observation& obs) {
    const bool any_session = std::any_of(obs.requests.begin(), obs.requests.end(), [](const auto& r) { return r.session.has_value(); });
    const bool timed = std::all_of(obs.requests.begin(), obs.requests.end(), [](const auto& r) { return r.start.has_value(); });
    std::vector<Caller> callers;
    if (!any_session && !timed) {
        Caller one;
        for (std::size_t i = 0; i < obs.requests.size(); ++i) one.requests.push_back(i);
        callers.push_back(std::move(one));
    } else if (!any_session) {
        for (std::size_t i = 0; i < obs.requests.size(); ++i) callers.push_back(Caller{{i}});
    } else {
        std::map<std::string, std::size_t> index;
        for (std::size_t i = 0; i < obs.requests.size(); ++i) {
            const std::string key = obs.requests[i].session.value_or("(no session)");
            auto [it, fresh] = index.emplace(key, callers.size());
            if (fresh) callers.emplace_back();
            callers[it->second].requests.push_back(i);
        }
    }
    // Within a caller: by call index when every request has one, else as sorted (start, order).
    for (Caller& c : callers) {
        const bool numbered = std::all_of(c.requests.begin(), c.requests.end(), [&](std::size_t i) { return obs.requests[i].call.has_value(); });
        if (numbered)
            std::stable_sort(c.requests.begin(), c.requests.end(),
                             [&](std::size_t a, std::size_t b) { return *obs.requests[a].call < *obs.requests[b].call; });
    }
    return callers;
}

void assign_groups(const Observation& obs, const std::vector<Caller>& callers, Replay& replay) {
    replay.group_of.assign(obs.requests.size(), 0);
    const bool scripted = std::any_of(callers.begin(), callers.end(), [](const Caller& c) { return c.requests.size() > 1; });
    if (scripted) {
        for (const Caller& c : callers)
            for (std::size_t k = 0; k < c.requests.size(); ++k) {
                replay.group_of[c.requests[k]] = static_cast<int>(k);
                replay.groups = std::max(replay.groups, static_cast<int>(k) + 1);
            }
        return;
    }
    SimTime first = engine::kForever, last = 0;
    for (const auto& r : obs.requests)
        if (r.start) first = std::min(first, *r.start), last = std::max(last, *r.start);
    replay.groups = 1;
    if (first == engine::kForever || last <= first) return;
    replay.groups = kTimeGroups;
    for (std::size_t i = 0; i < obs.requests.size(); ++i) {
        const SimTime at = obs.requests[i].start.value_or(first) - first;
        replay.group_of[i] = std::min(kTimeGroups - 1, static_cast<int>(at * kTimeGroups / (last - first + 1)));
    }
}

}  // namespace

Replay plan_replay(const Observation& obs, Config& cfg) {
    Replay replay;
    replay.slot_of.resize(obs.requests.size());
    const auto callers = group_callers(obs);
    auto& w = cfg.workload;
    const std::vector<CallSpec> preset_calls = w.calls;
    std::size_t missing_tokens = 0;

    SimTime first = engine::kForever, last_end = 0;
    for (const auto& r : obs.requests) {
        if (r.start) first = std::min(first, *r.start);
        if (r.start && r.latency) last_end = std::max(last_end, *r.start + *r.latency);
    }
    if (first != engine::kForever && last_end > first) replay.observed_span_s = engine::to_seconds(last_end - first);

    std::vector<ReplayedSession> sessions;
    for (std::size_t u = 0; u < callers.size(); ++u) {
        ReplayedSession s;
        const auto& reqs = callers[u].requests;
        for (std::size_t k = 0; k < reqs.size(); ++k) {
            const ObservedRequest& r = obs.requests[reqs[k]];
            replay.slot_of[reqs[k]] = {static_cast<int>(u), static_cast<int>(k)};
            CallSpec call;
            const std::size_t script_index = static_cast<std::size_t>(r.call.value_or(static_cast<int>(k)));
            const CallSpec* fallback = preset_calls.empty() ? nullptr : &preset_calls[script_index % preset_calls.size()];
            if (!r.prompt_tokens || !r.completion_tokens) ++missing_tokens;
            call.input_tokens = r.prompt_tokens.value_or(fallback ? fallback->input_tokens : 1000);
            call.output_tokens = r.completion_tokens.value_or(fallback ? fallback->output_tokens : 100);
            call.input_tokens = std::max(call.input_tokens, 1);
            call.output_tokens = std::max(call.output_tokens, 1);
            s.calls.push_back(call);
            // The caller's own pause: from this response's end to its next request's start.
            double pause = 0;
            if (k + 1 < reqs.size()) {
                const ObservedRequest& next = obs.requests[reqs[k + 1]];
                // A gap within the timing noise of the answer (a tenth of its latency, clocks and
                // logging) is no pause: the caller sent its next call as soon as it had the answer.
                if (r.start && r.latency && next.start) {
                    const double gap = engine::to_seconds(*next.start - (*r.start + *r.latency));
                    pause = gap > kTimingNoise * engine::to_seconds(*r.latency) ? gap : 0.0;
                }
            }
            s.pause_after.push_back(pause);
        }
        const ObservedRequest& head = obs.requests[reqs.front()];
        s.start = head.start && first != engine::kForever ? engine::to_seconds(*head.start - first) : 0.0;
        sessions.push_back(std::move(s));
    }
    if (missing_tokens > 0)
        replay.notes.push_back(std::to_string(missing_tokens) + " of " + std::to_string(obs.requests.size()) +
                               " requests have no token counts: taken from the preset's workload.calls" +
                               (preset_calls.empty() ? " (empty: 1,000 prompt + 100 completion tokens)" : ""));

    assign_groups(obs, callers, replay);

    // One script shared by every caller keeps the report's per-call table.
    const bool same_script = std::all_of(sessions.begin(), sessions.end(), [&](const ReplayedSession& s) {
        return s.calls.size() == sessions.front().calls.size() &&
               std::equal(s.calls.begin(), s.calls.end(), sessions.front().calls.begin(),
                          [](const CallSpec& a, const CallSpec& b) { return a.input_tokens == b.input_tokens && a.output_tokens == b.output_tokens; });
    });
    w.kind = WorkloadKind::Sessions;
    w.users = static_cast<int>(sessions.size());
    w.repeats = 1;
    w.calls = same_script && !sessions.empty() ? sessions.front().calls : std::vector<CallSpec>{};
    w.sessions = std::move(sessions);
    return replay;
}

}  // namespace gatetune::sim::diagnosis
