// Rng (xoshiro256** seeded by SplitMix64) and RngStreams: reference vectors, pinned outputs,
// reproducibility and independence of named streams.
#include "qtest_suite.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/random.hpp"

using namespace gatetune::engine;

namespace {

std::vector<std::uint64_t> draw(Rng rng, int n) {
    std::vector<std::uint64_t> out;
    for (int i = 0; i < n; ++i) out.push_back(rng.next_u64());
    return out;
}

double correlation(Rng a, Rng b, int n) {
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    for (int i = 0; i < n; ++i) {
        const double x = a.uniform01(), y = b.uniform01();
        sa += x;
        sb += y;
        saa += x * x;
        sbb += y * y;
        sab += x * y;
    }
    const double cov = sab / n - (sa / n) * (sb / n);
    const double va = saa / n - (sa / n) * (sa / n);
    const double vb = sbb / n - (sb / n) * (sb / n);
    return cov / std::sqrt(va * vb);
}

// Whether two streams ever produce the same output at the same position within n draws (so in
// particular they share no prefix).
bool any_equal_position(Rng a, Rng b, int n) {
    for (int i = 0; i < n; ++i) {
        if (a.next_u64() == b.next_u64()) return true;
    }
    return false;
}

static_assert(fnv1a64("") == 0xcbf29ce484222325ull);
static_assert(fnv1a64("a") == 0xaf63dc4c8601ec8cull);
static_assert(RngStreams(42).seed_for("arrivals") == 0x110511c82620e958ull);  // constexpr

}  // namespace

class TestRandom : public QObject {
    Q_OBJECT

private slots:
    // Published test vectors: xoshiro256** from state {1, 2, 3, 4}, SplitMix64 from 0.
    void referenceVectors() {
        Rng rng = Rng::from_state({1, 2, 3, 4});
        QCOMPARE(rng.next_u64(), std::uint64_t{11520});
        QCOMPARE(rng.next_u64(), std::uint64_t{0});
        QCOMPARE(rng.next_u64(), std::uint64_t{1509978240});
        QCOMPARE(rng.next_u64(), std::uint64_t{1215971899390074240});
        std::uint64_t state = 0;
        QCOMPARE(splitmix64_next(state), std::uint64_t{0xe220a8397b1dcdaf});
        QCOMPARE(splitmix64_next(state), std::uint64_t{0x6e789e6aa1b965f4});
    }

    // Pinned outputs: any change here changes every simulation result, on purpose or not.
    void goldenSeed42() {
        const std::vector<std::uint64_t> expected = {0x15780b2e0c2ec716ull, 0x6104d9866d113a7eull,
                                                     0xae17533239e499a1ull, 0xecb8ad4703b360a1ull,
                                                     0xfde6dc7fe2ec5e64ull};
        QCOMPARE(draw(Rng(42), 5), expected);
    }

    void goldenStreams() {
        const RngStreams streams(42);
        QCOMPARE(streams.seed_for("arrivals"), std::uint64_t{0x110511c82620e958});
        const std::vector<std::uint64_t> arrivals = {0xde508da48611b581ull, 0x0302f94690190df4ull,
                                                     0xd45a7316ab1eaf84ull};
        QCOMPARE(draw(streams.stream("arrivals"), 3), arrivals);
        QCOMPARE(streams.seed_for("worker", 3), std::uint64_t{0x2026e7f86cfecea9});
        const std::vector<std::uint64_t> worker3 = {0x5ae484333af94b7bull, 0x26fc3465057c53bdull,
                                                    0x4d5c3a4dac011204ull};
        QCOMPARE(draw(streams.stream("worker", 3), 3), worker3);
    }

    void sameSeedSameSequence() {
        QCOMPARE(draw(Rng(7), 1000), draw(Rng(7), 1000));
        QVERIFY(draw(Rng(7), 10) != draw(Rng(8), 10));
        QCOMPARE(draw(RngStreams(9).stream("x"), 1000), draw(RngStreams(9).stream("x"), 1000));
        QVERIFY(draw(RngStreams(9).stream("x"), 10) != draw(RngStreams(10).stream("x"), 10));
        // Copies continue identically: an Rng is a plain value.
        Rng a(5);
        a.next_u64();
        Rng b = a;
        QCOMPARE(draw(a, 100), draw(b, 100));
    }

    void namedStreamsAreIndependent() {
        const RngStreams streams(42);
        const std::vector<std::pair<Rng, Rng>> pairs = {
            {streams.stream("arrivals"), streams.stream("service")},
            {streams.stream("a"), streams.stream("b")},
            {streams.stream("worker", 0), streams.stream("worker", 1)},
            {streams.stream("worker"), streams.stream("worker", 0)},
            {streams.stream("x"), Rng(42)},
        };
        for (const auto& [a, b] : pairs) {
            const double r = correlation(a, b, 100000);
            QVERIFY2(std::fabs(r) < 0.01, qPrintable(QString("correlation %1").arg(r)));
            QVERIFY(!any_equal_position(a, b, 100000));
        }
        // Many indices: all seeds distinct.
        std::vector<std::uint64_t> seeds;
        for (std::uint64_t i = 0; i < 10000; ++i) seeds.push_back(streams.seed_for("worker", i));
        std::sort(seeds.begin(), seeds.end());
        QVERIFY(std::adjacent_find(seeds.begin(), seeds.end()) == seeds.end());
    }

    void streamUnaffectedByOtherStreams() {
        const RngStreams streams(1234);
        const auto before = draw(streams.stream("upstream.latency"), 1000);
        // Create and use other streams, including ones whose names share a prefix.
        for (int i = 0; i < 50; ++i) {
            Rng other = streams.stream("component" + std::to_string(i));
            for (int k = 0; k < 100; ++k) other.next_u64();
            Rng indexed = streams.stream("upstream.latency", static_cast<std::uint64_t>(i));
            indexed.next_u64();
        }
        const RngStreams fresh(1234);
        QCOMPARE(draw(streams.stream("upstream.latency"), 1000), before);
        QCOMPARE(draw(fresh.stream("upstream.latency"), 1000), before);
        QCOMPARE(streams.master_seed(), std::uint64_t{1234});
    }

    void uniform01Range() {
        Rng rng(11);
        double sum = 0.0, lo = 1.0, hi = 0.0;
        const int n = 200000;
        for (int i = 0; i < n; ++i) {
            const double u = rng.uniform01();
            QVERIFY(u >= 0.0 && u < 1.0);
            // 53-bit grid.
            QCOMPARE(std::ldexp(u, 53), std::floor(std::ldexp(u, 53)));
            sum += u;
            lo = std::min(lo, u);
            hi = std::max(hi, u);
        }
        QVERIFY(std::fabs(sum / n - 0.5) < 0.003);
        QVERIFY(lo < 1e-4 && hi > 1.0 - 1e-4);
    }

    void uniformOpen01Range() {
        Rng rng(12);
        double sum = 0.0;
        const int n = 200000;
        for (int i = 0; i < n; ++i) {
            const double u = rng.uniform_open01();
            QVERIFY(u > 0.0 && u < 1.0);
            QVERIFY(std::isfinite(std::log(u)));
            sum += u;
        }
        QVERIFY(std::fabs(sum / n - 0.5) < 0.003);
        // Extremes of the mapping: k = 0 and k = 2^52 - 1.
        QVERIFY((0.0 + 0.5) * 0x1p-52 > 0.0);
        QVERIFY((static_cast<double>((std::uint64_t{1} << 52) - 1) + 0.5) * 0x1p-52 < 1.0);
    }

    void belowIsUnbiased() {
        Rng rng(13);
        constexpr int kBins = 7;
        constexpr int n = 70000;
        std::array<int, kBins> hist{};
        for (int i = 0; i < n; ++i) {
            const std::uint64_t v = rng.below(kBins);
            QVERIFY(v < kBins);
            ++hist[v];
        }
        double chi2 = 0.0;
        const double expected = static_cast<double>(n) / kBins;
        for (const int h : hist) chi2 += (h - expected) * (h - expected) / expected;
        QVERIFY2(chi2 < 22.5, qPrintable(QString("chi2 %1 (6 dof, p=0.001 at 22.46)").arg(chi2)));

        // Large n where naive modulo would be visibly biased (2^63 + 1: half the values twice).
        const std::uint64_t big = (std::uint64_t{1} << 63) + 1;
        int upper = 0;
        for (int i = 0; i < 20000; ++i) {
            const std::uint64_t v = rng.below(big);
            QVERIFY(v < big);
            upper += v >= (big >> 1);
        }
        QVERIFY(std::abs(upper - 10000) < 400);

        QCOMPARE(rng.below(1), std::uint64_t{0});
        const Rng before = rng;
        QCOMPARE(rng.below(0), std::uint64_t{0});
        QVERIFY(rng == before);  // below(0) consumes nothing
    }

    void bernoulliRate() {
        Rng rng(14);
        int hits = 0;
        for (int i = 0; i < 100000; ++i) hits += rng.bernoulli(0.3);
        QVERIFY(std::abs(hits - 30000) < 600);
        QVERIFY(!rng.bernoulli(0.0));
        QVERIFY(rng.bernoulli(1.0));
    }

    void jumpGivesDistinctDeterministicSequence() {
        Rng a(42);
        a.jump();
        QCOMPARE(a.next_u64(), std::uint64_t{0x50086ef83cbf4f4a});
        Rng b(42), c(42);
        b.jump();
        c.long_jump();
        QVERIFY(!any_equal_position(Rng(42), b, 10000));
        QVERIFY(!any_equal_position(b, c, 10000));
        QVERIFY(std::fabs(correlation(Rng(42), b, 100000)) < 0.01);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestRandom)
#include "test_random.moc"
