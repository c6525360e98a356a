#include "engine/histogram.hpp"

#include <cmath>

namespace gatetune::engine {

std::int64_t LatencyHistogram::bucket_lowest(std::size_t index) noexcept {
    if (index < kExactLimit) return static_cast<std::int64_t>(index);
    const std::size_t shift = (index >> 7) - 1;
    const std::uint64_t top = index - (shift << 7);  // in [128, 256)
    return static_cast<std::int64_t>(top << shift);
}

std::int64_t LatencyHistogram::bucket_highest(std::size_t index) noexcept {
    if (index < kExactLimit) return static_cast<std::int64_t>(index);
    const std::size_t shift = (index >> 7) - 1;
    return bucket_lowest(index) + static_cast<std::int64_t>((std::uint64_t{1} << shift) - 1);
}

std::int64_t LatencyHistogram::bucket_representative(std::size_t index) noexcept {
    const std::int64_t lo = bucket_lowest(index);
    return lo + (bucket_highest(index) - lo) / 2;
}

void LatencyHistogram::grow(std::size_t index) {
    // Whole groups of 128, and an exact reserve so memory_bytes() reflects only the magnitude.
    const std::size_t size = std::min(kMaxBuckets, (index / 128 + 1) * 128);
    counts_.reserve(size);
    counts_.resize(size, 0);
}

std::int64_t LatencyHistogram::percentile(double p) const noexcept {
    if (total_ == 0) return 0;
    if (!(p > 0.0)) return min();  // also catches NaN
    if (p >= 100.0) return max();
    // Rank of the nearest-rank definition, ceil(p/100 * n). The tiny relative slack stops
    // representation error (99.9 is not exact in binary) from pushing an exact rank up by one.
    const double exact = p * static_cast<double>(total_) / 100.0;
    double rank_d = std::ceil(exact - exact * 1e-12);
    if (rank_d < 1.0) rank_d = 1.0;
    const auto rank = static_cast<std::uint64_t>(rank_d);

    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        seen += counts_[i];
        if (seen >= rank) {
            return std::clamp(bucket_representative(i), min(), max());
        }
    }
    return max();
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    if (other.total_ == 0) return;
    if (other.counts_.size() > counts_.size()) grow(other.counts_.size() - 1);
    for (std::size_t i = 0; i < other.counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    sum_ = add_128(sum_, other.sum_);
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
}

void LatencyHistogram::reset() noexcept {
    std::fill(counts_.begin(), counts_.end(), 0);
    total_ = 0;
    sum_ = {};
    min_ = std::numeric_limits<std::uint64_t>::max();
    max_ = 0;
}

bool operator==(const LatencyHistogram& a, const LatencyHistogram& b) noexcept {
    if (a.total_ != b.total_ || a.sum_ != b.sum_ || a.min_ != b.min_ || a.max_ != b.max_) {
        return false;
    }
    const std::size_t n = std::max(a.counts_.size(), b.counts_.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t ca = i < a.counts_.size() ? a.counts_[i] : 0;
        const std::uint64_t cb = i < b.counts_.size() ? b.counts_[i] : 0;
        if (ca != cb) return false;
    }
    return true;
}

}  // namespace gatetune::engine
