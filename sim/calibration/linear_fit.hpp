#pragma once
// Ordinary least squares from running sums, so a regression over a billion log lines needs a
// handful of doubles: y = a + b·x (TTFT against prompt tokens, generation time against
// completion tokens) or y = a + b·x1 + c·x2 (total latency against both, when the logs have no
// time to first token).
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

namespace gatetune::sim::calibration {

class LinearFit {
public:
    // x2 = 0 for the one-regressor form.
    void add(double x1, double y, double x2 = 0) {
        const std::array<double, 3> v{1.0, x1, x2};
        for (int i = 0; i < 3; ++i) {
            xy_[i] += v[i] * y;
            for (int j = 0; j < 3; ++j) xx_[i][j] += v[i] * v[j];
        }
        ++n_;
    }
    std::uint64_t count() const noexcept { return n_; }
    // Variance of x1 (0: every value the same, the slope cannot be told).
    double x1_variance() const noexcept {
        if (n_ < 2) return 0;
        const double n = static_cast<double>(n_);
        return std::max(0.0, xx_[1][1] / n - (xx_[0][1] / n) * (xx_[0][1] / n));
    }
    double x2_variance() const noexcept {
        if (n_ < 2) return 0;
        const double n = static_cast<double>(n_);
        return std::max(0.0, xx_[2][2] / n - (xx_[0][2] / n) * (xx_[0][2] / n));
    }
    double mean_y() const noexcept { return n_ ? xy_[0] / static_cast<double>(n_) : 0; }

    // {a, b} of y = a + b·x1; nullopt when x1 never varies.
    std::optional<std::array<double, 2>> solve1() const {
        const double det = xx_[0][0] * xx_[1][1] - xx_[0][1] * xx_[0][1];
        if (n_ < 3 || !(std::fabs(det) > 1e-12 * xx_[0][0] * xx_[1][1])) return std::nullopt;
        return std::array<double, 2>{(xy_[0] * xx_[1][1] - xy_[1] * xx_[0][1]) / det, (xx_[0][0] * xy_[1] - xx_[0][1] * xy_[0]) / det};
    }
    // {a, b, c} of y = a + b·x1 + c·x2 (Cramer's rule on the normal equations).
    std::optional<std::array<double, 3>> solve2() const {
        const auto det3 = [](const std::array<std::array<double, 3>, 3>& m) {
            return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                   m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        };
        const double d = det3(xx_);
        if (n_ < 4 || !(std::fabs(d) > 1e-12 * xx_[0][0] * xx_[1][1] * xx_[2][2])) return std::nullopt;
        std::array<double, 3> out{};
        for (int k = 0; k < 3; ++k) {
            auto m = xx_;
            for (int i = 0; i < 3; ++i) m[i][k] = xy_[i];
            out[k] = det3(m) / d;
        }
        return out;
    }

private:
    std::array<std::array<double, 3>, 3> xx_{};
    std::array<double, 3> xy_{};
    std::uint64_t n_ = 0;
};

}  // namespace gatetune::sim::calibration
