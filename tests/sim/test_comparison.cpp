// Sim-vs-live comparison: counts and percentiles side by side with their differences, the text
// and JSON forms, and the agreement verdict's three criteria.
#include "qtest_suite.hpp"

#include <sstream>

#include "qtest_std_string.hpp"
#include "sim/comparison.hpp"
#include "sim/record_fold.hpp"

using namespace gatetune::sim;

namespace {

RequestRecord request(double latency_s, int status, Cause cause, ClientError err = ClientError::None) {
    RequestRecord r;
    r.start = 0;
    r.end = gatetune::engine::from_seconds(latency_s);
    r.http_status = status;
    r.cause = cause;
    r.client_error = err;
    return r;
}

// n requests of each kind.
RunResult run(int ok, double ok_latency, int pool_timeouts, int killed) {
    RunResult r;
    for (int i = 0; i < ok; ++i) fold_request(r, request(ok_latency, 200, Cause::Ok), false);
    for (int i = 0; i < pool_timeouts; ++i) fold_request(r, request(30.0, 500, Cause::DbPoolTimeout), false);
    for (int i = 0; i < killed; ++i) fold_request(r, request(31.0, 0, Cause::WorkerKilled, ClientError::RemoteProtocolError), false);
    return r;
}

const ComparedValue* find(const std::vector<ComparedValue>& v, const std::string& name) {
    for (const auto& x : v)
        if (x.name == name) return &x;
    return nullptr;
}

}  // namespace

class TestComparison : public QObject {
    Q_OBJECT

private slots:
    void counts_and_percentiles_side_by_side() {
        const Comparison c = compare_runs(run(80, 2.0, 20, 0), run(70, 2.5, 25, 5));
        QCOMPARE(c.left_label, std::string("simulated"));
        QCOMPARE(c.left_requests, std::uint64_t{100});
        QCOMPARE(c.right_requests, std::uint64_t{100});
        QCOMPARE(c.by_status.size(), std::size_t{3});  // union: 200, 500, RemoteProtocolError
        const ComparedValue* rpe = find(c.by_status, "RemoteProtocolError");
        QVERIFY(rpe);
        QCOMPARE(rpe->left, 0.0);
        QCOMPARE(rpe->right, 5.0);
        QVERIFY(!rpe->relative());  // nothing to compare against
        const ComparedValue* ok = find(c.by_cause, "ok");
        QVERIFY(ok);
        QCOMPARE(ok->difference(), -10.0);
        QCOMPARE(*ok->relative(), 70.0 / 80.0 - 1.0);
        QVERIFY(find(c.by_cause, "db_pool_timeout") && find(c.by_cause, "worker_killed"));
        QVERIFY(!find(c.by_cause, "backlog_full"));  // in neither run
        const ComparedValue* p50 = find(c.latency, "p50");
        QVERIFY(p50);
        QVERIFY(std::fabs(p50->left - 2.0) < 0.01 && std::fabs(p50->right - 2.5) < 0.01);
        QCOMPARE(find(c.latency, "max")->right, 31.0);
        QCOMPARE(c.latency.size(), std::size_t{4});
    }

    void text_table_and_json() {
        const Comparison c = compare_runs(run(80, 2.0, 20, 0), run(70, 2.5, 25, 5));
        std::ostringstream out;
        write_comparison_text(out, c);
        const std::string text = out.str();
        QVERIFY(text.find("Comparison: simulated vs live") != std::string::npos);
        QVERIFY(text.find("  db_pool_timeout         20    25          +5   +25.0 %\n") != std::string::npos);
        QVERIFY(text.find("  RemoteProtocolError          0     5          +5         -\n") != std::string::npos);
        QVERIFY(text.find("error rate (%)") != std::string::npos);
        const auto j = comparison_json(c);
        QCOMPARE(j["right"]["requests"].get<int>(), 100);
        QCOMPARE(j["by_cause"][1]["name"].get<std::string>(), std::string("db_pool_timeout"));
        QCOMPARE(j["by_cause"][1]["relative"].get<double>(), 0.25);
        QVERIFY(j["by_status"][2]["relative"].is_null());
        QCOMPARE(j["latency_s"][3]["name"].get<std::string>(), std::string("max"));
    }

    void agreement_verdict() {
        // Same dominant cause, error rates 20 % vs 22 %, medians 2.0 vs 2.4 s.
        QVERIFY(check_agreement(compare_runs(run(80, 2.0, 20, 0), run(78, 2.4, 22, 0))).agrees);
        // Another cause dominates live.
        const Agreement causes = check_agreement(compare_runs(run(80, 2.0, 20, 0), run(80, 2.0, 0, 20)));
        QVERIFY(!causes.agrees);
        QCOMPARE(causes.reasons.size(), std::size_t{1});
        QVERIFY(causes.reasons[0].find("simulated db_pool_timeout, live worker_killed") != std::string::npos);
        // Error rates 20 % vs 40 %.
        const Agreement errors = check_agreement(compare_runs(run(80, 2.0, 20, 0), run(60, 2.0, 40, 0)));
        QVERIFY(!errors.agrees);
        QVERIFY(errors.reasons[0].find("differ by 20.0 points") != std::string::npos);
        // Medians 2 s vs 4 s (the failures are a minority, so p50 is an ok latency).
        const Agreement medians = check_agreement(compare_runs(run(95, 2.0, 5, 0), run(95, 4.0, 5, 0)));
        QVERIFY(!medians.agrees);
        QVERIFY(medians.reasons[0].find("medians differ") != std::string::npos);
        // Looser tolerances accept it.
        AgreementTolerance loose;
        loose.p50_ratio = 2.5;
        QVERIFY(check_agreement(compare_runs(run(95, 2.0, 5, 0), run(95, 4.0, 5, 0)), loose).agrees);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestComparison)
#include "test_comparison.moc"
