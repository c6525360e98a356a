#pragma once
// Mean and 95 % confidence interval of a figure measured over K replications (seeds). The
// interval uses Student's t for small K (the replications are few and their spread unknown),
// and the normal 1.96 beyond 30 degrees of freedom, where the two differ by under 4 %.
#include <cstddef>
#include <vector>

namespace gatetune::sim::experiment {

struct Estimate {
    double mean = 0;
    double ci95 = 0;        // half-width: the interval is mean ± ci95; NaN when n < 2
    std::size_t n = 0;      // replications

    bool has_interval() const noexcept { return n >= 2; }
};

// Two-sided 95 % critical value of Student's t with `df` degrees of freedom (df ≥ 1): the table
// for 1..30, 1.96 beyond.
double t_critical_95(std::size_t df);

// Sample mean and t-interval; values are summed in the given order, so the result does not
// depend on which thread produced which value. An empty input gives {0, NaN, 0}.
Estimate estimate(const std::vector<double>& values);

}  // namespace gatetune::sim::experiment
