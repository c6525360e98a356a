#pragma once
// A level that holds between changes (queue length, busy workers, open connections), averaged
// over simulated time rather than over updates: a queue that is 100 deep for 1 us and empty for a
// second has a mean near 0, however many updates each phase saw.
//
// Time is integer microseconds. The integral is accumulated as level * dt in double: exact for
// integral levels while it stays below 2^53 (level 1000 held for ~100 simulated days), and
// relatively accurate to ~1e-16 per update beyond that.

#include <algorithm>
#include <cstdint>

namespace gatetune::engine {

class TimeWeightedGauge {
public:
    TimeWeightedGauge() = default;
    explicit TimeWeightedGauge(std::int64_t t0, double level = 0.0) { start(t0, level); }

    // Restarts the averaging window at t0 with the given level (the min/max restart too).
    void start(std::int64_t t0, double level = 0.0) noexcept {
        t0_ = t0;
        last_ = t0;
        level_ = level;
        integral_ = 0.0;
        max_ = level;
        min_ = level;
    }

    // The level becomes `level` at time `now`. Times must not decrease; an earlier `now` is
    // treated as the last update time (the change applies, no negative area is added).
    void set(std::int64_t now, double level) noexcept {
        advance(now);
        level_ = level;
        max_ = std::max(max_, level);
        min_ = std::min(min_, level);
    }

    void add(std::int64_t now, double delta) noexcept { set(now, level_ + delta); }

    double value() const noexcept { return level_; }
    double max() const noexcept { return max_; }
    double min() const noexcept { return min_; }
    std::int64_t start_time() const noexcept { return t0_; }

    // Integral of the level over [t0, now] (level * microseconds), for now >= the last update
    // (an earlier now is read as the last update time). A periodic sampler keeps the previous
    // reading: (integral(t2) - integral(t1)) / (t2 - t1) is the mean over [t1, t2].
    double integral(std::int64_t now) const noexcept {
        return integral_ + level_ * static_cast<double>(std::max<std::int64_t>(now - last_, 0));
    }

    // Time-weighted mean over [t0, now]; the current level if no time has passed.
    double mean(std::int64_t now) const noexcept {
        const std::int64_t span = now - t0_;
        if (span <= 0) return level_;
        return integral(now) / static_cast<double>(span);
    }

private:
    void advance(std::int64_t now) noexcept {
        if (now > last_) {
            integral_ += level_ * static_cast<double>(now - last_);
            last_ = now;
        }
    }

    std::int64_t t0_ = 0;
    std::int64_t last_ = 0;
    double level_ = 0.0;
    double integral_ = 0.0;
    double max_ = 0.0;
    double min_ = 0.0;
};

}  // namespace gatetune::engine
