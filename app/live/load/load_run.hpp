#pragma once
// `gatetune load` as a library: the preset's workload sent for real to a gateway — scripted
// sessions, open-loop Poisson arrivals or a replayed trace, the same calls at the same (scaled)
// times as the simulator sends them — and every request folded into a sim::RunResult with mode
// "live", so the report writers, the SLO checks and sim-vs-live comparison read it unchanged.
//
// Open-loop and trace arrivals are sent at their scheduled instants, each on its own connection
// in its own coroutine, whatever the responses do (no coordinated omission); their latency is
// measured from the scheduled instant, so a late send counts against the request, not the
// schedule. One io_context thread drives everything.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/run_result.hpp"

namespace gatetune::live {

struct LoadProgress {
    double preset_seconds = 0;   // preset time since the start
    std::uint64_t sent = 0;      // calls started
    std::uint64_t done = 0;      // calls ended (any outcome)
    std::uint64_t errors = 0;    // ended with a cause other than ok
    std::int64_t in_flight = 0;
};

struct LoadOptions {
    std::string target;                 // "http://127.0.0.1:8080[/base]"
    std::vector<std::string> api_keys;  // at least one; preset key k sends api_keys[k mod n]
    double time_scale = 1.0;            // wall durations = preset durations × time_scale
    // Polled about every 50 ms of wall time; true ends the run: calls in flight are dropped
    // (not recorded), the result holds every call that ended.
    std::function<bool()> stop_requested;
    // Called about once per wall second.
    std::function<void(const LoadProgress&)> on_progress;
};

struct LoadOutcome {
    sim::RunResult result;
    bool interrupted = false;            // stop_requested ended it
    bool reached_max_time = false;       // simulation.max_time (preset time) ended it
    std::uint64_t unfinished = 0;        // calls in flight when it ended early, not in the result
    std::uint64_t cause_from_status = 0; // responses without a known x-gatetune-cause header
    std::uint64_t local_errors = 0;      // connects that failed on this machine (descriptors, ports)
    double max_send_lag_s = 0;           // wall seconds the latest arrival was sent after its instant
};

// Runs the whole workload and returns when every call has ended (or the run was stopped).
// Throws LoadInputError (app/live/load/load_target.hpp) for a bad target, no API key or a
// time_scale that is not positive, sim::TraceError for a bad trace file, and
// std::runtime_error when the target's host does not resolve.
LoadOutcome run_load(const sim::Config& cfg, const LoadOptions& options);

}  // namespace gatetune::live
