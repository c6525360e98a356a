#pragma once
// Latency histogram with bounded relative error and memory independent of the sample count.
//
// HDR-style log-linear buckets: values below 256 get one bucket each (exact); above that, each
// power-of-two range [2^k, 2^(k+1)) is split into 128 equal sub-buckets, so a bucket is at most
// 1/128 of its smallest value wide and its midpoint is within 1/256 (0.4 %) of any value in it.
// Covers all non-negative int64 (the full range needs 7296 buckets, ~57 KiB); the count array
// grows lazily to the largest magnitude recorded so far, so a histogram of millisecond-scale
// latencies stays around 14 KiB. min, max, count and mean are exact.

#include "engine/wide_mul.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace gatetune::engine {

namespace histogram_detail {
// For v >= 256 with bit width b, the top 8 bits of v select the sub-bucket inside group b - 8;
// for v < 256 the same formula yields v itself, so the index is continuous and monotone.
constexpr std::size_t index_of(std::uint64_t v) noexcept {
    const int width = std::bit_width(v);
    const int shift = width > 8 ? width - 8 : 0;
    return (static_cast<std::size_t>(shift) << 7) + static_cast<std::size_t>(v >> shift);
}
}  // namespace histogram_detail

class LatencyHistogram {
public:
    static constexpr std::uint64_t kSubBuckets = 128;  // per power of two (histogram_detail)
    // Values below this are stored exactly, one bucket per value.
    static constexpr std::uint64_t kExactLimit = 256;
    static constexpr std::size_t kMaxBuckets =
        histogram_detail::index_of(std::numeric_limits<std::int64_t>::max()) + 1;

    // Negative values are recorded as 0 (simulated durations cannot be negative; a negative
    // input is a caller bug, and clamping keeps the statistics well-defined). count == 0 is a no-op.
    void record(std::int64_t value, std::uint64_t count = 1) {
        if (count == 0) return;
        const std::uint64_t v = value < 0 ? 0 : static_cast<std::uint64_t>(value);
        const std::size_t index = index_of_unsigned(v);
        if (index >= counts_.size()) grow(index);
        counts_[index] += count;
        total_ += count;
        sum_ = add_128(sum_, mul_64x64(v, count));
        min_ = std::min(min_, v);
        max_ = std::max(max_, v);
    }

    std::uint64_t count() const noexcept { return total_; }
    bool empty() const noexcept { return total_ == 0; }
    // min(), max(), mean() and percentile() return 0 for an empty histogram.
    std::int64_t min() const noexcept { return total_ ? static_cast<std::int64_t>(min_) : 0; }
    std::int64_t max() const noexcept { return static_cast<std::int64_t>(max_); }
    double mean() const noexcept {
        return total_ ? to_double(sum_) / static_cast<double>(total_) : 0.0;
    }
    // Exact sum of all recorded values (128-bit, so it cannot overflow).
    U128 sum() const noexcept { return sum_; }

    // Nearest-rank percentile, p in [0, 100] (clamped): the smallest recorded value v with at
    // least p % of the samples <= v, reported as its bucket's midpoint clamped to [min, max].
    // p = 0 gives min() and p = 100 gives max(), both exact.
    std::int64_t percentile(double p) const noexcept;

    // Adds other's samples to this one; the result equals recording both streams into one.
    void merge(const LatencyHistogram& other);

    // Forgets all samples; keeps the allocated buckets (no reallocation on reuse).
    void reset() noexcept;

    // Calls f(lowest, highest, count) for every non-empty bucket in increasing order; the bucket
    // holds the integers in [lowest, highest].
    template <class F>
    void for_each_bucket(F&& f) const {
        for (std::size_t i = 0; i < counts_.size(); ++i) {
            if (counts_[i] != 0) f(bucket_lowest(i), bucket_highest(i), counts_[i]);
        }
    }

    // Bytes of the count array; depends only on the largest magnitude recorded, never on count().
    std::size_t memory_bytes() const noexcept { return counts_.capacity() * sizeof(std::uint64_t); }

    // Logical equality: the same multiset of buckets and the same exact statistics.
    friend bool operator==(const LatencyHistogram& a, const LatencyHistogram& b) noexcept;

    // Bucket geometry, exposed for tests and exporters.
    static constexpr std::size_t index_of(std::int64_t value) noexcept {
        return index_of_unsigned(value < 0 ? 0 : static_cast<std::uint64_t>(value));
    }
    static std::int64_t bucket_lowest(std::size_t index) noexcept;
    static std::int64_t bucket_highest(std::size_t index) noexcept;
    // Midpoint (rounded down) of the bucket: the value percentile() reports.
    static std::int64_t bucket_representative(std::size_t index) noexcept;

private:
    static constexpr std::size_t index_of_unsigned(std::uint64_t v) noexcept {
        return histogram_detail::index_of(v);
    }

    void grow(std::size_t index);

    std::vector<std::uint64_t> counts_;
    std::uint64_t total_ = 0;
    U128 sum_{};
    std::uint64_t min_ = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t max_ = 0;
};

}  // namespace gatetune::engine
