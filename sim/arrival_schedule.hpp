#pragma once
// When the workload's callers send, and what: the open-loop Poisson schedule, trace rows and the
// pacing of scripted session users, drawn from the same named random streams whoever consumes
// them — the simulated Workload or the live load generator — so a preset sends the same calls at
// the same (preset) times in both.
#include <optional>
#include <vector>

#include "engine/random.hpp"
#include "engine/time.hpp"
#include "sim/config.hpp"
#include "sim/trace.hpp"

namespace gatetune::sim {

using engine::SimTime;

// One open-loop or trace request: sent at `at` on its own connection, whatever the responses do.
struct Arrival {
    SimTime at = 0;        // from the start of the run, preset time
    int api_key = 0;
    int call = -1;         // index in the script, -1 when the tokens were drawn or come from a trace
    int input_tokens = 0;
    int output_tokens = 0;
    bool stream = false;
};

// Rate in requests/s at time t: the last step at or before t, approached linearly over `ramp`.
double rate_at(const WorkloadConfig& w, double t);

// Non-homogeneous Poisson arrivals by thinning (Lewis & Shedler): candidates at the peak rate,
// each kept with probability rate(t)/peak. Candidates are integer microseconds apart (at least
// one), so the simulated clock and this schedule agree exactly.
class OpenLoopSchedule {
public:
    struct Candidate {
        SimTime at = 0;
        bool past_duration = false;    // the run's arrivals are over (the caller still reached `at`)
        std::optional<Arrival> arrival;  // empty: thinned out
    };

    OpenLoopSchedule(const WorkloadConfig& w, const engine::RngStreams& streams);
    // The next candidate; nullopt once a past-duration candidate was returned (or the rate is 0).
    std::optional<Candidate> next();

private:
    const WorkloadConfig& w_;
    engine::Rng arrivals_;
    engine::Rng tokens_;
    double peak_ = 0;
    SimTime now_ = 0;
    std::size_t next_call_ = 0;
    std::uint64_t accepted_ = 0;
    bool over_ = false;
};

// Every open-loop arrival of the run, in time order (the live generator plans the whole run).
std::vector<Arrival> open_loop_arrivals(const WorkloadConfig& w, const engine::RngStreams& streams);

// Trace rows as arrivals: sent at t × time_scale; rows without an api_key take keys round robin.
std::vector<Arrival> trace_arrivals(const WorkloadConfig& w, const std::vector<TraceRow>& rows);

// The API key a session user calls with: users share workload.api_keys keys round robin.
int session_api_key(const WorkloadConfig& w, int user);

// A session user's waits, from the user's own stream ("user", index): the start offset, then a
// think time after every call. nullopt = no wait at all (not even a zero-length one), as the
// simulator's clock distinguishes the two.
class SessionPacing {
public:
    SessionPacing(const WorkloadConfig& w, const engine::RngStreams& streams, int user);
    // It keeps a reference to the workload: a temporary would dangle (found by ASan).
    SessionPacing(WorkloadConfig&&, const engine::RngStreams&, int) = delete;
    std::optional<SimTime> start_delay();
    std::optional<SimTime> think_time();

private:
    const WorkloadConfig& w_;
    engine::Rng rng_;
};

}  // namespace gatetune::sim
