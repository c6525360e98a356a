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

struct QuantityFit {
    std::vector<FamilyFit> candidates;  // lognormal, gamma, Weibull (those that could be fitted), best likelihood first
    engine::Distribution chosen;        // the best candidate, or empirical when it fails the KS test
    double chosen_ks = 0;
    bool empirical = false;
    double ks_critical = 0;             // 1.63 / √n: the KS test's 1 % critical value for this sample
    std::size_t sample = 0;             // values the fit used (> 0 only)
    std::size_t non_positive = 0;       // values ≤ 0 left out (the families live on x > 0)
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
