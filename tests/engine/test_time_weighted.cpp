// TimeWeightedGauge: the mean weighs each level by how long it was held, checked against
// hand-computed integrals.
#include <QtTest>

#include <cstdint>

#include "engine/time_weighted.hpp"

using namespace gatetune::engine;

class TestTimeWeighted : public QObject {
    Q_OBJECT

private slots:
    void handComputedExample() {
        TimeWeightedGauge g;
        g.start(0);
        g.set(10, 2.0);   // 0 over [0, 10)
        const double at20 = g.integral(20);  // a periodic sampler reads the integral as time passes
        g.set(30, 5.0);   // 2 over [10, 30)
        g.add(40, -3.0);  // 5 over [30, 40), then 2
        // Integral to t = 50: 0*10 + 2*20 + 5*10 + 2*10 = 110 over 50 us.
        QVERIFY(g.integral(50) == 110.0);
        QVERIFY(g.mean(50) == 2.2);
        QVERIFY(g.value() == 2.0);
        QVERIFY(g.max() == 5.0);
        QVERIFY(g.min() == 0.0);
        // Averages over a sub-window from integral differences: [20, 40) = (2*10 + 5*10) / 20.
        QVERIFY(at20 == 20.0);
        QVERIFY((g.integral(40) - at20) / 20.0 == 3.5);
        // Querying does not change state.
        QVERIFY(g.mean(50) == 2.2);
        QVERIFY(g.mean(100) == (110.0 + 2.0 * 50) / 100.0);
    }

    void updateCountDoesNotMatter() {
        // A burst of many updates in 1 us barely moves a long average.
        TimeWeightedGauge g(0);
        for (int i = 1; i <= 100; ++i) g.add(1000, 1.0);
        g.set(1001, 0.0);
        QVERIFY(g.max() == 100.0);
        QVERIFY(g.mean(1'000'001) == 100.0 / 1'000'001.0);
    }

    void startAtNonZeroTimeWithLevel() {
        TimeWeightedGauge g(1'000'000, 4.0);
        QCOMPARE(g.start_time(), std::int64_t{1'000'000});
        QVERIFY(g.mean(1'000'000) == 4.0);  // no time elapsed: the current level
        g.set(1'000'100, 8.0);
        QVERIFY(g.mean(1'000'200) == 6.0);
        QVERIFY(g.min() == 4.0);
        // Restarting forgets the history but keeps nothing from the old window.
        g.start(2'000'000, 1.0);
        QVERIFY(g.mean(2'000'010) == 1.0);
        QVERIFY(g.max() == 1.0);
    }

    void timeNeverRunsBackwards() {
        TimeWeightedGauge g(0);
        g.set(100, 1.0);
        g.set(50, 3.0);  // earlier than the last update: applies now, adds no negative area
        QVERIFY(g.integral(100) == 0.0);
        QVERIFY(g.integral(110) == 30.0);
        QVERIFY(g.integral(90) == 0.0);
    }

    void negativeLevelsAreTracked() {
        TimeWeightedGauge g(0, 0.0);
        g.add(10, -2.0);
        QVERIFY(g.min() == -2.0);
        QVERIFY(g.mean(20) == -1.0);
    }
};

QTEST_APPLESS_MAIN(TestTimeWeighted)
#include "test_time_weighted.moc"
