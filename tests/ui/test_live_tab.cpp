// The Live tab end to end: `gatetune live` on a tiny preset from the tab, the live charts fed
// from /metrics while it runs, the comparison of both runs when it ends, the run in the history;
// then Stop mid-run leaves no server behind, and a missing CLI is a message, not a crash.
#include <QChart>
#include <QLabel>
#include <QLineSeries>
#include <QStandardItemModel>
#include "qtest_suite.hpp"

#include "gui_fixture.hpp"
#include "ui/history_model.hpp"
#include "ui/history_view.hpp"
#include "ui/live_charts.hpp"
#include "ui/live_comparison_view.hpp"
#include "ui/live_view.hpp"
#include "ui/process_session.hpp"

using namespace gatetune;

namespace {

int points(QChart* chart) {
    int n = 0;
    if (chart)
        for (QAbstractSeries* s : chart->series())
            if (auto* line = qobject_cast<QLineSeries*>(s)) n += static_cast<int>(line->count());
    return n;
}

QString cell(QStandardItemModel* m, int row, int column) { return m->index(row, column).data().toString(); }

int rowOf(QStandardItemModel* m, const QString& name) {
    for (int r = 0; r < m->rowCount(); ++r)
        if (cell(m, r, 0) == name) return r;
    return -1;
}

}  // namespace

class TestLiveTab : public QObject {
    Q_OBJECT
private slots:
    void runsLiveAndComparesWithTheSimulation() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("failure-modes/gateway-limiter-429.toml")));
        ui::LiveView* live = f.window->live();
        live->setCliPath(QStringLiteral(GATETUNE_CLI));
        live->setTimeScale(0.2);
        f.window->tabs()->setCurrentWidget(live);
        live->start();
        QVERIFY(live->running());
        QVERIFY(QTest::qWaitFor([&] { return live->runsFinished() == 1; }, 120000));
        QVERIFY2(!live->running(), "still running");

        // Live charts: samples arrived while it ran, every chart has points.
        QVERIFY2(live->charts()->samples() >= 2, qPrintable(live->status()->text()));
        for (const QString& title : {QStringLiteral("Requests"), QStringLiteral("In flight"), QStringLiteral("DB pool"),
                                     QStringLiteral("DB connections")})
            QVERIFY2(points(live->charts()->chart(title)) > 0, qPrintable(title));

        // The comparison: both runs as columns, requests of both, the limiter's 429s in both.
        QStandardItemModel* m = live->comparison()->model();
        QVERIFY2(m->rowCount() > 0, qPrintable(live->comparison()->verdict()->text()));
        QCOMPARE(m->headerData(1, Qt::Horizontal).toString(), QStringLiteral("simulated"));
        QCOMPARE(m->headerData(2, Qt::Horizontal).toString(), QStringLiteral("live"));
        const int requests = rowOf(m, QStringLiteral("requests"));
        QVERIFY(requests >= 0);
        QVERIFY(cell(m, requests, 1).toInt() > 0);
        QVERIFY(cell(m, requests, 2).toInt() > 0);
        const int limited = rowOf(m, QStringLiteral("429"));
        QVERIFY(limited >= 0);
        QVERIFY(cell(m, limited, 1).toInt() > 0);
        QVERIFY(cell(m, limited, 2).toInt() > 0);
        QVERIFY(rowOf(m, QStringLiteral("p50")) >= 0);
        QVERIFY(live->comparison()->verdict()->text().contains(QStringLiteral("simulation")));

        // And in the run history, as a live run.
        f.window->historyView()->refresh();
        bool found = false;
        for (const auto& r : f.window->history()->list())
            found = found || r.mode == "live";
        QVERIFY(found);
    }

    void stopEndsTheRunAndItsServers() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("failure-modes/gateway-limiter-429.toml")));
        ui::LiveView* live = f.window->live();
        live->setCliPath(QStringLiteral(GATETUNE_CLI));
        live->setTimeScale(1.0);  // long enough to be stopped mid-run
        live->start();
        QVERIFY(QTest::qWaitFor([&] { return live->charts()->samples() > 0; }, 30000));
        const qint64 session = live->runner()->sessionId();
        QVERIFY(session > 0);
        QVERIFY(ui::session_members(static_cast<int>(session)).size() >= 3);  // live, upstream, gateway (+ workers)
        live->cancel();
        QVERIFY(QTest::qWaitFor([&] { return live->runsFinished() == 1; }, 10000));
        QVERIFY(QTest::qWaitFor([&] { return ui::session_members(static_cast<int>(session)).empty(); }, 5000));
        QVERIFY(live->status()->text().contains(QStringLiteral("stopped")));
        QCOMPARE(live->comparison()->model()->rowCount(), 0);
    }

    void aMissingCliIsAMessage() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("failure-modes/gateway-limiter-429.toml")));
        ui::LiveView* live = f.window->live();
        live->setCliPath(QStringLiteral("/nonexistent/gatetune"));
        live->start();
        QCOMPARE(live->runsFinished(), 1);
        QVERIFY(!live->running());
        QVERIFY(live->comparison()->verdict()->text().contains(QStringLiteral("not found")));
    }
};

GATETUNE_QTEST_MAIN(TestLiveTab)
#include "test_live_tab.moc"
