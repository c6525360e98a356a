#include "engine/special_functions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/detmath.hpp"

namespace gatetune::engine {
namespace {

constexpr double kGammaNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kGammaHalfLog2Pi = 0.91893853320467274178;
// Below this the asymptotic series are shifted up by the recurrences: at 10 their first omitted
// term is below 1e-14.
constexpr double kGammaAsymptotic = 10.0;
constexpr int kGammaMaxIterations = 1000;
constexpr double kGammaEpsilon = 1e-16;

}  // namespace

double det_lgamma(double x) noexcept {
    if (!(x > 0.0)) return kGammaNaN;
    if (std::isinf(x)) return kInf;
    // ln Γ(x) = ln Γ(x + k) − ln(x (x+1) … (x+k−1)), then Stirling's series.
    double shift = 1.0;
    while (x < kGammaAsymptotic) {
        shift *= x;
        x += 1.0;
    }
    const double inv = 1.0 / x;
    const double inv2 = inv * inv;
    const double series =
        inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 * (1.0 / 1680.0 - inv2 * (1.0 / 1188.0 - inv2 * (691.0 / 360360.0))))));
    return (x - 0.5) * det_log(x) - x + kGammaHalfLog2Pi + series - det_log(shift);
}

double det_digamma(double x) noexcept {
    if (!(x > 0.0)) return kGammaNaN;
    double result = 0.0;
    while (x < kGammaAsymptotic) {  // ψ(x) = ψ(x + 1) − 1/x
        result -= 1.0 / x;
        x += 1.0;
    }
    const double inv2 = 1.0 / (x * x);
    return result + det_log(x) - 0.5 / x -
           inv2 * (1.0 / 12.0 - inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 * (1.0 / 132.0)))));
}

double det_trigamma(double x) noexcept {
    if (!(x > 0.0)) return kGammaNaN;
    double result = 0.0;
    while (x < kGammaAsymptotic) {  // ψ'(x) = ψ'(x + 1) + 1/x²
        result += 1.0 / (x * x);
        x += 1.0;
    }
    const double inv = 1.0 / x;
    const double inv2 = inv * inv;
    return result + inv + 0.5 * inv2 +
           inv * inv2 * (1.0 / 6.0 - inv2 * (1.0 / 30.0 - inv2 * (1.0 / 42.0 - inv2 * (1.0 / 30.0 - inv2 * (5.0 / 66.0)))));
}

double det_gamma_p(double a, double x) noexcept {
    if (!(a > 0.0) || std::isnan(x)) return kGammaNaN;
    if (x <= 0.0) return 0.0;
    if (std::isinf(x)) return 1.0;
    const double log_prefix = a * det_log(x) - x - det_lgamma(a);
    if (x < a + 1.0) {
        // Series: γ(a, x) = e^{−x} x^a Σ x^n / (a (a+1) … (a+n)).
        double term = 1.0 / a;
        double sum = term;
        double ap = a;
        for (int n = 0; n < kGammaMaxIterations; ++n) {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if (std::fabs(term) < std::fabs(sum) * kGammaEpsilon) break;
        }
        return std::min(1.0, sum * det_exp(log_prefix));
    }
    // Continued fraction for Γ(a, x) (modified Lentz), then P = 1 − Q.
    constexpr double kGammaTiny = 1e-300;
    double b = x + 1.0 - a;
    double c = 1.0 / kGammaTiny;
    double d = 1.0 / b;
    double h = d;
    for (int i = 1; i < kGammaMaxIterations; ++i) {
        const double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (std::fabs(d) < kGammaTiny) d = kGammaTiny;
        c = b + an / c;
        if (std::fabs(c) < kGammaTiny) c = kGammaTiny;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1.0) < kGammaEpsilon) break;
    }
    return std::max(0.0, 1.0 - det_exp(log_prefix) * h);
}

}  // namespace gatetune::engine
