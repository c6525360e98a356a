#include "sim/experiment/pareto.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace gatetune::sim::experiment {

std::vector<std::size_t> pareto_front(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) throw std::invalid_argument("pareto_front: x and y differ in length");
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isnan(x[i]) && !std::isnan(y[i])) order.push_back(i);
    }
    // Cheapest first, and at equal x the best y first: then a point is on the front exactly when
    // its y is below every y before it.
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (x[a] != x[b]) return x[a] < x[b];
        if (y[a] != y[b]) return y[a] < y[b];
        return a < b;
    });
    std::vector<std::size_t> front;
    double best = std::numeric_limits<double>::infinity();
    for (const std::size_t i : order) {
        if (y[i] < best) {
            front.push_back(i);
            best = y[i];
        }
    }
    return front;
}

}  // namespace gatetune::sim::experiment
