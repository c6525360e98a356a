#pragma once
// Deterministic transcendental functions.
//
// std::log / std::exp / std::pow are allowed to differ in the last ulp between libm
// implementations (glibc, musl, Apple, MSVC), and one differing bit in a sampled latency changes
// every later event. Gatetune promises byte-identical reports for a given seed on every platform,
// so everything that feeds the simulation goes through these functions instead. They use only
// IEEE-exact operations (+, -, *, /, sqrt, floor and bit manipulation) in a fixed order, which
// every conforming compiler evaluates identically as long as FMA contraction is off
// (-ffp-contract=off, set project-wide).
//
// Accuracy: log and exp are within a few ulp (relative error < 1e-15) over the whole double
// range; pow and erfc are noted below. Not correctly rounded, which is fine: determinism
// matters here, not the last bit.

#include <limits>

namespace gatetune::engine {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// Natural logarithm. det_log(0) = -inf, det_log(x < 0) = NaN, det_log(+inf) = +inf.
double det_log(double x) noexcept;

// e^x. Overflows to +inf above ~709.78 and underflows (through subnormals) to 0 below ~-745.13.
double det_exp(double x) noexcept;

// x^y with the usual IEEE special cases (pow(x, 0) = 1, negative x needs integral y, ...).
// Small integral exponents and y = +-0.5 take exact-ish shortcuts; the rest is exp(y * log x),
// whose relative error grows like |y * log x| * 2^-53 (still < 1e-13 for any finite result).
double det_pow(double x, double y) noexcept;

// IEEE 754 requires sqrt to be correctly rounded, so std::sqrt is already deterministic.
double det_sqrt(double x) noexcept;

// Complementary error function, relative error < ~1e-14. Only used off the hot path
// (distribution CDFs and truncated means).
double det_erfc(double x) noexcept;

// Standard normal CDF Phi(z) = P(Z <= z), computed through det_erfc so tails keep their
// relative accuracy.
double det_normal_cdf(double z) noexcept;

}  // namespace gatetune::engine
