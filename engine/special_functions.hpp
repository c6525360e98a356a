#pragma once
// The gamma function's relatives, for the gamma and Weibull distributions (their CDFs and
// truncated means) and for fitting them to data (sim/calibration). Built only on det_* math, so
// a fitted parameter or a sampled value has the same bits everywhere.
//
// Accuracy: relative error below ~1e-13 for x in [1e-8, 1e8]; not correctly rounded.

namespace gatetune::engine {

// ln Γ(x) for x > 0 (NaN otherwise).
double det_lgamma(double x) noexcept;

// ψ(x) = d/dx ln Γ(x) and ψ'(x), for x > 0 (NaN otherwise).
double det_digamma(double x) noexcept;
double det_trigamma(double x) noexcept;

// Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a) for a > 0, x >= 0: the CDF of a
// gamma(shape a, scale 1) variable at x.
double det_gamma_p(double a, double x) noexcept;

}  // namespace gatetune::engine
