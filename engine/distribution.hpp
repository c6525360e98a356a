#pragma once
// Value-type probability distributions for latencies, sizes and inter-arrival times.
//
// Every sampler is written out here (no std::*_distribution: their algorithms are unspecified
// and differ between standard libraries) and uses only det_* math, so a given Rng state yields
// the same bits everywhere. Values are in the caller's unit (seconds, tokens, ...); the caller
// converts. Factories validate their arguments and throw std::invalid_argument with a message
// naming the distribution and the offending value.
//
// truncated(cap) conditions any distribution on X <= cap (the mass above cap is redistributed,
// not piled up at cap, so no artificial spike lands on a timeout equal to cap). Inverse-CDF kinds
// stay one draw per sample; normal, lognormal and gamma resample, and truncated() refuses caps that keep
// less than 1 % of the mass so that loop stays short.

#include "engine/random.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gatetune::engine {

class Distribution {
public:
    struct Constant {
        double value = 0.0;
        friend bool operator==(const Constant&, const Constant&) = default;
    };
    struct Uniform {  // [lo, hi)
        double lo = 0.0;
        double hi = 0.0;
        friend bool operator==(const Uniform&, const Uniform&) = default;
    };
    struct Exponential {
        double mean = 0.0;
        friend bool operator==(const Exponential&, const Exponential&) = default;
    };
    struct Normal {
        double mean = 0.0;
        double stddev = 0.0;
        friend bool operator==(const Normal&, const Normal&) = default;
    };
    struct LogNormal {  // ln X ~ Normal(mu, sigma)
        // How the user specified it; kept only so describe() echoes their numbers back.
        enum class Form { MuSigma, MedianP99, MeanStddev };
        double mu = 0.0;
        double sigma = 0.0;
        Form form = Form::MuSigma;
        double given_a = 0.0;  // mu / median / mean
        double given_b = 0.0;  // sigma / p99 / stddev
        friend bool operator==(const LogNormal&, const LogNormal&) = default;
    };
    struct Pareto {  // P(X > x) = (scale / x)^shape for x >= scale
        double scale = 0.0;
        double shape = 0.0;
        friend bool operator==(const Pareto&, const Pareto&) = default;
    };
    struct Gamma {  // density ∝ x^(shape−1) e^(−x/scale)
        double shape = 0.0;
        double scale = 0.0;
        friend bool operator==(const Gamma&, const Gamma&) = default;
    };
    struct Weibull {  // P(X > x) = exp(−(x / scale)^shape)
        double shape = 0.0;
        double scale = 0.0;
        friend bool operator==(const Weibull&, const Weibull&) = default;
    };
    struct Empirical {  // piecewise-linear inverse CDF through the sorted samples
        std::vector<double> sorted;
        friend bool operator==(const Empirical&, const Empirical&) = default;
    };
    using Params = std::variant<Constant, Uniform, Exponential, Normal, LogNormal, Pareto, Gamma, Weibull, Empirical>;

    // z such that Phi(z) = 0.99.
    static constexpr double kZ99 = 2.3263478740408408;

    // Constant 0.
    Distribution() = default;

    static Distribution constant(double value);
    static Distribution uniform(double lo, double hi);        // lo <= hi
    static Distribution exponential(double mean);             // mean > 0
    static Distribution normal(double mean, double stddev);   // stddev > 0
    static Distribution lognormal(double mu, double sigma);   // sigma > 0
    // sigma = ln(p99 / median) / kZ99, mu = ln(median); 0 < median < p99.
    static Distribution lognormal_from_median_p99(double median, double p99);
    // Matches the given mean and standard deviation of X itself; mean > 0, stddev > 0.
    static Distribution lognormal_from_mean_stddev(double mean, double stddev);
    static Distribution pareto(double scale, double shape);   // scale > 0, shape > 0
    static Distribution gamma(double shape, double scale);    // shape > 0, scale > 0
    static Distribution weibull(double shape, double scale);  // shape > 0, scale > 0
    // Non-empty, all finite. The quantile at p is the "type 7" (linear interpolation) sample
    // quantile of the data, so sampled quantiles reproduce the data's quantiles.
    static Distribution empirical(std::vector<double> samples);

    // Copy of *this conditioned on X <= cap. Throws if cap keeps (almost) none of the mass.
    // Truncating an already truncated distribution keeps the smaller cap.
    Distribution truncated(double cap) const;

    double sample(Rng& rng) const;

    // Expected value (of the truncated distribution if capped); +inf for an uncapped Pareto with
    // shape <= 1.
    double mean() const;

    // P(X <= x).
    double cdf(double x) const;

    const Params& params() const noexcept { return params_; }
    std::optional<double> cap() const noexcept { return cap_; }

    // "constant", "uniform", "exponential", "normal", "lognormal", "pareto", "gamma", "weibull",
    // "empirical".
    std::string_view kind_name() const noexcept;
    // Human-readable, stable (locale-independent), e.g. "lognormal(median=0.004, p99=0.05)" or
    // "exponential(mean=0.2, cap=1)".
    std::string describe() const;

    friend bool operator==(const Distribution&, const Distribution&) = default;

private:
    explicit Distribution(Params params) : params_(std::move(params)) {}

    double sample_uncapped(Rng& rng) const;
    double cdf_uncapped(double x) const;

    Params params_{Constant{}};
    std::optional<double> cap_;
    double cap_mass_ = 1.0;  // P(X <= cap) of the uncapped distribution, cached for sample()
};

}  // namespace gatetune::engine
