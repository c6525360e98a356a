// Every failure mode the live gateway can reproduce, run for real with `gatetune live` in
// scaled-down time: the simulator's main failing cause for the preset must appear in the live
// run too, and the error rates must be of the same size. The ALB presets run behind `gatetune
// alb`; deploy-during-load restarts every worker for real. A preset built to pass
// (alb-streamed-passes) must pass live too.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <nlohmann/json.hpp>

#include "live/test_process.hpp"

class TestLiveFailureModes : public QObject {
    Q_OBJECT
private slots:
    void reproducesTheSimulatedCause_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<double>("scale");
        QTest::addColumn<double>("tolerance");  // largest |error-rate difference|
        QTest::addColumn<QStringList>("sets");   // --set overrides for both runs
        QTest::newRow("db-pool-exhaustion") << "db-pool-exhaustion" << 0.2 << 0.15 << QStringList{};
        // 90 connections at the same instant: which worker accepts how many is a race live (the first
        // loop to wake drains the backlog, as asyncio's accept loop does), while the simulator spreads
        // them evenly over the ready workers; the per-worker limits and pools make the outcome depend
        // on that spread, so for these two the arrivals are spread over 2 s.
        QTest::newRow("gateway-limiter-429") << "gateway-limiter-429" << 0.2 << 0.1 << QStringList{"workload.start_spread=2"};
        QTest::newRow("db-max-connections") << "db-max-connections" << 0.2 << 0.1 << QStringList{"workload.start_spread=2"};
        QTest::newRow("concurrency-limit-503") << "concurrency-limit-503" << 0.2 << 0.15 << QStringList{};
        QTest::newRow("sync-worker-kill") << "sync-worker-kill" << 0.2 << 0.01 << QStringList{};
        QTest::newRow("blocked-loop-kill") << "blocked-loop-kill" << 0.2 << 0.3 << QStringList{};
        QTest::newRow("upstream-read-timeout") << "upstream-read-timeout" << 0.2 << 0.01 << QStringList{};
        QTest::newRow("upstream-slot-collapse") << "upstream-slot-collapse" << 0.2 << 0.15 << QStringList{};
        QTest::newRow("upstream-tpm-429") << "upstream-tpm-429" << 0.2 << 0.25 << QStringList{};
        QTest::newRow("upstream-outage") << "upstream-outage" << 0.2 << 0.15 << QStringList{};
        QTest::newRow("deploy-during-load") << "deploy-during-load" << 0.2 << 0.15 << QStringList{};
        QTest::newRow("alb-idle-timeout-504") << "alb-idle-timeout-504" << 0.2 << 0.01 << QStringList{};
        QTest::newRow("alb-keepalive-race-502") << "alb-keepalive-race-502" << 0.2 << 0.03
                                                  // a wider race window: ≈ 7 races in 400 rather than 2, so a live run of
                                                  // this size is sure to meet some
                                                  << QStringList{"load_balancer.race_window=0.05"};
        QTest::newRow("alb-streamed-passes") << "alb-streamed-passes" << 0.2 << 0.01 << QStringList{};
    }

    void reproducesTheSimulatedCause() {
        QFETCH(QString, preset);
        QFETCH(double, scale);
        QFETCH(double, tolerance);
        QFETCH(QStringList, sets);
        QTemporaryDir dir;
        const QString out = dir.path() + "/report.json";
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.setProcessEnvironment(gatetune::test::exits_with_this_test());
        QStringList args{"live", QString(GATETUNE_SOURCE_DIR) + "/presets/failure-modes/" + preset + ".toml", "--time-scale",
                         QString::number(scale), "--format", "json", "--out", out};
        for (const auto& s : sets) args << "--set" << s;
        p.start(GATETUNE_CLI, args);
        QVERIFY(p.waitForFinished(240'000));
        QCOMPARE(p.exitCode(), 0);
        std::ifstream in(out.toStdString());
        const auto j = nlohmann::json::parse(in);
        const auto& sim = j["simulated"]["summary"];
        const auto& live = j["live"]["summary"];
        QCOMPARE(live["requests"].get<std::uint64_t>(), sim["requests"].get<std::uint64_t>());

        std::string top;
        std::uint64_t top_n = 0;
        for (auto& [cause, n] : sim["by_cause"].items())
            if (cause != "ok" && n.get<std::uint64_t>() > top_n) {
                top = cause;
                top_n = n.get<std::uint64_t>();
            }
        const double diff = std::abs(live["error_rate"].get<double>() - sim["error_rate"].get<double>());
        QVERIFY2(diff <= tolerance, ("error rates: simulated " + sim["error_rate"].dump() + ", live " + live["error_rate"].dump() +
                                     "; live causes " + live["by_cause"].dump()).c_str());
        if (top.empty()) {
            QVERIFY2(preset.endsWith("-passes"), "the preset must fail in the simulation");
            return;
        }
        const auto live_n = live["by_cause"].value(top, std::uint64_t{0});
        QVERIFY2(live_n > 0, ("simulated main cause " + top + " did not happen live: " + live["by_cause"].dump()).c_str());
    }
};

QTEST_GUILESS_MAIN(TestLiveFailureModes)
#include "test_live_failure_modes.moc"
