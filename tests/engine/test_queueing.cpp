// The engine against queueing theory: M/M/1 and M/M/c mean waits against Erlang C, and the
// process-style model against the hand-written event loop on the same sample path.
#include "qtest_suite.hpp"

#include <cmath>

#include "sim/queueing_demo.hpp"

using namespace gatetune::sim;

class TestQueueing : public QObject {
    Q_OBJECT

    static double relative_error(double got, double want) { return std::abs(got - want) / want; }

private slots:
    void mm1MatchesTheory() {
        MmcParams p;
        p.servers = 1;
        p.utilisation = 0.8;
        p.customers = 2'000'000;
        p.seed = 7;
        MmcResult r = run_mmc_processes(p);
        const double theory = erlang_c_mean_wait(1, 0.8, 1.0);  // ρ/(μ-λ) = 4 s
        QVERIFY(std::abs(theory - 4.0) < 1e-12);
        QVERIFY2(relative_error(r.mean_wait_s, theory) <= 0.02,
                 qPrintable(QString("M/M/1 mean wait %1 s, Erlang C %2 s").arg(r.mean_wait_s).arg(theory)));
    }

    void mm8AtRho09MatchesErlangC() {
        MmcParams p;
        p.servers = 8;
        p.utilisation = 0.9;
        p.customers = 3'000'000;
        p.seed = 11;
        MmcResult r = run_mmc_processes(p);
        const double theory = erlang_c_mean_wait(8, 7.2, 1.0);
        QVERIFY2(relative_error(r.mean_wait_s, theory) <= 0.02,
                 qPrintable(QString("M/M/8 mean wait %1 s, Erlang C %2 s").arg(r.mean_wait_s).arg(theory)));
        QCOMPARE(r.served, p.customers);
    }

    void processesAndHandwrittenLoopAgree() {
        MmcParams p;
        p.customers = 200'000;
        p.seed = 3;
        MmcResult a = run_mmc_processes(p);
        MmcResult b = run_mmc_handwritten(p);
        QCOMPARE(a.served, b.served);
        QCOMPARE(a.end, b.end);
        QVERIFY(relative_error(a.mean_wait_s, b.mean_wait_s) < 1e-9);
    }

    void sameSeedSameResultDifferentSeedDifferent() {
        MmcParams p;
        p.customers = 50'000;
        MmcResult a = run_mmc_processes(p), b = run_mmc_processes(p);
        QCOMPARE(a.mean_wait_s, b.mean_wait_s);
        QCOMPARE(a.end, b.end);
        QCOMPARE(a.engine_events, b.engine_events);
        p.seed = 2;
        MmcResult c = run_mmc_processes(p);
        QVERIFY(c.end != a.end);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestQueueing)
#include "test_queueing.moc"
