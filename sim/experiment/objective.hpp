#pragma once
// What tune minimises. The default is what an operator pays for: fewest DB connections in total
// (replicas × workers × (pool_size + max_overflow) — PostgreSQL's scarcest resource), then fewest
// worker processes (memory), then the smallest timeouts (a failure is noticed sooner), then the
// smallest other capacities. `--minimize EXPR` puts the expression first and keeps those as tie
// breaks. Costs are compared part by part; the grid position breaks the last tie, so the answer
// is unique.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/experiment/axis.hpp"
#include "sim/experiment/expression.hpp"

namespace gatetune::sim::experiment {

struct Cost {
    // expression (0 without --minimize), DB connections, workers, varied timeouts (sum),
    // other varied capacities (sum). NaN sorts last.
    std::array<double, 5> parts{};
    std::size_t rank = 0;  // position in the search grid

    bool operator<(const Cost& other) const;
};

class Objective {
public:
    Objective(const std::vector<Axis>& axes, std::optional<Expression> minimize);

    Cost cost(const Config& config, std::size_t rank) const;
    // "fewest total DB connections, then fewest workers, then smallest timeouts (…), …" for reports.
    std::string describe() const;
    const std::optional<Expression>& expression() const noexcept { return minimize_; }

private:
    std::optional<Expression> minimize_;
    std::vector<const KeySpec*> timeouts_;    // varied seconds keys named *timeout
    std::vector<const KeySpec*> capacities_;  // varied capacity keys not already in the first parts
};

// replicas × workers × (pool_size + max_overflow): the DB connections the stack may open.
long long total_db_connections(const Config& config);

}  // namespace gatetune::sim::experiment
