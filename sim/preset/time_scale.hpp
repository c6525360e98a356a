#pragma once
// Running a preset faster or slower than real time (`gatetune live --time-scale F`): every
// duration of the configuration — latencies, timeouts, think times, fault windows, the run's
// length — is multiplied by F and every rate divided by F, so a 40-second scenario runs in 4 s
// at F = 0.1 with the same queueing and the same timeouts firing in the same order. Which keys
// are durations and which are rates is read from the schema's units (sim/preset/config_schema.hpp), so a
// new seconds-valued key is scaled without touching this code.
#include "sim/config.hpp"
#include "sim/preset/config_schema.hpp"

namespace gatetune::sim {

// How a key's value changes when time is scaled by F.
enum class TimeDimension {
    None,         // counts, shares, factors, names: unchanged
    Seconds,      // × F (durations, distributions of seconds, seconds per token, trace time_scale)
    PerSecond,    // ÷ F (tokens/s, requests/s)
    PerMinute,    // ÷ F, kept an integer ≥ 1 (rpm/tpm limits); their bursts stay the same count
    RateSteps,    // [at, rate]: at × F, rate ÷ F
    Windows,      // [start, end, value]: start and end × F, the value (a factor) unchanged
};

TimeDimension time_dimension(const KeySpec& spec);

// The configuration with time scaled by `factor` (> 0 and finite; std::invalid_argument
// otherwise). Negative sentinel durations (pool_recycle = -1: disabled) and unset optional keys
// stay as they are. Limits per minute are rounded to whole requests or tokens, so a factor
// above 1 can make them slightly inexact; a factor whose inverse is an integer keeps them exact.
// A limiter bucket whose burst defaulted to its per-minute rate keeps the unscaled burst.
//
// The mock upstream's RPM/TPM buckets have no burst key (burst = the per-minute limit): a live
// upstream running on the scaled configuration should size its bursts as
// round(limit × factor), i.e. the preset's own per-minute limit.
Config scale_durations(const Config& cfg, double factor);

}  // namespace gatetune::sim
