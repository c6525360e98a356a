#include "sim/calibration/family_fit.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "engine/detmath.hpp"
#include "engine/special_functions.hpp"

namespace gatetune::sim::calibration {
namespace {

using engine::det_exp;
using engine::det_log;
using engine::det_pow;
using engine::Distribution;

constexpr double kHalfLog2Pi = 0.91893853320467274178;
constexpr int kNewtonSteps = 100;

// Newton's method for a shape parameter k > 0: `step(k)` gives the function's value and slope at k;
// a step that would leave k > 0 halves k instead. Stops when k moves by less than 1e-12 of itself.
template <class ValueAndSlope>
double newton_positive(double k, ValueAndSlope step) {
    for (int i = 0; i < kNewtonSteps; ++i) {
        const auto [g, dg] = step(k);
        const double next = k - g / dg;
        const double moved = next > 0 ? next : k / 2;
        const bool done = std::fabs(moved - k) <= 1e-12 * k;
        k = moved;
        if (done) break;
    }
    return k;
}
constexpr double kKsCritical1pc = 1.63;  // √n · D at α = 1 % (Kolmogorov's limit distribution)

std::vector<double> positive(const std::vector<double>& sorted) {
    std::vector<double> out;
    out.reserve(sorted.size());
    for (const double x : sorted) {
        if (x > 0 && std::isfinite(x)) out.push_back(x);
    }
    return out;
}

double mean_log(const std::vector<double>& x) {
    double s = 0;
    for (const double v : x) s += det_log(v);
    return s / static_cast<double>(x.size());
}

double mean_of(const std::vector<double>& x) {
    double s = 0;
    for (const double v : x) s += v;
    return s / static_cast<double>(x.size());
}

std::string sig4(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 4);
    return std::string(buf, r.ptr);
}

}  // namespace

double ks_distance(const std::vector<double>& sorted, const Distribution& d) {
    const double n = static_cast<double>(sorted.size());
    double worst = 0;
    // Per run of equal values [i, j): the data's CDF steps from i/n to j/n there.
    for (std::size_t i = 0, j = 0; i < sorted.size(); i = j) {
        while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
        const double f = d.cdf(sorted[i]);
        worst = std::max({worst, std::fabs(static_cast<double>(j) / n - f), std::fabs(f - static_cast<double>(i) / n)});
    }
    return worst;
}

std::optional<FamilyFit> fit_lognormal(const std::vector<double>& sorted) {
    const std::vector<double> x = positive(sorted);
    if (x.size() < 2) return std::nullopt;
    const double mu = mean_log(x);
    double ss = 0;
    for (const double v : x) ss += (det_log(v) - mu) * (det_log(v) - mu);
    const double sigma = engine::det_sqrt(ss / static_cast<double>(x.size()));
    if (!(sigma > 0)) return std::nullopt;
    // ℓ/n = −mean(ln x) − ln σ − ½ ln 2π − ½ (the MLE's σ² is the mean squared deviation).
    FamilyFit f{Distribution::lognormal(mu, sigma), -mu - det_log(sigma) - kHalfLog2Pi - 0.5, 0};
    f.ks = ks_distance(x, f.distribution);
    return f;
}

std::optional<FamilyFit> fit_gamma(const std::vector<double>& sorted) {
    const std::vector<double> x = positive(sorted);
    if (x.size() < 2) return std::nullopt;
    const double m = mean_of(x);
    const double ml = mean_log(x);
    const double s = det_log(m) - ml;  // ≥ 0 by Jensen; 0 only for a constant sample
    if (!(s > 1e-12)) return std::nullopt;
    // Minka's starting point, then Newton on ln k − ψ(k) = s.
    double k = (3 - s + engine::det_sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
    k = newton_positive(k, [s](double shape) {
        return std::pair{det_log(shape) - engine::det_digamma(shape) - s, 1 / shape - engine::det_trigamma(shape)};
    });
    const double theta = m / k;
    // ℓ/n = (k − 1) mean(ln x) − mean(x)/θ − k ln θ − ln Γ(k)
    FamilyFit f{Distribution::gamma(k, theta), (k - 1) * ml - m / theta - k * det_log(theta) - engine::det_lgamma(k), 0};
    f.ks = ks_distance(x, f.distribution);
    return f;
}

std::optional<FamilyFit> fit_weibull(const std::vector<double>& sorted) {
    std::vector<double> x = positive(sorted);
    if (x.size() < 2) return std::nullopt;
    // On x / mean, so x^k stays in range whatever the unit.
    const double m = mean_of(x);
    for (double& v : x) v /= m;
    const double ml = mean_log(x);
    double var = 0;
    for (const double v : x) var += (det_log(v) - ml) * (det_log(v) - ml);
    var /= static_cast<double>(x.size());
    if (!(var > 1e-24)) return std::nullopt;
    // Newton on g(k) = Σ x^k ln x / Σ x^k − 1/k − mean(ln x); start from the log-variance
    // (π/√6 / sd(ln x) is exact in the limit).
    double k = 1.2825498301618641 / engine::det_sqrt(var);
    k = newton_positive(k, [&x, ml](double shape) {
        double a = 0, b = 0, c = 0;  // Σ x^k, Σ x^k ln x, Σ x^k ln² x
        for (const double v : x) {
            const double l = det_log(v);
            const double p = det_pow(v, shape);
            a += p;
            b += p * l;
            c += p * l * l;
        }
        return std::pair{b / a - 1 / shape - ml, (c * a - b * b) / (a * a) + 1 / (shape * shape)};
    });
    double a = 0;
    for (const double v : x) a += det_pow(v, k);
    const double lambda = det_pow(a / static_cast<double>(x.size()), 1 / k);
    // ℓ/n on the scaled data, then − ln m for the change of unit.
    const double ll = det_log(k) - k * det_log(lambda) + (k - 1) * ml - 1.0 - det_log(m);
    FamilyFit f{Distribution::weibull(k, lambda * m), ll, 0};
    for (double& v : x) v *= m;
    f.ks = ks_distance(x, f.distribution);
    return f;
}

Distribution empirical_percentiles(const std::vector<double>& sorted) {
    std::vector<double> q;
    const double n = static_cast<double>(sorted.size() - 1);
    for (int p = 0; p <= 100; ++p) {
        const double pos = p / 100.0 * n;
        const auto i = static_cast<std::size_t>(pos);
        const double frac = pos - static_cast<double>(i);
        q.push_back(i + 1 < sorted.size() ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted.back());
    }
    return Distribution::empirical(std::move(q));
}

double quantile_of(const Distribution& d, double p, double scale) {
    double lo = 0, hi = scale > 0 ? scale : 1.0;
    for (int i = 0; i < 200 && d.cdf(hi) < p; ++i) {
        lo = hi;
        hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-10 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        (d.cdf(mid) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

FitPoints fit_points(const std::vector<double>& sorted, const std::vector<FamilyFit>& candidates) {
    FitPoints out;
    const std::size_t n = sorted.size();
    if (n == 0) return out;
    const std::size_t k_count = std::min(n, kFitPoints);
    out.family_cdf.resize(candidates.size());
    out.family_quantile.resize(candidates.size());
    for (std::size_t k = 1; k <= k_count; ++k) {
        const double p = (static_cast<double>(k) - 0.5) / static_cast<double>(k_count);
        // The ⌈p·n⌉-th smallest value (1-based), computed in integers: ⌈(2k − 1)·n / 2K⌉.
        const std::size_t rank = std::max<std::size_t>(1, ((2 * k - 1) * n + 2 * k_count - 1) / (2 * k_count));
        const double x = sorted[rank - 1];
        const auto past = std::upper_bound(sorted.begin(), sorted.end(), x);
        out.p.push_back(p);
        out.x.push_back(x);
        out.data_cdf.push_back(static_cast<double>(past - sorted.begin()) / static_cast<double>(n));
        for (std::size_t c = 0; c < candidates.size(); ++c) {
            out.family_cdf[c].push_back(candidates[c].distribution.cdf(x));
            out.family_quantile[c].push_back(quantile_of(candidates[c].distribution, p, sorted[n / 2] > 0 ? sorted[n / 2] : 1.0));
        }
    }
    return out;
}

std::optional<QuantityFit> fit_quantity(const std::vector<double>& sorted) {
    QuantityFit q;
    const std::vector<double> x = positive(sorted);
    q.sample = x.size();
    q.non_positive = sorted.size() - x.size();
    if (x.size() < kMinSample) return std::nullopt;
    for (auto fit : {fit_lognormal(x), fit_gamma(x), fit_weibull(x)}) {
        if (fit) q.candidates.push_back(std::move(*fit));
    }
    q.ks_critical = kKsCritical1pc / std::sqrt(static_cast<double>(x.size()));
    if (q.candidates.empty()) {  // a constant sample
        q.chosen = Distribution::constant(x.front());
        return q;
    }
    std::stable_sort(q.candidates.begin(), q.candidates.end(),
                     [](const FamilyFit& a, const FamilyFit& b) { return a.log_likelihood > b.log_likelihood; });
    q.points = fit_points(x, q.candidates);
    q.chosen = q.candidates.front().distribution;
    q.chosen_ks = q.candidates.front().ks;
    if (q.chosen_ks > q.ks_critical) {
        q.empirical = true;
        q.chosen = empirical_percentiles(x);
        q.chosen_ks = ks_distance(x, q.chosen);
    }
    return q;
}

std::string short_describe(const Distribution& d) {
    using D = Distribution;
    const auto& p = d.params();
    if (const auto* l = std::get_if<D::LogNormal>(&p)) {
        return "lognormal(median=" + sig4(det_exp(l->mu)) + ", sigma=" + sig4(l->sigma) + ")";
    }
    if (const auto* g = std::get_if<D::Gamma>(&p)) return "gamma(shape=" + sig4(g->shape) + ", scale=" + sig4(g->scale) + ")";
    if (const auto* w = std::get_if<D::Weibull>(&p)) return "weibull(shape=" + sig4(w->shape) + ", scale=" + sig4(w->scale) + ")";
    if (const auto* e = std::get_if<D::Empirical>(&p)) {
        return "empirical(101 percentiles, median=" + sig4(e->sorted[e->sorted.size() / 2]) + ", max=" + sig4(e->sorted.back()) + ")";
    }
    if (const auto* c = std::get_if<D::Constant>(&p)) return "constant(" + sig4(c->value) + ")";
    return d.describe();
}

}  // namespace gatetune::sim::calibration
