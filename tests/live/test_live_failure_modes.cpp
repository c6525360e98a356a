// Every failure mode the live gateway can reproduce, run for real with `gatetune live` in
// scaled-down time: the simulator's main failing cause for the preset must appear in the live
// run too, and the error rates must be of the same size. The ALB presets run behind `gatetune
// alb`; deploy-during-load restarts every worker for real. A preset built to pass
// (alb-streamed-passes) must pass live too.
#include <QProcess>
#include <QTemporaryDir>
#include "qtest_suite.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "live/test_process.hpp"

// ThreadSanitizer slows the live gateway several times over, which moves how many requests a
// killed worker holds (blocked-loop-kill: 20 rather than 32 of 40 in one clean-clone run). Its
// pass checks the concurrent paths and the cause; the other passes hold the rates to the
// tolerance. (The margin of 1e-9: 0.8 − 0.5 is a little over 0.3 in doubles.)
#if defined(__SANITIZE_THREAD__)
constexpr double kRateSlack = 0.2 + 1e-9;
#else
constexpr double kRateSlack = 1e-9;
#endif

class TestLiveFailureModes : public QObject {
    Q_OBJECT
private slots:
    void reproducesTheSimulatedCause_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<double>("scale");
        QTest::addColumn<double>("tolerance");  // largest |error-rate difference|
        QTest::addColumn<QStringList>("sets");   // --set overrides for both runs
        QTest::addColumn<QString>("bound");      // "near" |live − sim| ≤ tolerance; "below"/"above": one-sided
        QTest::newRow("db-pool-exhaustion") << "db-pool-exhaustion" << 0.2 << 0.15
                                              // uvicorn's close 2 ms after a 500 is 0.4 ms at this scale: less than
                                              // a busy machine's scheduling delay for the caller's next request
                                              // (seen twice: no closed_after_error live at all, the second time
                                              // with 10 ms, i.e. 2 ms of wall time). 50 ms makes it 10 ms.
                                              << QStringList{"request.close_after_error_delay=0.05"} << "near";
        // Which worker accepts which connection is a race live (a loop that wakes takes what is
        // waiting, as asyncio's accept loop does, O7, but the connects are microseconds apart), while
        // the simulator gives arrivals spread in time each to a free worker drawn at random, which
        // spreads them nearly evenly. These two presets' outcome depends on that spread, so their
        // arrivals are spread over 2 s, and the bound is one-sided, from the even spread being an extreme:
        //  - per-worker limiter: a worker admits `limit` per key, so an uneven spread admits fewer
        //    (sum of max(n_i − limit, 0) is least when the n_i are equal) — live sheds at least as many;
        //  - pool growth against max_connections: a worker opens min(n_i, pool_size + max_overflow)
        //    connections and queues the rest, so an uneven spread opens fewer — live is refused at most
        //    as often. (Under sanitizers on a busy CI machine, 9 refusals of 88 against 21 simulated.)
        QTest::newRow("gateway-limiter-429") << "gateway-limiter-429" << 0.2 << 0.1 << QStringList{"workload.start_spread=2"} << "above";
        // db-max-connections: on a machine busy with other tests, the worker loops that happen to run
        // accept nearly the whole burst, and their pools (5 + 10 each) open too few connections to
        // reach max_connections (no refusal at all, twice). Time scale 0.5, arrivals over 4 s and 55
        // other connections (47 left, not 67) make a refusal certain unless one or two loops take all.
        QTest::newRow("db-max-connections") << "db-max-connections" << 0.5 << 0.1 << QStringList{"workload.start_spread=4", "db_server.other_connections=55"} << "below";
        // The burst's 20 connects are microseconds apart live and the C++ gateway reads a request
        // within microseconds of accepting it, so how many connections are open when each request is
        // read varies from run to run (error rates of 0.65 to 0.975 seen; the real Python stack, slower
        // to accept, 0.96). The simulator's burst at one instant, all in one batch, is the extreme:
        // live answers 503 at most as often, and does answer some.
        QTest::newRow("concurrency-limit-503") << "concurrency-limit-503" << 0.2 << 0.05 << QStringList{} << "below";
        QTest::newRow("sync-worker-kill") << "sync-worker-kill" << 0.2 << 0.01 << QStringList{} << "near";
        QTest::newRow("blocked-loop-kill") << "blocked-loop-kill" << 0.2 << 0.3 << QStringList{} << "near";
        QTest::newRow("upstream-read-timeout") << "upstream-read-timeout" << 0.2 << 0.01 << QStringList{} << "near";
        QTest::newRow("upstream-slot-collapse") << "upstream-slot-collapse" << 0.2 << 0.15 << QStringList{} << "near";
        QTest::newRow("upstream-tpm-429") << "upstream-tpm-429" << 0.2 << 0.25 << QStringList{} << "near";
        QTest::newRow("upstream-outage") << "upstream-outage" << 0.2 << 0.15 << QStringList{} << "near";
        QTest::newRow("deploy-during-load") << "deploy-during-load" << 0.2 << 0.15 << QStringList{} << "near";
        QTest::newRow("alb-idle-timeout-504") << "alb-idle-timeout-504" << 0.2 << 0.01 << QStringList{} << "near";
        QTest::newRow("alb-keepalive-race-502") << "alb-keepalive-race-502" << 0.2 << 0.03
                                                  // a wider race window: ≈ 7 races in 400 rather than 2, so a live run of
                                                  // this size is sure to meet some
                                                  << QStringList{"load_balancer.race_window=0.05"} << "near";
        QTest::newRow("alb-streamed-passes") << "alb-streamed-passes" << 0.2 << 0.01 << QStringList{} << "near";
    }

    void reproducesTheSimulatedCause() {
        QFETCH(QString, preset);
        QFETCH(double, scale);
        QFETCH(double, tolerance);
        QFETCH(QStringList, sets);
        QFETCH(QString, bound);
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
        const double signed_diff = live["error_rate"].get<double>() - sim["error_rate"].get<double>();
        const double diff = bound == "below" ? signed_diff : bound == "above" ? -signed_diff : std::abs(signed_diff);
        QVERIFY2(diff <= tolerance + kRateSlack, ("bound " + bound.toStdString() + ", error rates: simulated " + sim["error_rate"].dump() + ", live " + live["error_rate"].dump() +
                                     "; live causes " + live["by_cause"].dump()).c_str());
        if (top.empty()) {
            QVERIFY2(preset.endsWith("-passes"), "the preset must fail in the simulation");
            return;
        }
        const auto live_n = live["by_cause"].value(top, std::uint64_t{0});
        QVERIFY2(live_n > 0, ("simulated main cause " + top + " did not happen live: " + live["by_cause"].dump()).c_str());
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestLiveFailureModes)
#include "test_live_failure_modes.moc"
