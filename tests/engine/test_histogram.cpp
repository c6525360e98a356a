// LatencyHistogram: percentiles within 1 % of the exact nearest-rank value on several shapes of
// data, exact min/max/mean, merge == recording into one, and memory independent of the count.
#include "qtest_suite.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/distribution.hpp"
#include "engine/histogram.hpp"
#include "engine/random.hpp"

using namespace gatetune::engine;

namespace {

// p in thousandths of a percent so the exact nearest rank is computed in integers.
constexpr std::int64_t kPercentilesMilli[] = {0, 1000, 10000, 50000, 90000, 99000, 99900, 100000};

std::int64_t exact_percentile(const std::vector<std::int64_t>& sorted, std::int64_t p_milli) {
    const auto n = static_cast<std::int64_t>(sorted.size());
    std::int64_t rank = (p_milli * n + 99999) / 100000;  // ceil(p/100 * n)
    rank = std::clamp<std::int64_t>(rank, 1, n);
    return sorted[static_cast<std::size_t>(rank - 1)];
}

void check_percentiles(std::vector<std::int64_t> values, const char* label) {
    LatencyHistogram h;
    for (const auto v : values) h.record(v);
    std::sort(values.begin(), values.end());
    QCOMPARE(h.count(), static_cast<std::uint64_t>(values.size()));
    QCOMPARE(h.min(), values.front());
    QCOMPARE(h.max(), values.back());
    for (const auto p_milli : kPercentilesMilli) {
        const double p = static_cast<double>(p_milli) / 1000.0;
        const std::int64_t want = exact_percentile(values, p_milli);
        const std::int64_t got = h.percentile(p);
        const double err = want == 0 ? static_cast<double>(got)
                                     : std::fabs(static_cast<double>(got - want)) / static_cast<double>(want);
        // The design bound is 1/256 (0.39 %); the requirement is 1 %.
        QVERIFY2(err <= 1.0 / 256.0,
                 qPrintable(QString("%1: p%2 = %3, exact %4 (error %5)").arg(label).arg(p).arg(got).arg(want).arg(err)));
    }
}

std::vector<std::int64_t> from_distribution(const Distribution& d, double scale, std::uint64_t seed, int n) {
    Rng rng(seed);
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) out.push_back(static_cast<std::int64_t>(std::llround(d.sample(rng) * scale)));
    return out;
}

}  // namespace

class TestHistogram : public QObject {
    Q_OBJECT

private slots:
    void bucketGeometry() {
        QCOMPARE(LatencyHistogram::kMaxBuckets, std::size_t{7296});
        QCOMPARE(LatencyHistogram::index_of(std::numeric_limits<std::int64_t>::max()), std::size_t{7295});
        QCOMPARE(LatencyHistogram::bucket_highest(7295), std::numeric_limits<std::int64_t>::max());
        QCOMPARE(LatencyHistogram::index_of(-5), std::size_t{0});
        // Exact below 256; every value lies in its bucket; buckets tile the range without gaps
        // and are at most 1/128 of their lowest value wide.
        for (std::int64_t v = 0; v < 256; ++v) {
            QCOMPARE(LatencyHistogram::index_of(v), static_cast<std::size_t>(v));
        }
        for (std::size_t i = 0; i + 1 < LatencyHistogram::kMaxBuckets; ++i) {
            const std::int64_t lo = LatencyHistogram::bucket_lowest(i);
            const std::int64_t hi = LatencyHistogram::bucket_highest(i);
            QVERIFY(lo <= hi);
            QCOMPARE(LatencyHistogram::index_of(lo), i);
            QCOMPARE(LatencyHistogram::index_of(hi), i);
            QCOMPARE(LatencyHistogram::bucket_lowest(i + 1), hi + 1);
            if (lo >= 256) QVERIFY((hi - lo + 1) * 128 <= lo);
        }
    }

    void exactForSmallValues() {
        std::vector<std::int64_t> values;
        for (std::int64_t v = 0; v < 256; ++v) values.push_back(v);
        LatencyHistogram h;
        for (const auto v : values) h.record(v);
        for (const auto p_milli : kPercentilesMilli) {
            QCOMPARE(h.percentile(static_cast<double>(p_milli) / 1000.0), exact_percentile(values, p_milli));
        }
        QCOMPARE(h.percentile(50.0), std::int64_t{127});
    }

    void percentileAccuracyUniform() {
        Rng rng(1);
        std::vector<std::int64_t> v;
        for (int i = 0; i < 200000; ++i) v.push_back(static_cast<std::int64_t>(rng.below(1000000)));
        check_percentiles(v, "uniform");
    }

    void percentileAccuracyLognormalHeavyTail() {
        // 4 ms median, 2 s p99 in microseconds.
        const auto d = Distribution::lognormal_from_median_p99(4000.0, 2000000.0);
        check_percentiles(from_distribution(d, 1.0, 2, 200000), "lognormal");
    }

    void percentileAccuracyPareto() {
        check_percentiles(from_distribution(Distribution::pareto(100.0, 1.1), 1.0, 3, 200000), "pareto");
    }

    void percentileAccuracyNearZero() {
        Rng rng(4);
        std::vector<std::int64_t> v;
        for (int i = 0; i < 100000; ++i) v.push_back(static_cast<std::int64_t>(rng.below(300)));
        for (int i = 0; i < 1000; ++i) v.push_back(0);
        check_percentiles(v, "near zero");
    }

    void percentileAccuracyHugeValues() {
        Rng rng(5);
        std::vector<std::int64_t> v;
        for (int i = 0; i < 100000; ++i) {
            // Spread over 2^40 .. 2^62.
            const int e = 40 + static_cast<int>(rng.below(22));
            v.push_back(static_cast<std::int64_t>(std::ldexp(1.0 + rng.uniform01(), e)));
        }
        v.push_back(std::numeric_limits<std::int64_t>::max());
        check_percentiles(v, "huge");
    }

    void percentileEdges() {
        LatencyHistogram h;
        QCOMPARE(h.percentile(50.0), std::int64_t{0});
        QCOMPARE(h.min(), std::int64_t{0});
        QCOMPARE(h.max(), std::int64_t{0});
        QCOMPARE(h.mean(), 0.0);
        QVERIFY(h.empty());

        h.record(123457);
        // A single sample: every percentile is that sample (bucket midpoint clamped to [min, max]).
        for (const double p : {0.0, 1.0, 50.0, 99.9, 100.0}) QCOMPARE(h.percentile(p), std::int64_t{123457});
        h.record(1000000);
        QCOMPARE(h.percentile(0.0), std::int64_t{123457});
        QCOMPARE(h.percentile(100.0), std::int64_t{1000000});
        QCOMPARE(h.percentile(-5.0), std::int64_t{123457});
        QCOMPARE(h.percentile(250.0), std::int64_t{1000000});
        QCOMPARE(h.percentile(std::nan("")), std::int64_t{123457});
        // In between: the bucket midpoint (123457 sits in a 512-wide bucket).
        QVERIFY(std::abs(h.percentile(50.0) - 123457) <= 123457 / 256);
        QVERIFY(std::abs(h.percentile(50.1) - 1000000) <= 1000000 / 256);
    }

    void exactStatistics() {
        LatencyHistogram h;
        Rng rng(6);
        std::int64_t sum = 0, lo = std::numeric_limits<std::int64_t>::max(), hi = 0;
        for (int i = 0; i < 100000; ++i) {
            const auto v = static_cast<std::int64_t>(rng.below(50000000));
            h.record(v);
            sum += v;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        QCOMPARE(h.min(), lo);
        QCOMPARE(h.max(), hi);
        QCOMPARE(h.sum(), (U128{0, static_cast<std::uint64_t>(sum)}));
        QVERIFY(h.mean() == static_cast<double>(sum) / 100000.0);

        // The sum does not overflow even when int64 would.
        LatencyHistogram big;
        big.record(std::numeric_limits<std::int64_t>::max(), 4);
        QCOMPARE(big.sum(), (U128{1, std::numeric_limits<std::uint64_t>::max() - 3}));
        QVERIFY(big.mean() == static_cast<double>(std::numeric_limits<std::int64_t>::max()));
    }

    void countedRecordEqualsRepeated() {
        LatencyHistogram a, b;
        a.record(5000, 3);
        a.record(7, 0);  // no-op
        for (int i = 0; i < 3; ++i) b.record(5000);
        QVERIFY(a == b);
        QCOMPARE(a.min(), std::int64_t{5000});
    }

    void negativeValuesClampToZero() {
        LatencyHistogram h;
        h.record(-10);
        QCOMPARE(h.min(), std::int64_t{0});
        QCOMPARE(h.percentile(50.0), std::int64_t{0});
        QCOMPARE(h.count(), std::uint64_t{1});
    }

    void mergeEqualsRecordingIntoOne() {
        const auto d = Distribution::lognormal_from_median_p99(20000.0, 900000.0);
        const auto a_values = from_distribution(d, 1.0, 7, 50000);
        const auto b_values = from_distribution(Distribution::uniform(0.0, 300.0), 1.0, 8, 20000);
        LatencyHistogram a, b, all;
        for (const auto v : a_values) {
            a.record(v);
            all.record(v);
        }
        for (const auto v : b_values) {
            b.record(v);
            all.record(v);
        }
        LatencyHistogram merged = b;  // smaller magnitude first: merge must grow
        merged.merge(a);
        QVERIFY(merged == all);
        QCOMPARE(merged.count(), all.count());
        QCOMPARE(merged.min(), all.min());
        QCOMPARE(merged.max(), all.max());
        QVERIFY(merged.mean() == all.mean());
        for (const auto p_milli : kPercentilesMilli) {
            const double p = static_cast<double>(p_milli) / 1000.0;
            QCOMPARE(merged.percentile(p), all.percentile(p));
        }
        LatencyHistogram empty;
        merged.merge(empty);
        QVERIFY(merged == all);
        empty.merge(all);
        QVERIFY(empty == all);
    }

    void memoryIndependentOfCount() {
        LatencyHistogram h;
        const std::size_t initial = h.memory_bytes();
        h.record(1'000'000'000);  // largest magnitude first
        const std::size_t after_one = h.memory_bytes();
        QVERIFY(after_one > initial);
        Rng rng(9);
        for (int i = 0; i < 1'000'000; ++i) h.record(static_cast<std::int64_t>(rng.below(1'000'000'000)));
        QCOMPARE(h.memory_bytes(), after_one);
        QCOMPARE(h.count(), std::uint64_t{1'000'001});
        // Hard upper bound regardless of the values.
        h.record(std::numeric_limits<std::int64_t>::max());
        QCOMPARE(h.memory_bytes(), LatencyHistogram::kMaxBuckets * sizeof(std::uint64_t));
        QVERIFY(h.memory_bytes() <= 64 * 1024);
        // reset() keeps the buckets allocated.
        h.reset();
        QCOMPARE(h.memory_bytes(), LatencyHistogram::kMaxBuckets * sizeof(std::uint64_t));
        QVERIFY(h == LatencyHistogram());
        QCOMPARE(h.count(), std::uint64_t{0});
        h.record(42);
        QCOMPARE(h.min(), std::int64_t{42});
        QCOMPARE(h.max(), std::int64_t{42});
    }

    void forEachBucketCoversAllSamples() {
        LatencyHistogram h;
        Rng rng(10);
        for (int i = 0; i < 10000; ++i) h.record(static_cast<std::int64_t>(rng.below(5000000)));
        std::uint64_t total = 0;
        std::int64_t previous_high = -1;
        h.for_each_bucket([&](std::int64_t lo, std::int64_t hi, std::uint64_t count) {
            QVERIFY(lo > previous_high && lo <= hi);
            previous_high = hi;
            total += count;
        });
        QCOMPARE(total, h.count());
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestHistogram)
#include "test_histogram.moc"
