#pragma once
// Two runs of one preset side by side — usually the simulation and the live run (`gatetune live`,
// the GUI's comparison view): counts by status and by cause, latency percentiles, and their
// differences, plus a verdict on whether the live run behaved as the model predicted.
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/run_result.hpp"

namespace gatetune::sim {

// One compared quantity: a count (requests by status or cause) or a latency in seconds.
struct ComparedValue {
    std::string name;      // "200", "db_pool_timeout", "p99"
    double left = 0;
    double right = 0;
    double difference() const { return right - left; }
    // right / left − 1; nullopt when left is 0 (no meaningful relative change).
    std::optional<double> relative() const;
};

struct Comparison {
    std::string left_label;   // "simulated"
    std::string right_label;  // "live"
    std::uint64_t left_requests = 0, right_requests = 0;
    double left_error_rate = 0, right_error_rate = 0;
    std::vector<ComparedValue> by_status;  // union of both runs' labels, in label order
    std::vector<ComparedValue> by_cause;   // causes seen in either run, in cause order
    std::vector<ComparedValue> latency;    // p50, p90, p99, max (s), all requests
};

Comparison compare_runs(const RunResult& left, const RunResult& right, std::string left_label = "simulated",
                        std::string right_label = "live");

// Aligned tables: requests and error rate, then status, cause and latency with both values, the
// difference and the relative difference.
void write_comparison_text(std::ostream& out, const Comparison& c);
nlohmann::json comparison_json(const Comparison& c);
// The inverse of comparison_json. Throws std::runtime_error naming the first missing or mistyped
// field, as `where` + its path (e.g. "comparison.right.requests").
Comparison comparison_from_json(const nlohmann::json& j, const std::string& where);

struct AgreementTolerance {
    double error_rate = 0.05;  // largest allowed |error-rate difference| (absolute share)
    double p50_ratio = 1.5;    // largest allowed max(p50s)/min(p50s)
    double cause_share = 0.1;  // a failing cause is "dominant" when it ends at least this share of requests
};

struct Agreement {
    bool agrees = true;
    std::vector<std::string> reasons;  // one sentence per failed criterion, empty when it agrees
};

// Same dominant failing causes, error rates and p50s within the tolerances.
Agreement check_agreement(const Comparison& c, const AgreementTolerance& tolerance = {});

}  // namespace gatetune::sim
