// Every failure mode the live gateway can reproduce, run for real with `gatetune live` in
// scaled-down time: the simulator's main failing cause for the preset must appear in the live
// run too, and the error rates must be of the same size. (The ALB presets need a load balancer,
// which the live mode does not run; deploy-during-load needs a rolling restart it does not do.
// db-max-connections is left out: live, the 88 simultaneous connections spread unevenly over
// the 8 workers' accept loops — one worker takes ~40 — so its pool queues them instead of
// growing, and PostgreSQL's limit is not always reached; the simulator spreads them evenly.)
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <nlohmann/json.hpp>

class TestLiveFailureModes : public QObject {
    Q_OBJECT
private slots:
    void reproducesTheSimulatedCause_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<double>("scale");
        QTest::addColumn<double>("tolerance");  // largest |error-rate difference|
        QTest::newRow("db-pool-exhaustion") << "db-pool-exhaustion" << 0.2 << 0.15;
        QTest::newRow("gateway-limiter-429") << "gateway-limiter-429" << 0.2 << 0.25;  // per-worker buckets meet the uneven accept spread
        QTest::newRow("concurrency-limit-503") << "concurrency-limit-503" << 0.2 << 0.15;
        QTest::newRow("sync-worker-kill") << "sync-worker-kill" << 0.2 << 0.01;
        QTest::newRow("blocked-loop-kill") << "blocked-loop-kill" << 0.2 << 0.3;
        QTest::newRow("upstream-read-timeout") << "upstream-read-timeout" << 0.2 << 0.01;
        QTest::newRow("upstream-slot-collapse") << "upstream-slot-collapse" << 0.2 << 0.15;
        QTest::newRow("upstream-tpm-429") << "upstream-tpm-429" << 0.2 << 0.25;
        QTest::newRow("upstream-outage") << "upstream-outage" << 0.2 << 0.15;
    }

    void reproducesTheSimulatedCause() {
        QFETCH(QString, preset);
        QFETCH(double, scale);
        QFETCH(double, tolerance);
        QTemporaryDir dir;
        const QString out = dir.path() + "/report.json";
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(GATETUNE_CLI, {"live", QString(GATETUNE_SOURCE_DIR) + "/presets/failure-modes/" + preset + ".toml", "--time-scale",
                               QString::number(scale), "--format", "json", "--out", out});
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
        QVERIFY2(!top.empty(), "the preset must fail in the simulation");
        const auto live_n = live["by_cause"].value(top, std::uint64_t{0});
        QVERIFY2(live_n > 0, ("simulated main cause " + top + " did not happen live: " + live["by_cause"].dump()).c_str());
        const double diff = std::abs(live["error_rate"].get<double>() - sim["error_rate"].get<double>());
        QVERIFY2(diff <= tolerance, ("error rates: simulated " + sim["error_rate"].dump() + ", live " + live["error_rate"].dump()).c_str());
    }
};

QTEST_GUILESS_MAIN(TestLiveFailureModes)
#include "test_live_failure_modes.moc"
