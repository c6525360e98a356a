#include "sim/experiment/statistics.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace gatetune::sim::experiment {

double t_critical_95(std::size_t df) {
    // t_{0.975, df}, four decimals (any statistics table, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
    static constexpr std::array<double, 30> kTable = {
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
        2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
        2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
    if (df == 0) throw std::invalid_argument("t_critical_95: degrees of freedom must be at least 1");
    return df <= kTable.size() ? kTable[df - 1] : 1.96;
}

Estimate estimate(const std::vector<double>& values) {
    Estimate e;
    e.n = values.size();
    e.ci95 = std::numeric_limits<double>::quiet_NaN();
    if (values.empty()) return e;
    double sum = 0;
    for (const double v : values) sum += v;
    e.mean = sum / static_cast<double>(e.n);
    if (e.n < 2) return e;
    // Two passes: the textbook one-pass formula loses digits when the spread is tiny.
    double squares = 0;
    for (const double v : values) squares += (v - e.mean) * (v - e.mean);
    const double sd = std::sqrt(squares / static_cast<double>(e.n - 1));
    e.ci95 = t_critical_95(e.n - 1) * sd / std::sqrt(static_cast<double>(e.n));
    return e;
}

}  // namespace gatetune::sim::experiment
