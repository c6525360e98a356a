#pragma once
// What calibration keeps of one quantity (a latency factor, prompt sizes, inter-arrival times):
// a uniform reservoir sample of fixed size — the same for ten thousand lines or a billion — and
// the exact count, min, max and mean. Fits and KS distances are computed on the reservoir. The
// reservoir's random choices come from the engine's RNG with a fixed seed, so the same log gives
// the same sample and the same fitted numbers.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/random.hpp"

namespace gatetune::sim::calibration {

// A uniform sample of at most `capacity` of the values offered (Algorithm R).
template <class T>
class Reservoir {
public:
    explicit Reservoir(std::size_t capacity, std::uint64_t seed = 1) : capacity_(capacity), rng_(seed) {}
    void add(const T& x) {
        ++seen_;
        if (items_.size() < capacity_) {
            items_.push_back(x);
            return;
        }
        // The n-th value replaces a random slot with probability capacity / n.
        const std::uint64_t j = rng_.below(seen_);
        if (j < capacity_) items_[static_cast<std::size_t>(j)] = x;
    }
    const std::vector<T>& items() const noexcept { return items_; }
    std::uint64_t seen() const noexcept { return seen_; }
    std::size_t memory_bytes() const noexcept { return items_.capacity() * sizeof(T); }

private:
    std::size_t capacity_;
    engine::Rng rng_;
    std::vector<T> items_;
    std::uint64_t seen_ = 0;
};

class SampleSketch {
public:
    static constexpr std::size_t kDefaultCapacity = 20'000;

    explicit SampleSketch(std::size_t capacity = kDefaultCapacity, std::uint64_t seed = 1) : reservoir_(capacity, seed) {}

    void add(double x) {
        ++count_;
        sum_ += x;
        sum2_ += x * x;
        min_ = x < min_ ? x : min_;
        max_ = x > max_ ? x : max_;
        reservoir_.add(x);
    }

    std::uint64_t count() const noexcept { return count_; }
    double mean() const noexcept { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
    double min() const noexcept { return min_; }
    double max() const noexcept { return max_; }
    // Coefficient of variation (stddev / mean) of every value seen.
    double cv() const noexcept;
    // The reservoir, sorted (a copy: the sketch can keep growing).
    std::vector<double> sorted_sample() const;
    std::size_t memory_bytes() const noexcept { return reservoir_.memory_bytes(); }

private:
    Reservoir<double> reservoir_;
    std::uint64_t count_ = 0;
    double sum_ = 0;
    double sum2_ = 0;
    double min_ = std::numeric_limits<double>::infinity();
    double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace gatetune::sim::calibration
