#include "sim/experiment/objective.hpp"

#include <cmath>
#include <cstdint>

#include "sim/experiment/capacity.hpp"

namespace gatetune::sim::experiment {
namespace {

bool in_first_parts(const KeySpec& k) {
    return k.key == "server.workers" || k.key == "db_pool.pool_size" || k.key == "db_pool.max_overflow" || k.key == "deployment.replicas";
}

double numeric(const KeySpec& k, const Config& c) {
    const Value v = k.get(c);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return 0;
}

// Lower is cheaper; NaN (an undefined expression) is dearer than anything.
int compare(double a, double b) {
    const bool na = std::isnan(a), nb = std::isnan(b);
    if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
    return a < b ? -1 : (b < a ? 1 : 0);
}

std::string key_list(const std::vector<const KeySpec*>& keys) {
    std::string out;
    for (const KeySpec* k : keys) out += (out.empty() ? "" : " + ") + std::string(k->key);
    return out;
}

}  // namespace

bool Cost::operator<(const Cost& other) const {
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (const int c = compare(parts[i], other.parts[i]); c != 0) return c < 0;
    }
    return rank < other.rank;
}

long long total_db_connections(const Config& c) {
    return static_cast<long long>(c.replicas) * c.server.workers * (c.db_pool.pool_size + c.db_pool.max_overflow);
}

Objective::Objective(const std::vector<Axis>& axes, std::optional<Expression> minimize) : minimize_(std::move(minimize)) {
    for (const Axis& a : axes) {
        if (a.key->type == KeyType::Duration && a.key->name().ends_with("timeout")) timeouts_.push_back(a.key);
        else if (is_capacity_key(*a.key) && !in_first_parts(*a.key)) capacities_.push_back(a.key);
    }
}

Cost Objective::cost(const Config& c, std::size_t rank) const {
    Cost cost;
    cost.rank = rank;
    cost.parts[0] = minimize_ ? minimize_->evaluate(c) : 0.0;
    cost.parts[1] = static_cast<double>(total_db_connections(c));
    cost.parts[2] = static_cast<double>(c.replicas) * c.server.workers;
    for (const KeySpec* k : timeouts_) cost.parts[3] += numeric(*k, c);
    for (const KeySpec* k : capacities_) cost.parts[4] += numeric(*k, c);
    return cost;
}

std::string Objective::describe() const {
    std::string out = minimize_ ? "smallest " + minimize_->text() + ", then fewest" : "fewest";
    out += " total DB connections (replicas × workers × (pool_size + max_overflow)), then fewest workers";
    if (!timeouts_.empty()) out += ", then smallest " + key_list(timeouts_);
    if (!capacities_.empty()) out += ", then smallest " + key_list(capacities_);
    return out;
}

}  // namespace gatetune::sim::experiment
