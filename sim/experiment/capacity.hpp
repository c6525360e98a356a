#pragma once
// Capacity keys: sizes where a larger value only adds room (more workers, a bigger pool, more
// upstream slots) and never makes a request fail that would otherwise succeed — so "passes the
// SLO" can only switch from false to true as the value grows. tune bisects along these axes
// instead of trying every value; everything else (timeouts, enums, fractions) is searched as a
// grid. The one known exception — more DB connections than PostgreSQL's max_connections — is
// caught by the static rules before any simulation counts.
#include "sim/preset/config_schema.hpp"
#include "sim/experiment/axis.hpp"

namespace gatetune::sim::experiment {

bool is_capacity_key(const KeySpec& key);
// A --vary axis tune may bisect: a capacity key whose values are all on the monotone side
// (keys where 0 means "unlimited" are monotone only above 0).
bool is_monotone_axis(const Axis& axis);

}  // namespace gatetune::sim::experiment
