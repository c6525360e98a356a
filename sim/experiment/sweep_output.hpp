#pragma once
// Sweep results for machines: one row (CSV) or object (JSON) per point with its parameters,
// requests, error rate overall and by cause, p50/p99, peak DB and HTTP connections — each as the
// mean and the 95 % CI half-width over the seeds (empty/null with one seed) — and whether the
// SLO held on every seed. Both formats carry what `gatetune merge` needs to check that shards
// belong together (preset, grid size, replications) and are written so that merging the shards'
// outputs gives the unsharded output byte for byte.
#include <ostream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/experiment/sweep.hpp"

namespace gatetune::sim::experiment {

enum class SweepFormat { Csv, Json };

// "csv" or "json"; false leaves `out` unchanged.
bool parse_sweep_format(std::string_view name, SweepFormat& out);

// Key order is part of the format (merge re-emits it unchanged), hence ordered_json.
nlohmann::ordered_json sweep_json(const SweepResult& r);
void write_sweep(std::ostream& out, const SweepResult& r, SweepFormat format);

// The cell text of a number: the shortest text that reads back as the same double ("7200",
// "0.125", "1e-05"); "" for NaN. Locale-independent.
std::string format_number(double v);

}  // namespace gatetune::sim::experiment
