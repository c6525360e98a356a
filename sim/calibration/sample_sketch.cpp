#include "sim/calibration/sample_sketch.hpp"

#include <algorithm>
#include <cmath>

namespace gatetune::sim::calibration {

double SampleSketch::cv() const noexcept {
    if (count_ < 2 || sum_ <= 0) return 0;
    const double n = static_cast<double>(count_);
    const double m = sum_ / n;
    const double var = std::max(0.0, sum2_ / n - m * m) * n / (n - 1);
    return std::sqrt(var) / m;
}

std::vector<double> SampleSketch::sorted_sample() const {
    std::vector<double> out = reservoir_.items();
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace gatetune::sim::calibration
