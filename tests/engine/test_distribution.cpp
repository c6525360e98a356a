// Distribution: sample moments and quantiles against theory (fixed seed, 2e5 samples), the
// closed-form mean() and cdf(), truncation, validation messages and pinned sample bits.
#include "qtest_suite.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/distribution.hpp"
#include "engine/special_functions.hpp"

using namespace gatetune::engine;

namespace {

constexpr int kN = 200000;
constexpr double kZ99 = Distribution::kZ99;

std::vector<double> samples(const Distribution& d, std::uint64_t seed, int n = kN) {
    Rng rng(seed);
    std::vector<double> out(static_cast<std::size_t>(n));
    for (double& x : out) x = d.sample(rng);
    std::sort(out.begin(), out.end());
    return out;
}

// Type-7 quantile of sorted data.
double quantile(const std::vector<double>& sorted, double p) {
    const double pos = p * static_cast<double>(sorted.size() - 1);
    const auto i = static_cast<std::size_t>(pos);
    if (i + 1 >= sorted.size()) return sorted.back();
    return sorted[i] + (pos - static_cast<double>(i)) * (sorted[i + 1] - sorted[i]);
}

double mean_of(const std::vector<double>& v) {
    double s = 0.0;
    for (const double x : v) s += x;
    return s / static_cast<double>(v.size());
}

double stddev_of(const std::vector<double>& v) {
    const double m = mean_of(v);
    double s = 0.0;
    for (const double x : v) s += (x - m) * (x - m);
    return std::sqrt(s / static_cast<double>(v.size() - 1));
}

bool near_rel(double got, double want, double tol) { return std::fabs(got - want) <= tol * std::fabs(want); }

#define VERIFY_NEAR_REL(got, want, tol)                                                            \
    QVERIFY2(near_rel((got), (want), (tol)),                                                       \
             qPrintable(QString("%1 = %2, expected %3 within %4 %").arg(#got).arg(got, 0, 'g', 10) \
                            .arg(want, 0, 'g', 10).arg((tol) * 100)))

#define VERIFY_NEAR_ABS(got, want, tol)                                                            \
    QVERIFY2(std::fabs((got) - (want)) <= (tol),                                                   \
             qPrintable(QString("%1 = %2, expected %3 +- %4").arg(#got).arg(got, 0, 'g', 10)       \
                            .arg(want, 0, 'g', 10).arg(tol)))

template <class F>
QString thrown_message(F&& f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return QString::fromStdString(e.what());
    }
    return QString();
}

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

}  // namespace

class TestDistribution : public QObject {
    Q_OBJECT

private slots:
    void constant() {
        const auto d = Distribution::constant(0.25);
        Rng rng(1);
        for (int i = 0; i < 100; ++i) QVERIFY(d.sample(rng) == 0.25);
        QVERIFY(d.mean() == 0.25);
        QVERIFY(Distribution().sample(rng) == 0.0);
        QCOMPARE(Distribution(), Distribution::constant(0.0));
    }

    void uniform() {
        const auto d = Distribution::uniform(2.0, 5.0);
        const auto s = samples(d, 2);
        QVERIFY(s.front() >= 2.0 && s.back() < 5.0);
        VERIFY_NEAR_ABS(mean_of(s), 3.5, 0.01);
        QVERIFY(d.mean() == 3.5);
        for (const double p : {0.01, 0.1, 0.5, 0.9, 0.99}) VERIFY_NEAR_ABS(quantile(s, p), 2.0 + 3.0 * p, 0.015);
        VERIFY_NEAR_ABS(stddev_of(s), 3.0 / std::sqrt(12.0), 0.005);
        // Degenerate interval is allowed.
        Rng rng(3);
        QVERIFY(Distribution::uniform(1.0, 1.0).sample(rng) == 1.0);
    }

    void exponential() {
        const auto d = Distribution::exponential(0.2);
        const auto s = samples(d, 4);
        QVERIFY(s.front() > 0.0);
        VERIFY_NEAR_REL(mean_of(s), 0.2, 0.01);
        VERIFY_NEAR_REL(stddev_of(s), 0.2, 0.015);
        QVERIFY(d.mean() == 0.2);
        for (const double p : {0.1, 0.5, 0.9, 0.99}) VERIFY_NEAR_REL(quantile(s, p), -0.2 * std::log(1.0 - p), 0.02);
    }

    void normal() {
        const auto d = Distribution::normal(10.0, 2.0);
        const auto s = samples(d, 5);
        VERIFY_NEAR_ABS(mean_of(s), 10.0, 0.02);
        VERIFY_NEAR_REL(stddev_of(s), 2.0, 0.01);
        QVERIFY(d.mean() == 10.0);
        VERIFY_NEAR_ABS(quantile(s, 0.5), 10.0, 0.02);
        VERIFY_NEAR_ABS(quantile(s, 0.99), 10.0 + 2.0 * kZ99, 0.05);
        VERIFY_NEAR_ABS(quantile(s, 0.01), 10.0 - 2.0 * kZ99, 0.05);
        VERIFY_NEAR_ABS(quantile(s, 0.8413447460685429), 12.0, 0.03);
    }

    void lognormal() {
        const auto d = Distribution::lognormal(0.0, 0.5);
        const auto s = samples(d, 6);
        QVERIFY(s.front() > 0.0);
        VERIFY_NEAR_REL(d.mean(), std::exp(0.125), 1e-14);
        VERIFY_NEAR_REL(mean_of(s), std::exp(0.125), 0.01);
        VERIFY_NEAR_REL(quantile(s, 0.5), 1.0, 0.01);
        VERIFY_NEAR_REL(quantile(s, 0.99), std::exp(0.5 * kZ99), 0.02);
    }

    void lognormalFromMedianP99() {
        const auto d = Distribution::lognormal_from_median_p99(0.004, 0.05);
        const auto s = samples(d, 7);
        VERIFY_NEAR_REL(quantile(s, 0.5), 0.004, 0.02);
        VERIFY_NEAR_REL(quantile(s, 0.99), 0.05, 0.02);
        const auto& p = std::get<Distribution::LogNormal>(d.params());
        VERIFY_NEAR_REL(p.mu, std::log(0.004), 1e-14);
        VERIFY_NEAR_REL(p.sigma, std::log(0.05 / 0.004) / kZ99, 1e-14);
        VERIFY_NEAR_REL(mean_of(s), d.mean(), 0.02);
        VERIFY_NEAR_REL(d.cdf(0.05), 0.99, 1e-12);
        VERIFY_NEAR_REL(d.cdf(0.004), 0.5, 1e-12);
    }

    void lognormalFromMeanStddev() {
        const auto d = Distribution::lognormal_from_mean_stddev(2.0, 1.0);
        VERIFY_NEAR_REL(d.mean(), 2.0, 1e-14);
        const auto s = samples(d, 8);
        VERIFY_NEAR_REL(mean_of(s), 2.0, 0.01);
        VERIFY_NEAR_REL(stddev_of(s), 1.0, 0.03);
    }

    void pareto() {
        const double xm = 1.0, alpha = 3.0;
        const auto d = Distribution::pareto(xm, alpha);
        const auto s = samples(d, 9);
        QVERIFY(s.front() >= xm);
        QVERIFY(d.mean() == 1.5);
        VERIFY_NEAR_REL(mean_of(s), 1.5, 0.02);
        // Tolerances are ~4 standard errors of the sample quantile (2.4 % at p = 0.999).
        for (const double p : {0.1, 0.5, 0.9, 0.99}) {
            VERIFY_NEAR_REL(quantile(s, p), xm * std::pow(1.0 - p, -1.0 / alpha), 0.03);
        }
        VERIFY_NEAR_REL(quantile(s, 0.999), 10.0, 0.1);
        // Heavy tail: infinite mean, but samples and quantiles are fine.
        const auto heavy = Distribution::pareto(0.01, 1.0);
        QVERIFY(std::isinf(heavy.mean()));
        const auto h = samples(heavy, 10);
        VERIFY_NEAR_REL(quantile(h, 0.5), 0.02, 0.02);
        VERIFY_NEAR_REL(quantile(h, 0.99), 1.0, 0.08);
        VERIFY_NEAR_REL(d.cdf(2.0), 1.0 - 0.125, 1e-14);
    }

    void empirical() {
        // Data: a skewed sample; the distribution must reproduce the data's own quantiles.
        std::vector<double> data;
        Rng gen(11);
        const auto source = Distribution::lognormal_from_median_p99(0.010, 0.200);
        for (int i = 0; i < 1000; ++i) data.push_back(source.sample(gen));
        const auto d = Distribution::empirical(data);
        std::sort(data.begin(), data.end());
        const auto s = samples(d, 12);
        QVERIFY(s.front() >= data.front() && s.back() <= data.back());
        for (const double p : {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
            VERIFY_NEAR_REL(quantile(s, p), quantile(data, p), 0.02);
        }
        VERIFY_NEAR_REL(mean_of(s), d.mean(), 0.01);
        for (const double p : {0.1, 0.5, 0.9}) VERIFY_NEAR_REL(d.cdf(quantile(data, p)), p, 1e-12);
        // Unsorted input, duplicates and a single sample are fine.
        Rng rng(13);
        const auto two = Distribution::empirical({3.0, 1.0, 1.0});
        for (int i = 0; i < 1000; ++i) {
            const double x = two.sample(rng);
            QVERIFY(x >= 1.0 && x < 3.0);
        }
        QVERIFY(Distribution::empirical({7.0}).sample(rng) == 7.0);
        QVERIFY(Distribution::empirical({7.0}).mean() == 7.0);
    }

    void meanMatchesSampleMean() {
        const std::vector<Distribution> all = {
            Distribution::constant(3.0),
            Distribution::uniform(-1.0, 4.0),
            Distribution::exponential(0.7),
            Distribution::normal(-2.0, 0.3),
            Distribution::lognormal(-1.0, 0.4),
            Distribution::pareto(2.0, 2.5),
            Distribution::gamma(0.6, 2.0),
            Distribution::gamma(3.5, 0.2),
            Distribution::weibull(0.8, 1.5),
            Distribution::weibull(2.5, 0.4),
            Distribution::gamma(2.0, 1.0).truncated(3.0),
            Distribution::weibull(1.5, 1.0).truncated(1.2),
            Distribution::empirical({1.0, 2.0, 10.0, 11.0, 50.0}),
            Distribution::exponential(1.0).truncated(2.0),
            Distribution::uniform(0.0, 10.0).truncated(4.0),
            Distribution::normal(0.0, 1.0).truncated(0.5),
            Distribution::lognormal_from_median_p99(0.004, 0.05).truncated(0.01),
            Distribution::pareto(1.0, 1.0).truncated(100.0),
            Distribution::pareto(1.0, 0.5).truncated(100.0),
            Distribution::pareto(1.0, 2.0).truncated(3.0),
            Distribution::empirical({1.0, 2.0, 10.0, 11.0, 50.0}).truncated(10.5),
        };
        std::uint64_t seed = 100;
        for (const auto& d : all) {
            const auto s = samples(d, ++seed);
            const double tol = 0.02 * std::max(std::fabs(d.mean()), 0.05);
            QVERIFY2(std::fabs(mean_of(s) - d.mean()) <= tol,
                     qPrintable(QString::fromStdString(d.describe()) +
                                QString(": sample mean %1, mean() %2").arg(mean_of(s)).arg(d.mean())));
        }
    }

    void truncation() {
        const auto d = Distribution::exponential(1.0).truncated(2.0);
        const auto s = samples(d, 20);
        QVERIFY(s.back() <= 2.0);
        QVERIFY(s.front() >= 0.0);
        // Conditional distribution, not a clamp: no spike at the cap.
        const auto at_cap = std::count(s.begin(), s.end(), 2.0);
        QVERIFY(at_cap < 5);
        // Quantiles of X | X <= c: F^-1(p F(c)).
        const double fc = 1.0 - std::exp(-2.0);
        for (const double p : {0.1, 0.5, 0.9}) VERIFY_NEAR_REL(quantile(s, p), -std::log(1.0 - p * fc), 0.02);
        VERIFY_NEAR_REL(d.cdf(1.0), (1.0 - std::exp(-1.0)) / fc, 1e-14);
        QVERIFY(d.cdf(2.0) == 1.0);
        QCOMPARE(d.cap(), std::optional<double>(2.0));

        // Rejection kinds.
        const auto n = Distribution::normal(0.0, 1.0).truncated(0.0);
        const auto ns = samples(n, 21);
        QVERIFY(ns.back() <= 0.0);
        VERIFY_NEAR_REL(n.mean(), -std::sqrt(2.0 / std::numbers::pi), 1e-13);
        VERIFY_NEAR_REL(mean_of(ns), -std::sqrt(2.0 / std::numbers::pi), 0.01);

        const auto ln = Distribution::lognormal_from_median_p99(0.004, 0.05).truncated(0.03);
        QVERIFY(samples(ln, 22).back() <= 0.03);

        // Pareto with a cap: the heavy tail is cut exactly at the cap.
        const auto p = Distribution::pareto(1.0, 1.0).truncated(10.0);
        const auto ps = samples(p, 23);
        QVERIFY(ps.front() >= 1.0 && ps.back() <= 10.0);
        VERIFY_NEAR_REL(quantile(ps, 0.5), 1.0 / (1.0 - 0.5 * 0.9), 0.02);

        // A second truncation keeps the smaller cap; an infinite cap is a no-op.
        QCOMPARE(d.truncated(5.0).cap(), std::optional<double>(2.0));
        QCOMPARE(d.truncated(1.0).cap(), std::optional<double>(1.0));
        QCOMPARE(Distribution::exponential(1.0).truncated(INFINITY), Distribution::exponential(1.0));
        // Constant at or below the cap is unaffected.
        Rng rng(24);
        QVERIFY(Distribution::constant(3.0).truncated(3.0).sample(rng) == 3.0);
    }

    void invalidArgumentsThrow() {
        QCOMPARE(thrown_message([] { Distribution::lognormal_from_median_p99(0.004, 0.001); }),
                 QString("lognormal: p99 (0.001) must be greater than median (0.004)"));
        QCOMPARE(thrown_message([] { Distribution::exponential(-1.0); }),
                 QString("exponential: mean (-1) must be positive and finite"));
        QCOMPARE(thrown_message([] { Distribution::uniform(2.0, 1.0); }),
                 QString("uniform: lo (2) must not exceed hi (1)"));
        QCOMPARE(thrown_message([] { Distribution::empirical({}); }),
                 QString("empirical: needs at least one sample"));
        QCOMPARE(thrown_message([] { Distribution::empirical({1.0, NAN}); }),
                 QString("empirical: sample 1 (nan) must be finite"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::constant(INFINITY));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::normal(0.0, 0.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::normal(NAN, 1.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::lognormal(0.0, -1.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::lognormal_from_median_p99(0.0, 1.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::lognormal_from_median_p99(0.004, 0.004));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::lognormal_from_mean_stddev(1.0, 0.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::pareto(0.0, 1.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::pareto(1.0, 0.0));
        // Caps that leave no (or, for resampled kinds, < 1 %) mass.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::exponential(1.0).truncated(0.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::constant(5.0).truncated(4.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::pareto(1.0, 2.0).truncated(1.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::uniform(1.0, 2.0).truncated(1.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Distribution::exponential(1.0).truncated(NAN));
        QCOMPARE(thrown_message([] { Distribution::normal(0.0, 1.0).truncated(-3.0); }),
                 QString("truncated: cap (-3) keeps only 0.135% of normal(mean=0, stddev=1); "
                         "at least 1% is required"));
    }

    void describeAndKind() {
        QCOMPARE(Distribution::lognormal_from_median_p99(0.004, 0.05).describe(),
                 std::string("lognormal(median=0.004, p99=0.05)"));
        QCOMPARE(Distribution::lognormal_from_mean_stddev(0.01, 0.02).describe(),
                 std::string("lognormal(mean=0.01, stddev=0.02)"));
        QCOMPARE(Distribution::lognormal(-5.5, 1.25).describe(), std::string("lognormal(mu=-5.5, sigma=1.25)"));
        QCOMPARE(Distribution::constant(1.5).describe(), std::string("constant(value=1.5)"));
        QCOMPARE(Distribution::uniform(0.1, 0.3).describe(), std::string("uniform(lo=0.1, hi=0.3)"));
        QCOMPARE(Distribution::exponential(0.2).truncated(1.0).describe(),
                 std::string("exponential(mean=0.2, cap=1)"));
        QCOMPARE(Distribution::normal(1.0, 0.25).describe(), std::string("normal(mean=1, stddev=0.25)"));
        QCOMPARE(Distribution::pareto(0.001, 1.5).describe(), std::string("pareto(scale=0.001, shape=1.5)"));
        QCOMPARE(Distribution::empirical({3.0, 1.0, 2.0}).describe(), std::string("empirical(n=3, min=1, max=3)"));

        QCOMPARE(Distribution::constant(1.0).kind_name(), std::string_view("constant"));
        QCOMPARE(Distribution::uniform(0.0, 1.0).kind_name(), std::string_view("uniform"));
        QCOMPARE(Distribution::exponential(1.0).kind_name(), std::string_view("exponential"));
        QCOMPARE(Distribution::normal(0.0, 1.0).kind_name(), std::string_view("normal"));
        QCOMPARE(Distribution::lognormal(0.0, 1.0).kind_name(), std::string_view("lognormal"));
        QCOMPARE(Distribution::pareto(1.0, 1.0).kind_name(), std::string_view("pareto"));
        QCOMPARE(Distribution::empirical({1.0}).kind_name(), std::string_view("empirical"));
    }

    void samplingIsStateless() {
        // Nothing is cached between calls (e.g. the polar method's second normal): the value a
        // sample takes depends only on the Rng state handed in.
        const auto d = Distribution::normal(0.0, 1.0);
        Rng a(30), b(30);
        (void)d.sample(a);
        (void)Distribution::normal(5.0, 1.0).sample(b);
        QVERIFY(a == b);
        Rng c = a;
        QVERIFY(bits(d.sample(a)) == bits(d.sample(c)));
        // Different Distribution copies give identical samples from equal Rng states.
        const Distribution copy = d;
        Rng e(31), f(31);
        QVERIFY(bits(d.sample(e)) == bits(copy.sample(f)));
    }

    // ln Γ, ψ, ψ' and P(a, x) against values from the closed forms they reduce to.
    void specialFunctions() {
        VERIFY_NEAR_REL(det_lgamma(0.5), 0.5 * std::log(std::numbers::pi), 1e-13);
        VERIFY_NEAR_ABS(det_lgamma(1.0), 0.0, 1e-14);
        VERIFY_NEAR_REL(det_lgamma(10.0), std::log(362880.0), 1e-13);
        VERIFY_NEAR_REL(det_lgamma(123.4), std::lgamma(123.4), 1e-13);
        VERIFY_NEAR_REL(det_digamma(1.0), -0.57721566490153286, 1e-13);
        VERIFY_NEAR_REL(det_digamma(0.5), -0.57721566490153286 - 2.0 * std::log(2.0), 1e-13);
        VERIFY_NEAR_REL(det_trigamma(1.0), std::numbers::pi * std::numbers::pi / 6.0, 1e-13);
        VERIFY_NEAR_REL(det_trigamma(0.5), std::numbers::pi * std::numbers::pi / 2.0, 1e-13);
        // P(1, x) = 1 − e^{−x}; P(0.5, x) = erf(√x).
        for (const double x : {0.01, 0.5, 1.0, 2.0, 7.5, 30.0}) {
            VERIFY_NEAR_REL(det_gamma_p(1.0, x), 1.0 - std::exp(-x), 1e-12);
            VERIFY_NEAR_REL(det_gamma_p(0.5, x), std::erf(std::sqrt(x)), 1e-12);
        }
        // P(3, x) = 1 − e^{−x}(1 + x + x²/2).
        for (const double x : {0.2, 3.0, 9.0}) VERIFY_NEAR_REL(det_gamma_p(3.0, x), 1.0 - std::exp(-x) * (1 + x + x * x / 2), 1e-12);
        QCOMPARE(det_gamma_p(2.0, 0.0), 0.0);
        QVERIFY(std::isnan(det_lgamma(-1.0)));
    }

    void gammaAndWeibull() {
        // Gamma: mean shape·scale, variance shape·scale²; the sample CDF follows cdf().
        for (const auto& [shape, scale] : {std::pair{0.6, 2.0}, std::pair{4.0, 0.25}}) {
            const auto d = Distribution::gamma(shape, scale);
            const auto s = samples(d, 7);
            VERIFY_NEAR_REL(mean_of(s), shape * scale, 0.01);
            VERIFY_NEAR_REL(stddev_of(s), std::sqrt(shape) * scale, 0.02);
            for (const double p : {0.1, 0.5, 0.9, 0.99}) VERIFY_NEAR_ABS(d.cdf(quantile(s, p)), p, 0.005);
        }
        // Weibull: the median is scale·(ln 2)^(1/shape); cdf() inverts the sampler.
        for (const auto& [shape, scale] : {std::pair{0.7, 1.0}, std::pair{3.0, 0.5}}) {
            const auto d = Distribution::weibull(shape, scale);
            const auto s = samples(d, 8);
            VERIFY_NEAR_REL(quantile(s, 0.5), scale * std::pow(std::log(2.0), 1.0 / shape), 0.01);
            VERIFY_NEAR_REL(d.mean(), scale * std::tgamma(1.0 + 1.0 / shape), 1e-12);
            for (const double p : {0.1, 0.5, 0.9, 0.99}) VERIFY_NEAR_ABS(d.cdf(quantile(s, p)), p, 0.005);
        }
        const auto capped = Distribution::weibull(1.0, 1.0).truncated(2.0);
        QVERIFY(samples(capped, 9).back() <= 2.0);
        QCOMPARE(Distribution::gamma(2.0, 0.5).describe(), std::string("gamma(shape=2, scale=0.5)"));
        QCOMPARE(Distribution::weibull(1.5, 3.0).describe(), std::string("weibull(shape=1.5, scale=3)"));
        QCOMPARE(thrown_message([] { Distribution::gamma(0.0, 1.0); }), QString("gamma: shape (0) must be positive and finite"));
        QCOMPARE(thrown_message([] { Distribution::weibull(1.0, -2.0); }), QString("weibull: scale (-2) must be positive and finite"));
    }

    // Pinned sample bits: any change in the RNG, the samplers or det_* math shows up here.
    void goldenSamples() {
        Rng r1(42);
        const auto ln = Distribution::lognormal_from_median_p99(0.004, 0.05);
        QCOMPARE(bits(ln.sample(r1)), std::uint64_t{0x3f5dc9fc82f6f101});
        QCOMPARE(bits(ln.sample(r1)), std::uint64_t{0x3f74d74bd1720dbe});
        QCOMPARE(bits(ln.sample(r1)), std::uint64_t{0x3f7b1ead02beae9e});
        Rng r2(42);
        const auto ex = Distribution::exponential(0.2);
        QCOMPARE(bits(ex.sample(r2)), std::uint64_t{0x3fdfb9c824b5fa8d});
        QCOMPARE(bits(ex.sample(r2)), std::uint64_t{0x3fc8d6c4ec7e57cd});
        Rng r3(42);
        const auto pa = Distribution::pareto(1.0, 1.5);
        QCOMPARE(bits(pa.sample(r3)), std::uint64_t{0x4014e0a80c9e11ec});
        QCOMPARE(bits(pa.sample(r3)), std::uint64_t{0x3ffe8d5bf1551d6c});
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestDistribution)
#include "test_distribution.moc"
