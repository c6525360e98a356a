#pragma once
// "What a candidate is" (kept apart from how candidates are proposed and how they are scored):
// one or two mechanisms of the catalogue with a value for each freed parameter, and the preset
// assignments that put it into a configuration.
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/diagnosis/catalogue.hpp"

namespace gatetune::sim::diagnosis {

struct Part {
    const Mechanism* mechanism = nullptr;
    std::vector<double> values;  // parallel to mechanism->params, absolute (span ranges resolved)
};
using Candidate = std::vector<Part>;

// A parameter's prior range in its own units; span-relative ranges scaled by the observation's
// duration (s).
struct Range {
    double lo = 0, hi = 0;
};
Range prior_range(const Param& p, double span_s);
// Position of v in the prior, 0..1 (over log values for log priors) — the metric the search and
// the prior mass use.
double to_unit(const Param& p, const Range& r, double v);
double from_unit(const Param& p, const Range& r, double u);

// "upstream.tpm=7400" … (each mechanism's sets with its values substituted).
std::vector<std::string> assignments(const Candidate& c);
// The base configuration with the candidate applied; throws PresetError when a value is refused.
Config apply_candidate(const Config& base, const Candidate& c);
// "upstream.tpm = 7,400" for people: the freed parameters only.
std::string describe(const Candidate& c);
// "upstream_tpm" or "upstream_tpm+upstream_rpm".
std::string candidate_id(const Candidate& c);
std::string candidate_title(const Candidate& c);
// A value as people read it: integers with thousands separators, else 3 significant digits.
std::string format_param(const Param& p, double v);

}  // namespace gatetune::sim::diagnosis
