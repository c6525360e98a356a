// TimeSeries: rows on a fixed grid, one per interval, plus merge/clear and argument checks.
#include "qtest_suite.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/time_series.hpp"

using namespace gatetune::engine;

namespace {

bool record(TimeSeries& ts, std::int64_t t, std::vector<double> values) { return ts.record(t, values); }

}  // namespace

class TestTimeSeries : public QObject {
    Q_OBJECT

private slots:
    void recordsOneRowPerInterval() {
        TimeSeries ts(1000, {"queue", "in_flight"});
        QCOMPARE(ts.interval(), std::int64_t{1000});
        QCOMPARE(ts.columns(), (std::vector<std::string>{"queue", "in_flight"}));
        QCOMPARE(ts.next_boundary(), std::int64_t{0});

        QVERIFY(record(ts, 0, {1.0, 10.0}));
        QCOMPARE(ts.next_boundary(), std::int64_t{1000});
        QVERIFY(!record(ts, 999, {2.0, 20.0}));  // same interval: ignored
        QVERIFY(record(ts, 1000, {3.0, 30.0}));
        QVERIFY(record(ts, 2500, {4.0, 40.0}));   // mid-interval: stamped at its boundary
        QVERIFY(!record(ts, 2999, {5.0, 50.0}));
        QVERIFY(record(ts, 7000, {6.0, 60.0}));   // gaps are allowed

        QCOMPARE(ts.row_count(), std::size_t{4});
        const std::vector<std::int64_t> times(ts.times().begin(), ts.times().end());
        QCOMPARE(times, (std::vector<std::int64_t>{0, 1000, 2000, 7000}));
        QCOMPARE(ts.column(1), (std::vector<double>{10.0, 30.0, 40.0, 60.0}));
        QVERIFY(ts.at(2, 0) == 4.0);
        const auto rows = ts.rows();
        QCOMPARE(rows.size(), std::size_t{4});
        QCOMPARE(rows[3].time, std::int64_t{7000});
        QVERIFY(rows[3].values[0] == 6.0 && rows[3].values[1] == 60.0);
        QCOMPARE(ts.values().size(), std::size_t{8});
        QCOMPARE(ts.column_index("in_flight"), std::optional<std::size_t>(1));
        QCOMPARE(ts.column_index("nope"), std::optional<std::size_t>());
        QCOMPARE(ts.next_boundary(), std::int64_t{8000});
    }

    void firstRowSnapsToGrid() {
        TimeSeries ts(250, {"x"});
        QCOMPARE(ts.next_boundary(1234), std::int64_t{1000});
        const std::array<double, 1> v{1.0};
        QVERIFY(ts.record(1234, v));
        QCOMPARE(ts.row(0).time, std::int64_t{1000});
        QVERIFY(ts.record(-1, v) == false);  // before the last row
        TimeSeries neg(250, {"x"});
        QVERIFY(neg.record(-1, v));
        QCOMPARE(neg.row(0).time, std::int64_t{-250});  // floor, not truncation
    }

    void invalidArgumentsThrow() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TimeSeries(0, {"x"}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TimeSeries(-5, {"x"}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TimeSeries(10, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TimeSeries(10, {"a", "a"}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TimeSeries(10, {""}));
        TimeSeries ts(10, {"a", "b"});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, record(ts, 0, {1.0}));
        QVERIFY(ts.empty());
    }

    void mergeInterleavesByTime() {
        TimeSeries a(100, {"x", "y"}), b(100, {"x", "y"});
        record(a, 0, {0, 0});
        record(a, 200, {2, 20});
        record(b, 100, {1, 10});
        record(b, 300, {3, 30});
        record(b, 400, {4, 40});
        a.merge(b);
        const std::vector<std::int64_t> times(a.times().begin(), a.times().end());
        QCOMPARE(times, (std::vector<std::int64_t>{0, 100, 200, 300, 400}));
        QCOMPARE(a.column(0), (std::vector<double>{0, 1, 2, 3, 4}));
        QCOMPARE(a.column(1), (std::vector<double>{0, 10, 20, 30, 40}));
        // Recording continues after the merged rows.
        QVERIFY(!record(a, 450, {9, 9}));
        QVERIFY(record(a, 500, {5, 50}));
    }

    void mergeRejectsConflicts() {
        TimeSeries a(100, {"x"}), b(100, {"x"}), c(50, {"x"}), d(100, {"z"});
        record(a, 0, {1});
        record(a, 100, {2});
        record(b, 100, {3});
        const TimeSeries before = a;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, a.merge(b));
        QVERIFY(a == before);  // unchanged on failure
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, a.merge(c));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, a.merge(d));
    }

    void clearKeepsShape() {
        TimeSeries ts(10, {"a"});
        record(ts, 0, {1});
        record(ts, 10, {2});
        ts.clear();
        QVERIFY(ts.empty());
        QCOMPARE(ts.columns(), (std::vector<std::string>{"a"}));
        QCOMPARE(ts.interval(), std::int64_t{10});
        QVERIFY(record(ts, 0, {3}));  // the grid starts over
        QVERIFY(ts.at(0, 0) == 3.0);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestTimeSeries)
#include "test_time_series.moc"
