#pragma once
// The simulator against the recorded runs of the real stack (tests/data/conformance/, recorded by
// scripts/conformance.sh): one run reduced to the compared quantities, both sides averaged, and
// each quantity judged by the tolerances of docs/FIDELITY.md. bench/conformance/compare.py applies
// the same rules when it writes that table; change both together.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "sim/run_result.hpp"

namespace gatetune::testing {

enum class QuantityKind { Count, P50, P90, P99, Attempts, Events };

struct Quantity {
    std::string name;  // "status 500", "cause db_pool_timeout", "call 2 ReadError", "p90", "worker_boots"
    QuantityKind kind;
    double value;
};

struct ComparedQuantity {
    std::string name;
    QuantityKind kind;
    double real = 0;  // mean over the recorded runs
    double sim = 0;   // mean over the simulated seeds
    bool within = false;
};

// A recorded run (one element of a scenario file's "runs") and a simulated one, reduced alike.
std::vector<Quantity> quantities(const nlohmann::json& recorded);
std::vector<Quantity> quantities(const sim::RunResult& simulated);

// Tolerances: counts ±1 request or 10 %; p50/p90 15 % (p99 30 %), or 5 ms; mean attempts ±0.1;
// worker boots, timeouts and PostgreSQL refusals ±1.
bool within_tolerance(QuantityKind kind, double real, double sim);

// Every quantity either side has (a missing one counts 0), in first-seen order.
std::vector<ComparedQuantity> compare(const std::vector<std::vector<Quantity>>& real,
                                      const std::vector<std::vector<Quantity>>& sim);

}  // namespace gatetune::testing
