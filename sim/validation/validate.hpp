#pragma once
// Simulation-backed validation: a configuration is *validated* for its preset when no rule
// reports an error and the simulation meets the preset's [slo] on each of K seeds
// (simulation.seed, +1, … +K−1). Runs without [slo] are reported but cannot fail.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/slo.hpp"
#include "sim/validation/finding.hpp"

namespace gatetune::sim::validation {

inline constexpr int kDefaultSeeds = 5;
inline constexpr int kMaxSeeds = 1000;

struct SeedRun {
    std::uint64_t seed = 0;
    std::uint64_t requests = 0;
    double error_rate = 0;
    double p50 = 0;  // s, all requests
    double p99 = 0;
    std::vector<SloCheck> checks;  // empty when the preset has no [slo]
    bool passed() const { return all_passed(checks); }
};

struct ValidationReport {
    std::string preset;   // Config::name
    std::string hash;     // preset_hash(config): which configuration this report is about
    std::string version;  // gatetune version
    std::vector<Finding> findings;
    std::vector<SeedRun> runs;
    bool slo_configured = false;

    int count(Severity s) const;
    bool slo_passed() const;
    bool valid() const { return count(Severity::Error) == 0 && slo_passed(); }
    // "valid", or what failed: "1 error (GT001); SLO failed on seeds 3, 5".
    std::string verdict() const;
};

// seeds in [1, kMaxSeeds]; throws std::invalid_argument otherwise.
ValidationReport validate(const Config& cfg, int seeds = kDefaultSeeds);

}  // namespace gatetune::sim::validation
