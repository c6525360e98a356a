// det_log / det_exp / det_pow / det_erfc: accurate against the platform libm, and bit-identical
// to pinned values (the platform libm may differ in the last ulp; ours must not).
#include "qtest_suite.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "engine/detmath.hpp"
#include "engine/random.hpp"

using namespace gatetune::engine;

namespace {

constexpr double kMinNormal = std::numeric_limits<double>::min();

double rel_err(double got, double want) {
    if (got == want) return 0.0;
    return std::fabs(got - want) / std::fabs(want);
}

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

}  // namespace

// Comparisons use QVERIFY(a == b): QCOMPARE on doubles is fuzzy, and these must be exact.
class TestDetMath : public QObject {
    Q_OBJECT

private slots:
    void logMatchesLibmOverWholeRange() {
        Rng rng(1);
        double worst = 0.0;
        for (int i = 0; i < 300000; ++i) {
            // Random mantissa and exponent: covers subnormals through DBL_MAX.
            const double x = std::ldexp(1.0 + rng.uniform01(), static_cast<int>(rng.below(2098)) - 1074);
            if (x == 0.0 || std::isinf(x)) continue;
            const double want = std::log(x);
            const double err = want == 0.0 ? std::fabs(det_log(x)) : rel_err(det_log(x), want);
            worst = std::max(worst, err);
        }
        QVERIFY2(worst < 1e-15, qPrintable(QString("worst relative error %1").arg(worst)));
    }

    void logNearOne() {
        // Where log(x) -> 0 relative accuracy is hardest; the reduction keeps x - 1 exact.
        for (double d = 1e-15; d < 0.3; d *= 1.37) {
            QVERIFY(rel_err(det_log(1.0 + d), std::log(1.0 + d)) < 1e-15);
            QVERIFY(rel_err(det_log(1.0 - d), std::log(1.0 - d)) < 1e-15);
        }
        QVERIFY(det_log(1.0) == 0.0);
    }

    void logSpecialValues() {
        QVERIFY(det_log(0.0) == -kInf);
        QVERIFY(det_log(-0.0) == -kInf);
        QVERIFY(std::isnan(det_log(-1.0)));
        QVERIFY(std::isnan(det_log(std::nan(""))));
        QVERIFY(det_log(kInf) == kInf);
        const double tiny = std::numeric_limits<double>::denorm_min();
        QVERIFY(rel_err(det_log(tiny), std::log(tiny)) < 1e-15);
        QVERIFY(rel_err(det_log(std::numeric_limits<double>::max()),
                        std::log(std::numeric_limits<double>::max())) < 1e-15);
        for (int k = -1074; k <= 1023; k += 7) {
            QVERIFY(rel_err(det_log(std::ldexp(1.0, k)), k * 0.69314718055994530942) < 1e-15);
        }
    }

    void expMatchesLibmOverWholeRange() {
        Rng rng(2);
        double worst = 0.0;
        for (int i = 0; i < 300000; ++i) {
            const double x = rng.uniform(-745.0, 709.78);
            const double want = std::exp(x);
            if (want < kMinNormal) {
                // Subnormal results carry fewer significant bits: compare absolutely.
                QVERIFY(std::fabs(det_exp(x) - want) <= 2 * std::numeric_limits<double>::denorm_min());
                continue;
            }
            worst = std::max(worst, rel_err(det_exp(x), want));
        }
        QVERIFY2(worst < 1e-15, qPrintable(QString("worst relative error %1").arg(worst)));
        for (double x = -1e-12; x < 1e-12; x += 1.7e-14) {
            QVERIFY(rel_err(det_exp(x), std::exp(x)) < 1e-15);
        }
    }

    void expSpecialValues() {
        QVERIFY(det_exp(0.0) == 1.0);
        QVERIFY(det_exp(-kInf) == 0.0);
        QVERIFY(det_exp(kInf) == kInf);
        QVERIFY(det_exp(710.0) == kInf);
        QVERIFY(det_exp(-746.0) == 0.0);
        QVERIFY(std::isnan(det_exp(std::nan(""))));
        QVERIFY(std::isfinite(det_exp(709.78)));
        QVERIFY(det_exp(-745.0) > 0.0);
    }

    void expInvertsLog() {
        Rng rng(3);
        for (int i = 0; i < 100000; ++i) {
            const double x = std::ldexp(1.0 + rng.uniform01(), static_cast<int>(rng.below(2000)) - 1000);
            QVERIFY(rel_err(det_exp(det_log(x)), x) < 1e-12);  // |log x| <= 700 amplifies ulps
        }
    }

    void powMatchesLibm() {
        Rng rng(4);
        double worst = 0.0;
        for (int i = 0; i < 300000; ++i) {
            const double x = std::ldexp(1.0 + rng.uniform01(), static_cast<int>(rng.below(60)) - 30);
            const double y = rng.uniform(-20.0, 20.0);
            const double want = std::pow(x, y);
            if (!(want >= kMinNormal) || std::isinf(want)) continue;
            const double err = rel_err(det_pow(x, y), want);
            // The documented bound: error grows with |y log x| (the argument passed to exp).
            const double bound = 1e-15 + std::fabs(y * std::log(x)) * 4e-16;
            QVERIFY2(err <= bound, qPrintable(QString("pow(%1, %2) error %3").arg(x).arg(y).arg(err)));
            if (std::fabs(y * std::log(x)) <= 20.0) worst = std::max(worst, err);
        }
        QVERIFY2(worst < 1e-14, qPrintable(QString("worst relative error %1").arg(worst)));
    }

    void powExactCases() {
        QVERIFY(det_pow(2.0, 10.0) == 1024.0);
        QVERIFY(det_pow(3.0, 3.0) == 27.0);
        QVERIFY(det_pow(10.0, -2.0) == 0.01);
        QVERIFY(det_pow(-2.0, 3.0) == -8.0);
        QVERIFY(det_pow(-2.0, 2.0) == 4.0);
        QVERIFY(det_pow(0.25, 0.5) == 0.5);
        QVERIFY(det_pow(4.0, -0.5) == 0.5);
        QVERIFY(det_pow(7.0, 1.0) == 7.0);
        QVERIFY(det_pow(7.0, -1.0) == 1.0 / 7.0);
        QVERIFY(det_pow(2.0, 1100.0) == kInf);
        QVERIFY(det_pow(0.5, 1100.0) == 0.0);
    }

    void powSpecialValues() {
        QVERIFY(det_pow(std::nan(""), 0.0) == 1.0);
        QVERIFY(det_pow(1.0, std::nan("")) == 1.0);
        QVERIFY(std::isnan(det_pow(2.0, std::nan(""))));
        QVERIFY(std::isnan(det_pow(-2.0, 0.5)));
        QVERIFY(det_pow(0.0, 2.0) == 0.0);
        QVERIFY(det_pow(0.0, -1.0) == kInf);
        QVERIFY(det_pow(-0.0, -1.0) == -kInf);
        QVERIFY(std::signbit(det_pow(-0.0, 3.0)));
        QVERIFY(det_pow(kInf, 2.0) == kInf);
        QVERIFY(det_pow(kInf, -2.0) == 0.0);
        QVERIFY(det_pow(-kInf, 3.0) == -kInf);
        QVERIFY(det_pow(0.5, kInf) == 0.0);
        QVERIFY(det_pow(0.5, -kInf) == kInf);
        QVERIFY(det_pow(2.0, kInf) == kInf);
        QVERIFY(det_pow(2.0, -kInf) == 0.0);
        QVERIFY(det_pow(-1.0, kInf) == 1.0);
    }

    void sqrtIsIeee() {
        QVERIFY(det_sqrt(2.0) == std::sqrt(2.0));
        QVERIFY(det_sqrt(0.0) == 0.0);
    }

    void erfcMatchesLibm() {
        double worst = 0.0;
        for (double x = -6.0; x < 27.0; x += 0.00731) {
            const double want = std::erfc(x);
            if (want < kMinNormal) continue;
            worst = std::max(worst, rel_err(det_erfc(x), want));
        }
        QVERIFY2(worst < 1e-14, qPrintable(QString("worst relative error %1").arg(worst)));
        QVERIFY(det_erfc(0.0) == 1.0);
        QVERIFY(det_erfc(30.0) == 0.0);
        QVERIFY(det_erfc(-30.0) == 2.0);
    }

    void normalCdf() {
        QVERIFY(det_normal_cdf(0.0) == 0.5);
        QVERIFY(std::fabs(det_normal_cdf(2.3263478740408408) - 0.99) < 1e-15);
        QVERIFY(std::fabs(det_normal_cdf(-1.0) - 0.15865525393145705) < 1e-16);
        // Lower tail keeps relative accuracy: Phi(-10) = 7.6198530241605e-24.
        QVERIFY(rel_err(det_normal_cdf(-10.0), 7.619853024160526e-24) < 1e-13);
    }

    // The promise behind detmath: these bits are the same on every platform and build type.
    void goldenBits() {
        QCOMPARE(bits(det_log(10.0)), std::uint64_t{0x40026bb1bbb55516});
        QCOMPARE(bits(det_exp(1.0)), std::uint64_t{0x4005bf0a8b14576a});
        QCOMPARE(bits(det_pow(2.0, 0.3)), std::uint64_t{0x3ff3b2c47bff8329});
        QCOMPARE(bits(det_log(0.004)), std::uint64_t{0xc01615f9d9d17124});
        QCOMPARE(bits(det_exp(-3.7)), std::uint64_t{0x3f99511fc6871044});
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestDetMath)
#include "test_detmath.moc"
