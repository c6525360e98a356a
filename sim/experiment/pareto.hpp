#pragma once
// The Pareto front of a sweep: the points no other point beats on both of two figures where
// lower is better (e.g. total DB connections and error rate) — the configurations worth choosing
// between; every other point is beaten on both by one of them.
#include <cstddef>
#include <vector>

namespace gatetune::sim::experiment {

// Indices (into x and y, which have the same length) of the front, in ascending x. A point is on
// it when no other point has x ≤ and y ≤ with one of them <; of equal points only the first
// (lowest index) is listed. Points with a NaN coordinate are never on it.
std::vector<std::size_t> pareto_front(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace gatetune::sim::experiment
