#include "engine/distribution.hpp"

#include "engine/detmath.hpp"
#include "engine/special_functions.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>

namespace gatetune::engine {
namespace {

// Normal and lognormal are truncated by resampling; below this mass the loop would get long.
constexpr double kMinRejectionMass = 0.01;
// Unreachable in practice: with >= 1 % acceptance, 10^4 straight rejections have p < 1e-43.
constexpr int kMaxRejections = 10000;

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// Shortest round-trip decimal: locale-independent, so describe() is identical everywhere.
std::string fmt(double v) {
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, result.ptr);
}

// Three significant digits, for derived numbers such as percentages in messages.
std::string fmt3(double v) {
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 3);
    return std::string(buf, result.ptr);
}

std::string fmt(std::size_t v) {
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, result.ptr);
}

[[noreturn]] void fail(std::string message) { throw std::invalid_argument(std::move(message)); }

void require_finite(std::string_view kind, std::string_view name, double v) {
    if (!std::isfinite(v)) {
        fail(std::string(kind) + ": " + std::string(name) + " (" + fmt(v) + ") must be finite");
    }
}

void require_positive(std::string_view kind, std::string_view name, double v) {
    if (!(std::isfinite(v) && v > 0.0)) {
        fail(std::string(kind) + ": " + std::string(name) + " (" + fmt(v) +
             ") must be positive and finite");
    }
}

// Standard normal sample by Marsaglia's polar method. The second variate of each accepted pair is
// discarded on purpose: caching it would make a sample depend on the previous call.
double standard_normal(Rng& rng) {
    while (true) {
        const double u = 2.0 * rng.uniform01() - 1.0;
        const double v = 2.0 * rng.uniform01() - 1.0;
        const double s = u * u + v * v;
        if (s >= 1.0 || s == 0.0) continue;
        return u * det_sqrt(-2.0 * det_log(s) / s);
    }
}

// Gamma(shape, 1) by Marsaglia and Tsang's squeeze method (2000); shape < 1 through
// Gamma(shape + 1) · U^(1/shape).
double standard_gamma(double shape, Rng& rng) {
    if (shape < 1.0) return standard_gamma(shape + 1.0, rng) * det_pow(rng.uniform_open01(), 1.0 / shape);
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / det_sqrt(9.0 * d);
    while (true) {
        const double z = standard_normal(rng);
        const double v1 = 1.0 + c * z;
        if (v1 <= 0.0) continue;
        const double v = v1 * v1 * v1;
        const double u = rng.uniform_open01();
        if (u < 1.0 - 0.0331 * z * z * z * z) return d * v;
        if (det_log(u) < 0.5 * z * z + d * (1.0 - v + det_log(v))) return d * v;
    }
}

// Type-7 sample quantile: linear interpolation between order statistics at position u * (n - 1).
double empirical_quantile(const std::vector<double>& s, double u) {
    const std::size_t n = s.size();
    if (n == 1) return s[0];
    const double pos = u * static_cast<double>(n - 1);
    const auto i = static_cast<std::size_t>(pos);
    if (i >= n - 1) return s[n - 1];
    const double frac = pos - static_cast<double>(i);
    return s[i] + frac * (s[i + 1] - s[i]);
}

double empirical_cdf(const std::vector<double>& s, double x) {
    const std::size_t n = s.size();
    if (x < s[0]) return 0.0;
    if (x >= s[n - 1]) return 1.0;
    // Largest i with s[i] <= x; then s[i] <= x < s[i + 1].
    const auto i = static_cast<std::size_t>(std::upper_bound(s.begin(), s.end(), x) - s.begin()) - 1;
    const double frac = (x - s[i]) / (s[i + 1] - s[i]);
    return (static_cast<double>(i) + frac) / static_cast<double>(n - 1);
}

// E[X ; X <= cap] for the piecewise-uniform distribution behind empirical_quantile: each gap
// between consecutive order statistics holds mass 1/(n-1), spread uniformly.
double empirical_partial_mean(const std::vector<double>& s, double cap) {
    const std::size_t n = s.size();
    if (n == 1) return s[0] <= cap ? s[0] : 0.0;
    double total = 0.0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const double a = s[i], b = s[i + 1];
        if (b <= cap) {
            total += 0.5 * (a + b);
        } else {
            if (a < cap) total += (cap - a) / (b - a) * 0.5 * (a + cap);
            break;
        }
    }
    return total / static_cast<double>(n - 1);
}

}  // namespace

Distribution Distribution::constant(double value) {
    require_finite("constant", "value", value);
    return Distribution(Constant{value});
}

Distribution Distribution::uniform(double lo, double hi) {
    require_finite("uniform", "lo", lo);
    require_finite("uniform", "hi", hi);
    if (lo > hi) fail("uniform: lo (" + fmt(lo) + ") must not exceed hi (" + fmt(hi) + ")");
    return Distribution(Uniform{lo, hi});
}

Distribution Distribution::exponential(double mean) {
    require_positive("exponential", "mean", mean);
    return Distribution(Exponential{mean});
}

Distribution Distribution::normal(double mean, double stddev) {
    require_finite("normal", "mean", mean);
    require_positive("normal", "stddev", stddev);
    return Distribution(Normal{mean, stddev});
}

Distribution Distribution::lognormal(double mu, double sigma) {
    require_finite("lognormal", "mu", mu);
    require_positive("lognormal", "sigma", sigma);
    return Distribution(LogNormal{mu, sigma, LogNormal::Form::MuSigma, mu, sigma});
}

Distribution Distribution::lognormal_from_median_p99(double median, double p99) {
    require_positive("lognormal", "median", median);
    require_positive("lognormal", "p99", p99);
    if (!(p99 > median)) {
        fail("lognormal: p99 (" + fmt(p99) + ") must be greater than median (" + fmt(median) + ")");
    }
    const double sigma = det_log(p99 / median) / kZ99;
    return Distribution(
        LogNormal{det_log(median), sigma, LogNormal::Form::MedianP99, median, p99});
}

Distribution Distribution::lognormal_from_mean_stddev(double mean, double stddev) {
    require_positive("lognormal", "mean", mean);
    require_positive("lognormal", "stddev", stddev);
    const double cv = stddev / mean;
    const double sigma2 = det_log(1.0 + cv * cv);
    return Distribution(LogNormal{det_log(mean) - 0.5 * sigma2, det_sqrt(sigma2),
                                  LogNormal::Form::MeanStddev, mean, stddev});
}

Distribution Distribution::pareto(double scale, double shape) {
    require_positive("pareto", "scale", scale);
    require_positive("pareto", "shape", shape);
    return Distribution(Pareto{scale, shape});
}

Distribution Distribution::gamma(double shape, double scale) {
    require_positive("gamma", "shape", shape);
    require_positive("gamma", "scale", scale);
    return Distribution(Gamma{shape, scale});
}

Distribution Distribution::weibull(double shape, double scale) {
    require_positive("weibull", "shape", shape);
    require_positive("weibull", "scale", scale);
    return Distribution(Weibull{shape, scale});
}

Distribution Distribution::empirical(std::vector<double> samples) {
    if (samples.empty()) fail("empirical: needs at least one sample");
    for (std::size_t i = 0; i < samples.size(); ++i) {
        if (!std::isfinite(samples[i])) {
            fail("empirical: sample " + fmt(i) + " (" + fmt(samples[i]) + ") must be finite");
        }
    }
    std::sort(samples.begin(), samples.end());
    return Distribution(Empirical{std::move(samples)});
}

Distribution Distribution::truncated(double cap) const {
    if (std::isnan(cap)) fail("truncated: cap must not be NaN");
    if (cap_ && *cap_ <= cap) return *this;
    const double mass = cdf_uncapped(cap);
    const bool rejection = std::holds_alternative<Normal>(params_) || std::holds_alternative<LogNormal>(params_) ||
                           std::holds_alternative<Gamma>(params_);
    if (!(mass > 0.0) || (rejection && mass < kMinRejectionMass)) {
        Distribution uncapped = *this;
        uncapped.cap_.reset();
        fail("truncated: cap (" + fmt(cap) + ") keeps only " + fmt3(mass * 100.0) + "% of " +
             uncapped.describe() + (rejection ? "; at least 1% is required" : ""));
    }
    Distribution result = *this;
    if (mass >= 1.0 && std::isinf(cap)) {
        result.cap_.reset();
        result.cap_mass_ = 1.0;
        return result;
    }
    result.cap_ = cap;
    result.cap_mass_ = mass;
    return result;
}

double Distribution::sample_uncapped(Rng& rng) const {
    return std::visit(
        Overloaded{
            [](const Constant& d) { return d.value; },
            [&](const Uniform& d) { return d.lo + (d.hi - d.lo) * rng.uniform01(); },
            [&](const Exponential& d) { return 0.0 - d.mean * det_log(rng.uniform_open01()); },
            [&](const Normal& d) { return d.mean + d.stddev * standard_normal(rng); },
            [&](const LogNormal& d) { return det_exp(d.mu + d.sigma * standard_normal(rng)); },
            [&](const Pareto& d) {
                // Inverse CDF with U in (0, 1) standing in for 1 - U (same distribution).
                return d.scale * det_pow(rng.uniform_open01(), -1.0 / d.shape);
            },
            [&](const Gamma& d) { return d.scale * standard_gamma(d.shape, rng); },
            [&](const Weibull& d) { return d.scale * det_pow(0.0 - det_log(rng.uniform_open01()), 1.0 / d.shape); },
            [&](const Empirical& d) { return empirical_quantile(d.sorted, rng.uniform01()); },
        },
        params_);
}

double Distribution::sample(Rng& rng) const {
    if (!cap_) return sample_uncapped(rng);
    const double cap = *cap_;
    const double mass = cap_mass_;
    // Inverse-CDF kinds draw U uniform on [0, F(cap)) and invert: exact, one draw per sample.
    return std::visit(
        Overloaded{
            [](const Constant& d) { return d.value; },
            [&](const Uniform& d) {
                return d.lo + (std::min(d.hi, cap) - d.lo) * rng.uniform01();
            },
            [&](const Exponential& d) {
                // 0.0 - ... rather than negation: U = 0 must give +0, not -0.
                return 0.0 - d.mean * det_log(1.0 - mass * rng.uniform01());
            },
            [&](const Pareto& d) {
                return d.scale * det_pow(1.0 - mass * rng.uniform01(), -1.0 / d.shape);
            },
            [&](const Weibull& d) {
                return d.scale * det_pow(0.0 - det_log(1.0 - mass * rng.uniform01()), 1.0 / d.shape);
            },
            [&](const Empirical& d) { return empirical_quantile(d.sorted, mass * rng.uniform01()); },
            [&](const auto&) {  // Normal, LogNormal, Gamma: no closed-form inverse CDF, so resample
                for (int attempt = 0; attempt < kMaxRejections; ++attempt) {
                    const double x = sample_uncapped(rng);
                    if (x <= cap) return x;
                }
                return cap;
            },
        },
        params_);
}

double Distribution::cdf_uncapped(double x) const {
    return std::visit(
        Overloaded{
            [&](const Constant& d) { return x >= d.value ? 1.0 : 0.0; },
            [&](const Uniform& d) {
                if (x >= d.hi) return 1.0;
                if (x <= d.lo) return 0.0;
                return (x - d.lo) / (d.hi - d.lo);
            },
            [&](const Exponential& d) { return x <= 0.0 ? 0.0 : 1.0 - det_exp(-x / d.mean); },
            [&](const Normal& d) { return det_normal_cdf((x - d.mean) / d.stddev); },
            [&](const LogNormal& d) {
                return x <= 0.0 ? 0.0 : det_normal_cdf((det_log(x) - d.mu) / d.sigma);
            },
            [&](const Pareto& d) {
                return x <= d.scale ? 0.0 : 1.0 - det_pow(d.scale / x, d.shape);
            },
            [&](const Gamma& d) { return x <= 0.0 ? 0.0 : det_gamma_p(d.shape, x / d.scale); },
            [&](const Weibull& d) { return x <= 0.0 ? 0.0 : 1.0 - det_exp(-det_pow(x / d.scale, d.shape)); },
            [&](const Empirical& d) { return empirical_cdf(d.sorted, x); },
        },
        params_);
}

double Distribution::cdf(double x) const {
    if (!cap_) return cdf_uncapped(x);
    if (x >= *cap_) return 1.0;
    return cdf_uncapped(x) / cap_mass_;
}

double Distribution::mean() const {
    const bool capped = cap_.has_value();
    const double c = capped ? *cap_ : kInf;
    const double mass = cap_mass_;
    return std::visit(
        Overloaded{
            [](const Constant& d) { return d.value; },
            [&](const Uniform& d) { return 0.5 * (d.lo + std::min(d.hi, c)); },
            [&](const Exponential& d) {
                if (!capped) return d.mean;
                // E[X | X <= c] = m - c e^{-c/m} / (1 - e^{-c/m})
                return d.mean - c * det_exp(-c / d.mean) / mass;
            },
            [&](const Normal& d) {
                if (!capped) return d.mean;
                // E[X | X <= c] = mu - sigma phi(b) / Phi(b), b = (c - mu) / sigma
                constexpr double kInvSqrt2Pi = 3.98942280401432677940e-01;
                const double b = (c - d.mean) / d.stddev;
                return d.mean - d.stddev * kInvSqrt2Pi * det_exp(-0.5 * b * b) / mass;
            },
            [&](const LogNormal& d) {
                const double full = det_exp(d.mu + 0.5 * d.sigma * d.sigma);
                if (!capped) return full;
                // E[X | X <= c] = e^{mu + sigma^2/2} Phi((ln c - mu - sigma^2) / sigma) / Phi(...)
                const double z = (det_log(c) - d.mu - d.sigma * d.sigma) / d.sigma;
                return full * det_normal_cdf(z) / mass;
            },
            [&](const Pareto& d) {
                if (!capped) return d.shape > 1.0 ? d.shape * d.scale / (d.shape - 1.0) : kInf;
                // Integral of x * alpha xm^alpha x^{-alpha-1} over [xm, c], over F(c).
                const double ratio = c / d.scale;
                const double partial =
                    d.shape == 1.0
                        ? d.scale * det_log(ratio)
                        : d.shape * d.scale / (1.0 - d.shape) * (det_pow(ratio, 1.0 - d.shape) - 1.0);
                return partial / mass;
            },
            [&](const Gamma& d) {
                // E[X; X <= c] = shape · scale · P(shape + 1, c / scale)
                const double full = d.shape * d.scale;
                return capped ? full * det_gamma_p(d.shape + 1.0, c / d.scale) / mass : full;
            },
            [&](const Weibull& d) {
                // E[X; X <= c] = scale · Γ(1 + 1/k) · P(1 + 1/k, (c / scale)^k)
                const double a = 1.0 + 1.0 / d.shape;
                const double full = d.scale * det_exp(det_lgamma(a));
                return capped ? full * det_gamma_p(a, det_pow(c / d.scale, d.shape)) / mass : full;
            },
            [&](const Empirical& d) { return empirical_partial_mean(d.sorted, c) / mass; },
        },
        params_);
}

std::string_view Distribution::kind_name() const noexcept {
    return std::visit(Overloaded{
                          [](const Constant&) { return std::string_view("constant"); },
                          [](const Uniform&) { return std::string_view("uniform"); },
                          [](const Exponential&) { return std::string_view("exponential"); },
                          [](const Normal&) { return std::string_view("normal"); },
                          [](const LogNormal&) { return std::string_view("lognormal"); },
                          [](const Pareto&) { return std::string_view("pareto"); },
                          [](const Gamma&) { return std::string_view("gamma"); },
                          [](const Weibull&) { return std::string_view("weibull"); },
                          [](const Empirical&) { return std::string_view("empirical"); },
                      },
                      params_);
}

std::string Distribution::describe() const {
    std::string args = std::visit(
        Overloaded{
            [](const Constant& d) { return "value=" + fmt(d.value); },
            [](const Uniform& d) { return "lo=" + fmt(d.lo) + ", hi=" + fmt(d.hi); },
            [](const Exponential& d) { return "mean=" + fmt(d.mean); },
            [](const Normal& d) { return "mean=" + fmt(d.mean) + ", stddev=" + fmt(d.stddev); },
            [](const LogNormal& d) {
                switch (d.form) {
                    case LogNormal::Form::MedianP99:
                        return "median=" + fmt(d.given_a) + ", p99=" + fmt(d.given_b);
                    case LogNormal::Form::MeanStddev:
                        return "mean=" + fmt(d.given_a) + ", stddev=" + fmt(d.given_b);
                    case LogNormal::Form::MuSigma:
                        break;
                }
                return "mu=" + fmt(d.mu) + ", sigma=" + fmt(d.sigma);
            },
            [](const Pareto& d) { return "scale=" + fmt(d.scale) + ", shape=" + fmt(d.shape); },
            [](const Gamma& d) { return "shape=" + fmt(d.shape) + ", scale=" + fmt(d.scale); },
            [](const Weibull& d) { return "shape=" + fmt(d.shape) + ", scale=" + fmt(d.scale); },
            [](const Empirical& d) {
                return "n=" + fmt(d.sorted.size()) + ", min=" + fmt(d.sorted.front()) +
                       ", max=" + fmt(d.sorted.back());
            },
        },
        params_);
    if (cap_) args += ", cap=" + fmt(*cap_);
    return std::string(kind_name()) + "(" + args + ")";
}

}  // namespace gatetune::engine
