#pragma once
// A ValidationReport for people (aligned tables, the explanation of every rule that fired) and
// for machines (JSON). VALIDATION.md, the exported record, is written by sim/export.
#include <ostream>

#include <nlohmann/json.hpp>

#include "sim/validation/validate.hpp"

namespace gatetune::sim::validation {

void write_validation_text(std::ostream& out, const ValidationReport& r);

// { preset, hash, version, valid, verdict, counts {error, warning, info},
//   findings: [{rule, name, severity, message, keys, explanation, model_ref}],
//   slo_configured, runs: [{seed, requests, error_rate, p50_s, p99_s, passed,
//                          checks: [{name, measured, limit, unit, passed}]}] }
nlohmann::json validation_json(const ValidationReport& r);

// "3/3 passed", "p99 12.3 s > 10 s; max_error_rate 0.02 > 0" or "nothing checked".
std::string slo_summary(const SeedRun& run);

}  // namespace gatetune::sim::validation
