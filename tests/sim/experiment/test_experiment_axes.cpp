// The inputs of experiments: --vary axes (ranges and lists checked through the schema, with a
// clear message for every kind of mistake), the grid's stable order, --shard, the t-table and
// confidence intervals, and --minimize expressions.
#include "qtest_suite.hpp"

#include <cmath>
#include <set>
#include <string>

#include "qtest_std_string.hpp"
#include "sim/experiment/axis.hpp"
#include "sim/experiment/experiment_error.hpp"
#include "sim/experiment/expression.hpp"
#include "sim/experiment/grid.hpp"
#include "sim/experiment/statistics.hpp"
#include "sim/preset/preset_io.hpp"
#include "tiny_preset.hpp"

using namespace gatetune;
using namespace gatetune::sim::experiment;

namespace {

std::int64_t as_int(const sim::Value& v) { return std::get<std::int64_t>(v); }
double as_double(const sim::Value& v) { return std::get<double>(v); }

// The message parse_axis throws, or "(no error)".
std::string axis_error(const std::string& spec) {
    try {
        parse_axis(spec);
    } catch (const ExperimentError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string expression_error(const std::string& text) {
    try {
        Expression::parse(text);
    } catch (const ExperimentError& e) {
        return e.what();
    }
    return "(no error)";
}

sim::Config tiny() { return sim::parse_preset(test::kTinyPreset, "tiny.toml"); }

}  // namespace

class TestExperimentAxes : public QObject {
    Q_OBJECT
private slots:
    void integerRangeWithAndWithoutStep() {
        const Axis a = parse_axis("db_pool.pool_size=5..40:5");
        QCOMPARE(a.name(), std::string_view("db_pool.pool_size"));
        QCOMPARE(a.size(), std::size_t{8});
        QCOMPARE(as_int(a.values.front()), std::int64_t{5});
        QCOMPARE(as_int(a.values.back()), std::int64_t{40});
        QVERIFY(a.range);
        const Axis b = parse_axis("server.workers=1..4");
        QCOMPARE(b.size(), std::size_t{4});
        QCOMPARE(as_int(b.values[2]), std::int64_t{3});
        // The last value is the largest a + k·step not above b (like seq).
        QCOMPARE(as_int(parse_axis("db_pool.pool_size=5..42:5").values.back()), std::int64_t{40});
    }

    void floatRangeGivesTheNumbersAsWritten() {
        const Axis a = parse_axis("db_pool.pool_timeout=0.1..0.5:0.1");
        QCOMPARE(a.size(), std::size_t{5});
        // 0.1 + 2 × 0.1 is 0.30000000000000004 in binary; the axis says 0.3.
        QCOMPARE(as_double(a.values[2]), 0.3);
        QCOMPARE(as_double(a.values[4]), 0.5);
        QCOMPARE(a.text(2), std::string("0.3"));
    }

    void listsOfAnyKeyType() {
        const Axis e = parse_axis("server.worker_class=sync, uvicorn");
        QCOMPARE(e.size(), std::size_t{2});
        QCOMPARE(std::get<std::string>(e.values[1]), std::string("uvicorn"));
        // Commas inside braces do not split.
        const Axis d = parse_axis(R"(request.parse_cpu=0.001,{ dist = "exponential", mean = 0.002 })");
        QCOMPARE(d.size(), std::size_t{2});
        QVERIFY(std::holds_alternative<sim::Distribution>(d.values[1]));
        const Axis b = parse_axis("db_pool.pool_pre_ping=true,false");
        QCOMPARE(std::get<bool>(b.values[0]), true);
    }

    void mistakesSayWhatIsWrongAndWhatIsAllowed_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no =") << "db_pool.pool_size" << "expected KEY=a..b:step or KEY=v1,v2";
        QTest::newRow("unknown key") << "db_pool.pool_sise=1..3" << "did you mean db_pool.pool_size?";
        QTest::newRow("range on an enum") << "server.worker_class=1..3" << "needs a numeric key";
        QTest::newRow("float range without step") << "db_pool.pool_timeout=1..3" << "needs a step";
        QTest::newRow("zero step") << "db_pool.pool_size=1..3:0" << "step must be greater than 0";
        QTest::newRow("backwards") << "db_pool.pool_size=9..3" << "starts above its end";
        QTest::newRow("fraction for integers") << "db_pool.pool_size=1..3:0.5" << "whole numbers";
        QTest::newRow("out of range") << "db_pool.pool_size=-5..10" << "integer 0 to 10000";
        QTest::newRow("list out of range") << "server.workers=1,0" << "integer 1 to 1024";
        QTest::newRow("not a range") << "db_pool.pool_size=a..b" << "is not a range";
        QTest::newRow("empty value") << "server.workers=1,,2" << "value 2 is empty";
        QTest::newRow("repeated value") << "server.workers=1,2,1" << "listed twice";
        QTest::newRow("bad enum") << "server.worker_class=sync,tornado" << "\"sync\", \"gthread\"";
        QTest::newRow("too many values") << "db_pool.pool_recycle=0..1000000:1" << "at most 100000";
        QTest::newRow("no values") << "server.workers=" << "no values";
    }
    void mistakesSayWhatIsWrongAndWhatIsAllowed() {
        QFETCH(QString, spec);
        QFETCH(QString, expected);
        const std::string message = axis_error(spec.toStdString());
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        QVERIFY2(message.starts_with("--vary " + spec.toStdString()) || message.starts_with("--vary: "), message.c_str());
    }

    void aKeyMayBeVariedOnceAndGridsAreBounded() {
        QVERIFY_THROWS_EXCEPTION(ExperimentError, parse_axes({"server.workers=1,2", "server.workers=3"}));
        QVERIFY_THROWS_EXCEPTION(ExperimentError,
                                 parse_axes({"db_pool.pool_size=1..1000", "db_pool.max_overflow=1..1000", "server.workers=1..2"}));
    }

    void gridOrderIsNestedLoopsInVaryOrder() {
        const Grid g(parse_axes({"server.workers=1,2", "db_pool.pool_size=10..30:10"}));
        QCOMPARE(g.size(), std::size_t{6});
        QCOMPARE(g.coordinates(0), (std::vector<std::size_t>{0, 0}));
        QCOMPARE(g.coordinates(1), (std::vector<std::size_t>{0, 1}));
        QCOMPARE(g.coordinates(3), (std::vector<std::size_t>{1, 0}));
        QCOMPARE(g.coordinates(5), (std::vector<std::size_t>{1, 2}));
        for (std::size_t p = 0; p < g.size(); ++p) QCOMPARE(g.index(g.coordinates(p)), p);
        const sim::Config c = g.apply(tiny(), 4);
        QCOMPARE(c.server.workers, 2);
        QCOMPARE(c.db_pool.pool_size, 20);
        QCOMPARE(g.describe(g.coordinates(4)), std::string("server.workers=2 db_pool.pool_size=20"));
        QCOMPARE(Grid().size(), std::size_t{1});
    }

    void pointsBreakingCrossKeyRulesAreRefusedUpFront() {
        const Grid g(parse_axes({"db_server.max_connections=2..5"}));
        try {
            g.check_points(tiny());
            QFAIL("a point with max_connections ≤ superuser_reserved_connections was accepted");
        } catch (const ExperimentError& e) {
            const std::string m = e.what();
            QVERIFY2(m.find("db_server.max_connections=2") != std::string::npos, m.c_str());
        }
    }

    void shardsPartitionTheGrid() {
        const Shard s = parse_shard("2/3");
        QCOMPARE(s.index, std::size_t{2});
        QCOMPARE(s.count, std::size_t{3});
        QCOMPARE(shard_points(10, s), (std::vector<std::size_t>{1, 4, 7}));
        for (const std::size_t n : {1, 2, 3, 7, 12}) {
            std::set<std::size_t> all;
            std::size_t total = 0;
            for (std::size_t i = 1; i <= n; ++i) {
                for (const std::size_t p : shard_points(10, {i, n})) all.insert(p), ++total;
            }
            QCOMPARE(total, std::size_t{10});
            QCOMPARE(all.size(), std::size_t{10});
        }
        for (const char* bad : {"0/3", "4/3", "a/b", "3", "1/0", "-1/2", "1/2/3", ""}) {
            QVERIFY_THROWS_EXCEPTION(ExperimentError, parse_shard(bad));
        }
    }

    void studentTTableAndIntervals() {
        QCOMPARE(t_critical_95(1), 12.7062);
        QCOMPARE(t_critical_95(4), 2.7764);
        QCOMPARE(t_critical_95(30), 2.0423);
        QCOMPARE(t_critical_95(31), 1.96);
        QCOMPARE(t_critical_95(1000), 1.96);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, t_critical_95(0));
        const Estimate e = estimate({1, 2, 3});
        QCOMPARE(e.mean, 2.0);
        QCOMPARE(e.n, std::size_t{3});
        QVERIFY(std::abs(e.ci95 - 4.3027 / std::sqrt(3.0)) < 1e-12);
        const Estimate one = estimate({5});
        QCOMPARE(one.mean, 5.0);
        QVERIFY(std::isnan(one.ci95));
        QVERIFY(!one.has_interval());
        QCOMPARE(estimate({2, 2, 2, 2}).ci95, 0.0);
    }

    void expressionsOverPresetKeys() {
        sim::Config c = tiny();
        c.server.workers = 4;
        c.db_pool.pool_size = 20;
        c.db_pool.max_overflow = 30;
        QCOMPARE(Expression::parse("server.workers * (db_pool.pool_size + db_pool.max_overflow)").evaluate(c), 200.0);
        QCOMPARE(Expression::parse("pool_size / 4 - -1").evaluate(c), 6.0);  // bare names, unary minus
        QCOMPARE(Expression::parse("2 * 3 + 4 * 5").evaluate(c), 26.0);      // precedence
        QCOMPARE(Expression::parse("(2 + 3) * 4").evaluate(c), 20.0);
        QCOMPARE(Expression::parse("10 - 4 - 3").evaluate(c), 3.0);           // left associative
        QCOMPARE(Expression::parse("db_pool.pool_pre_ping + 1.5e1").evaluate(c), 15.0);
        QVERIFY(std::isnan(Expression::parse("slo.p50").evaluate(c)));        // unset optional
    }

    void expressionMistakes_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown key") << "db_pool.poolsize * 2" << "column 1: unknown key \"db_pool.poolsize\" (did you mean db_pool.pool_size?)";
        QTest::newRow("ambiguous") << "max_connections" << "is in several tables";
        QTest::newRow("not numeric") << "server.worker_class + 1" << "only numbers, seconds and booleans";
        QTest::newRow("unclosed") << "(1 + 2" << "expected \")\"";
        QTest::newRow("trailing") << "1 + 2 3" << "column 7: unexpected \"3\"";
        QTest::newRow("empty") << "" << "the expression ends";
        QTest::newRow("dangling operator") << "workers *" << "the expression ends";
        QTest::newRow("stray character") << "workers $ 2" << "unexpected \"$\"";
    }
    void expressionMistakes() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const std::string message = expression_error(text.toStdString());
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        QVERIFY2(message.starts_with("--minimize "), message.c_str());
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestExperimentAxes)
#include "test_experiment_axes.moc"
