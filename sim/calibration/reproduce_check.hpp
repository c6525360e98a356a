#pragma once
// Goodness of fit of the whole: the calibrated preset simulated, and its latency p50/p90/p99 and
// status mix set against the logs'. A quantile passes within 10 % of the logs' value; a status's
// share passes within 10 % of its share in the logs or 1 percentage point, whichever is looser
// (a 0.2 % status cannot be matched to 10 % of itself with a few thousand simulated requests).
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/calibration/calibration.hpp"
#include "sim/config.hpp"

namespace gatetune::sim::calibration {

struct ReproduceRow {
    std::string quantity;   // "latency p50", "status 429"
    double logs = 0;        // s or share
    double simulated = 0;
    double tolerance = 0;   // absolute, same unit
    bool is_share = false;
    bool pass() const { return std::fabs(simulated - logs) <= tolerance; }
};

struct ReproduceCheck {
    std::vector<ReproduceRow> rows;
    std::uint64_t simulated_requests = 0;
    double simulated_seconds = 0;  // the simulated span (the log's, capped)
    bool pass() const;
};

inline constexpr double kReproduceTolerance = 0.10;
// The check simulates at most this many requests' worth of the log's span.
inline constexpr double kReproduceRequests = 20'000;

ReproduceCheck reproduce_check(const Calibration& c, const Config& calibrated);

}  // namespace gatetune::sim::calibration
