#pragma once
// Keyword arguments of one exported Python call, one per line with its provenance comment.
#include <string>

#include "sim/export/bindings.hpp"

namespace gatetune::sim::exporting {

// "    pool_size=20,  # db_pool.pool_size — connections kept open per worker process\n" for every
// exported binding of `target`, each line starting with `indent`.
std::string python_keywords(const Config& cfg, Target target, const std::string& indent);

}  // namespace gatetune::sim::exporting
