#pragma once
// The hypothesis catalogue: every failure mechanism the stack model has, as data. A mechanism is
// a simulator plus a prior over the parameters it frees (pyABC's "model"): `gatetune diagnose`
// fits each one to what was observed and ranks them. Adding a mechanism is adding a row in
// catalogue.cpp; nothing else in the search or the scoring names a mechanism.
#include <string>
#include <string_view>
#include <vector>

#include "sim/outcome.hpp"

namespace gatetune::sim::diagnosis {

// One freed parameter: the prior is uniform over [min, max] (over log values when `log`).
// `span` ranges are fractions of the observation's duration (an outage window's start).
struct Param {
    std::string_view name = {};  // placeholder in the mechanism's assignments: {name}
    std::string_view unit = {};  // for people: "tokens/min", "s"
    double min = 0;
    double max = 0;
    bool log = false;
    bool integer = false;
    bool span = false;
};

// A change that may remove the mechanism. `raise` names a monotone capacity key: the fix is its
// smallest value that makes the observed workload pass (found by bisection up to `raise_max`).
struct FixRow {
    std::string_view label = {};          // "honour 429 and its Retry-After"
    std::vector<std::string_view> sets = {};  // preset assignments ("http_client.retry_on_429=true")
    std::string_view raise = {};          // preset key, or ""
    double raise_max = 0;
};

struct Mechanism {
    std::string_view id = {};             // "upstream_tpm"; also what --suspect names
    std::string_view title = {};          // "upstream tokens-per-minute limit"
    // Preset assignments that switch the mechanism on, with {param} placeholders (a sum such as
    // {start+length} is allowed): "upstream.tpm={tpm}", "load_balancer.enabled=true".
    std::vector<std::string_view> sets = {};
    std::vector<Param> params = {};
    std::vector<Cause> causes = {};       // what it kills requests with
    std::string_view mechanism = {};      // one sentence: how the real component does it (docs/MODEL.md)
    std::vector<FixRow> fixes = {};
};

const std::vector<Mechanism>& catalogue();
const Mechanism* find_mechanism(std::string_view id);
// "upstream_tpm, upstream_rpm, …" for messages.
std::string mechanism_ids();

}  // namespace gatetune::sim::diagnosis
