// The run control hook: progress is reported, cancellation stops the run with RunCancelled, and
// a controlled run that is not cancelled gives exactly the uncontrolled result.
#include "qtest_suite.hpp"

#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"
#include "sim/stack.hpp"

using namespace gatetune;

class TestRunControl : public QObject {
    Q_OBJECT
private slots:
    void progressIsReportedAndTheResultIsUnchanged() {
        const sim::Config cfg = sim::load_preset(GATETUNE_SOURCE_DIR "/presets/failure-modes/db-pool-exhaustion.toml");
        std::vector<sim::RunProgress> seen;
        sim::RunControl control;
        control.progress = [&](const sim::RunProgress& p) { seen.push_back(p); };
        control.cancelled = [] { return false; };
        const sim::RunResult controlled = sim::simulate(cfg, control);
        const sim::RunResult plain = sim::simulate(cfg);
        QVERIFY(seen.size() >= 10);  // one per simulated second of a ~15 s run
        for (std::size_t i = 1; i < seen.size(); ++i) {
            QVERIFY(seen[i].now > seen[i - 1].now);
            QVERIFY(seen[i].requests >= seen[i - 1].requests);
        }
        QCOMPARE(sim::report_json(controlled).dump(), sim::report_json(plain).dump());
    }

    void cancellingStopsTheRun() {
        const sim::Config cfg = sim::load_preset(GATETUNE_SOURCE_DIR "/presets/load.toml");
        int polls = 0;
        sim::RunControl control;
        control.cancelled = [&] { return ++polls == 3; };
        QVERIFY_THROWS_EXCEPTION(sim::RunCancelled, sim::simulate(cfg, control));
        QCOMPARE(polls, 3);
    }
};

GATETUNE_QTEST_MAIN(TestRunControl)
#include "test_run_control.moc"
