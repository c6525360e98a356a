#pragma once
// What differs between two runs of the history (baseline vs current): the preset keys first,
// then the outcome — requests, error rate, latency, counts per cause and status, peaks. The
// headline figures are always listed so two equal runs still show what was compared.
#include <string>
#include <vector>

#include "sim/history/run_record.hpp"

namespace gatetune::sim::history {

struct Difference {
    enum class Kind { Parameter, Outcome };
    Kind kind = Kind::Outcome;
    std::string what;      // "db_pool.pool_size", "error rate", "cause db_pool_timeout"
    std::string baseline;  // as text, "" when absent
    std::string current;
    bool differs = true;
};

std::vector<Difference> compare_runs(const RunRecord& baseline, const RunRecord& current);

}  // namespace gatetune::sim::history
