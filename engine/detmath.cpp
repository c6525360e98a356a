#include "engine/detmath.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace gatetune::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ln 2 split so that k * kLn2Hi is exact for |k| < 2^20 (the low 21 bits of kLn2Hi are zero);
// this keeps the exponent part of log/exp free of rounding error (fdlibm's constants).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrt2 = 1.41421356237309514547e+00;

// 1/n! for n = 0..15, each the correctly rounded double (shortest round-trip literals).
constexpr double kInvFactorial[16] = {
    1.0, 1.0, 0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333,
    0.001388888888888889, 0.0001984126984126984, 2.48015873015873e-05, 2.7557319223985893e-06,
    2.755731922398589e-07, 2.505210838544172e-08, 2.08767569878681e-09, 1.6059043836821613e-10,
    1.1470745597729725e-11, 7.647163731819816e-13};

constexpr std::uint64_t kMantissaMask = (std::uint64_t{1} << 52) - 1;
constexpr std::uint64_t kExponentOfOne = std::uint64_t{1023} << 52;

// 2^k for k in the normal exponent range [-1022, 1023], built directly from the bits.
double pow2(int k) noexcept {
    return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);
}

bool is_integer(double y) noexcept { return std::floor(y) == y; }

bool is_odd_integer(double y) noexcept {
    // Beyond 2^53 every double is even.
    return is_integer(y) && std::fabs(y) < 9007199254740992.0 && std::fmod(y, 2.0) != 0.0;
}

// x^n by binary exponentiation for n >= 1; every step is a correctly rounded multiply.
double pow_uint(double x, unsigned n) noexcept {
    double result = 1.0;
    while (true) {
        if (n & 1u) result *= x;
        n >>= 1;
        if (n == 0) return result;
        x *= x;
    }
}

// pow for x > 0 (finite or +inf) and finite or infinite y, y != 0.
double pow_positive(double x, double y) noexcept {
    if (x == 1.0) return 1.0;
    if (std::isinf(y)) {
        if ((x < 1.0) == (y > 0.0)) return 0.0;
        return kInf;
    }
    if (std::isinf(x)) return y > 0.0 ? kInf : 0.0;
    if (y == 0.5) return std::sqrt(x);
    if (y == -0.5) return 1.0 / std::sqrt(x);
    // Small integral powers: exact when the result is representable, and within a few ulp
    // otherwise -- better than exp(y log x) for common cases such as squares and reciprocals.
    if (is_integer(y) && std::fabs(y) <= 8.0) {
        const double r = pow_uint(x, static_cast<unsigned>(std::fabs(y)));
        if (y > 0.0) return r;
        if (std::isfinite(r) && r >= std::numeric_limits<double>::min()) return 1.0 / r;
        // 1/r would overflow or lose precision: fall through to the general path.
    }
    return det_exp(y * det_log(x));
}

}  // namespace

double det_log(double x) noexcept {
    if (std::isnan(x)) return x;
    if (x < 0.0) return kNaN;
    if (x == 0.0) return -kInf;
    if (std::isinf(x)) return kInf;

    std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
    int exponent = 0;
    if ((bits >> 52) == 0) {  // subnormal: scale into the normal range (exact)
        bits = std::bit_cast<std::uint64_t>(x * 0x1p54);
        exponent = -54;
    }
    exponent += static_cast<int>(bits >> 52) - 1023;
    double m = std::bit_cast<double>((bits & kMantissaMask) | kExponentOfOne);  // [1, 2)
    // Centre the mantissa on 1 so |s| below stays <= 0.1716 and the series converges fast.
    if (m > kSqrt2) {
        m *= 0.5;
        exponent += 1;
    }
    const double f = m - 1.0;  // exact (Sterbenz)
    const double s = f / (2.0 + f);
    const double z = s * s;
    // log(m) = 2 atanh(s) = 2s (1 + z/3 + z^2/5 + ...); with z <= 0.0295 the terms up to z^11
    // leave a truncation error below 1e-18.
    double p = 1.0 / 23.0;
    p = p * z + 1.0 / 21.0;
    p = p * z + 1.0 / 19.0;
    p = p * z + 1.0 / 17.0;
    p = p * z + 1.0 / 15.0;
    p = p * z + 1.0 / 13.0;
    p = p * z + 1.0 / 11.0;
    p = p * z + 1.0 / 9.0;
    p = p * z + 1.0 / 7.0;
    p = p * z + 1.0 / 5.0;
    p = p * z + 1.0 / 3.0;
    const double log_m = 2.0 * s + 2.0 * s * (z * p);
    const double k = static_cast<double>(exponent);
    return k * kLn2Hi + (log_m + k * kLn2Lo);
}

double det_exp(double x) noexcept {
    if (std::isnan(x)) return x;
    if (x > 7.09782712893383973096e+02) return kInf;
    if (x < -7.45133219101941108420e+02) return 0.0;

    const double kd = std::floor(x * kInvLn2 + 0.5);
    const int k = static_cast<int>(kd);
    const double r = (x - kd * kLn2Hi) - kd * kLn2Lo;  // |r| <= ~0.3466
    // Taylor series to r^15/15! (truncation error < 1e-19 for |r| <= 0.35), as
    // 1 + (r + r^2 q(r)) so the leading terms are added last with the least rounding.
    double q = kInvFactorial[15];
    for (int n = 14; n >= 2; --n) q = q * r + kInvFactorial[n];
    const double p = 1.0 + (r + r * r * q);
    // p holds exp(r); scale by 2^k, in two steps at the ends of the exponent range.
    if (k > 1023) return p * pow2(1023) * pow2(k - 1023);
    if (k < -1022) return (p * pow2(k + 54)) * 0x1p-54;  // single rounding into subnormals
    return p * pow2(k);
}

double det_pow(double x, double y) noexcept {
    if (y == 0.0) return 1.0;
    if (x == 1.0) return 1.0;
    if (std::isnan(x) || std::isnan(y)) return kNaN;

    if (x == 0.0) {
        const bool negative = std::signbit(x) && is_odd_integer(y);
        if (y > 0.0) return negative ? -0.0 : 0.0;
        return negative ? -kInf : kInf;
    }
    if (x < 0.0) {
        if (x == -1.0 && std::isinf(y)) return 1.0;
        if (std::isinf(y)) return pow_positive(-x, y);
        if (!is_integer(y)) return kNaN;
        const double r = pow_positive(-x, y);
        return is_odd_integer(y) ? -r : r;
    }
    return pow_positive(x, y);
}

double det_sqrt(double x) noexcept { return std::sqrt(x); }

double det_erfc(double x) noexcept {
    if (std::isnan(x)) return x;
    if (x < 0.0) return 2.0 - det_erfc(-x);
    if (x > 27.3) return 0.0;  // erfc(27.3) is below the smallest subnormal

    constexpr double kInvSqrtPi = 5.64189583547756279280e-01;
    // exp(-x^2) with x^2 split exactly into hi + lo (Dekker), so its error does not grow with x.
    const double xh = std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) &
                                            0xfffffffff8000000ull);  // top 26 mantissa bits
    const double xl = x - xh;
    const double hi = xh * xh;                         // exact
    const double lo = (x + xh) * xl;                   // = x^2 - xh^2 up to one rounding
    const double exp_neg_x2 = det_exp(-hi) * det_exp(-lo);

    if (x < 1.0) {
        // erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1)): all terms positive,
        // so the sum has no cancellation; erfc = 1 - erf loses at most ~3 bits here.
        const double two_x2 = 2.0 * x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; ++n) {
            term *= two_x2 / static_cast<double>(2 * n + 1);
            sum += term;
            if (term < sum * 1e-18) break;
        }
        return 1.0 - 2.0 * kInvSqrtPi * exp_neg_x2 * sum;
    }
    // erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))),
    // evaluated bottom-up at a fixed depth that has converged (< 1e-16) for every x >= 1.
    double f = x;
    for (int k = 300; k >= 1; --k) f = x + (0.5 * k) / f;
    return kInvSqrtPi * exp_neg_x2 / f;
}

double det_normal_cdf(double z) noexcept {
    constexpr double kInvSqrt2 = 7.07106781186547524401e-01;
    return 0.5 * det_erfc(-z * kInvSqrt2);
}

}  // namespace gatetune::engine
