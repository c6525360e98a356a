#pragma once
// Which distribution family describes a sample best: lognormal, gamma and Weibull fitted by
// maximum likelihood and ranked by their log-likelihood (all have two parameters, so the
// likelihood compares them fairly), each with its Kolmogorov–Smirnov distance to the data.
// When even the best of them is farther from the data than the KS test's 1 % critical value,
// the empirical distribution (the data's percentiles) is used instead, and the report says so.
#include <optional>
#include <string>
#include <vector>

#include "engine/distribution.hpp"

namespace gatetune::sim::calibration {

struct FamilyFit {
    engine::Distribution distribution;
    double log_likelihood = 0;   // per sample value (comparable across sample sizes)
    double ks = 0;               // sup |F_fit − F_data|
};

// The points a fit's goodness-of-fit plots are drawn from, taken from its sample when fitted: at
// K = min(n, kFitPoints) probabilities p_k = (k − ½)/K (k = 1 … K), the sample's quantile x_k —
// its ⌈p_k·n⌉-th smallest value — and the data's CDF there, F_n(x_k) = #{x ≤ x_k}/n; per
// candidate family (in QuantityFit::candidates' order) its CDF at x_k (the CDF plot: data against
// family) and its quantile at p_k (the QQ plot: x_k against the family's quantile, on the
// diagonal when the family fits).
inline constexpr std::size_t kFitPoints = 100;
struct FitPoints {
    std::vector<double> p;
    std::vector<double> x;
    std::vector<double> data_cdf;
    std::vector<std::vector<double>> family_cdf;       // [candidate][k]
    std::vector<std::vector<double>> family_quantile;  // [candidate][k]
};

// `sorted`: ascending, the values the candidates were fitted to.
FitPoints fit_points(const std::vector<double>& sorted, const std::vector<FamilyFit>& candidates);

// The x with cdf(x) = p (0 < p < 1) of a continuous distribution on x > 0, by bisection to a
// relative 1e-10; `scale` is a value of the order of the distribution's (to bracket the root).
double quantile_of(const engine::Distribution& d, double p, double scale);

struct QuantityFit {
    std::vector<FamilyFit> candidates;  // lognormal, gamma, Weibull (those that could be fitted), best likelihood first
    engine::Distribution chosen;        // the best candidate, or empirical when it fails the KS test
    double chosen_ks = 0;
    bool empirical = false;
    double ks_critical = 0;             // 1.63 / √n: the KS test's 1 % critical value for this sample
    std::size_t sample = 0;             // values the fit used (> 0 only)
    std::size_t non_positive = 0;       // values ≤ 0 left out (the families live on x > 0)
    FitPoints points;                   // for the CDF and QQ plots (fit_points)
};

// Maximum-likelihood fits of each family to the positive values of `sorted` (ascending).
std::optional<FamilyFit> fit_lognormal(const std::vector<double>& sorted);
std::optional<FamilyFit> fit_gamma(const std::vector<double>& sorted);
std::optional<FamilyFit> fit_weibull(const std::vector<double>& sorted);

// KS distance between the sample (ascending) and a distribution.
double ks_distance(const std::vector<double>& sorted, const engine::Distribution& d);

// All three, ranked; nullopt when fewer than kMinSample positive values remain.
inline constexpr std::size_t kMinSample = 20;
std::optional<QuantityFit> fit_quantity(const std::vector<double>& sorted);

// The empirical distribution of a sample kept to its 101 percentiles (0, 1, …, 100 %), so a
// preset stays small whatever the sample size.
engine::Distribution empirical_percentiles(const std::vector<double>& sorted);

// "lognormal(mu=…, sigma=…)" with 4 significant digits, for reports.
std::string short_describe(const engine::Distribution& d);

}  // namespace gatetune::sim::calibration
