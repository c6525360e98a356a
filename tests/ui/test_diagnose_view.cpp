// The Diagnose view (issue 17 item 7): the seed incident's observation diagnosed in the
// background, the ranked hypotheses in the table, a selected hypothesis replayed beside the
// observation (per call, and in the waterfall), the suspects and the fix check; an unreadable
// observation shows the reader's file:line message; Cancel stops a diagnosis.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include "qtest_suite.hpp"
#include <QTextBrowser>

#include "gui_fixture.hpp"
#include "ui/diagnose_inputs.hpp"
#include "ui/diagnose_view.hpp"
#include "ui/hypothesis_model.hpp"
#include "ui/replay_view.hpp"
#include "ui/side_by_side_model.hpp"
#include "ui/waterfall_tab.hpp"
#include "ui/waterfall_view.hpp"

using namespace gatetune;

namespace {

QString source(const QString& relative) { return QStringLiteral(GATETUNE_SOURCE_DIR "/") + relative; }

QString cell(const QAbstractItemModel* m, int row, int column) { return m->index(row, column).data().toString(); }

// The row of the hypotheses table whose hypothesis has this id, or -1.
int rowOf(const ui::HypothesisModel* m, const std::string& id) {
    for (int r = 0; r < m->rowCount(); ++r)
        if (!m->isAsConfigured(r) && m->hypothesis(r)->id == id) return r;
    return -1;
}

bool waitForDiagnosis(ui::DiagnoseView& view, int before) {
    return QTest::qWaitFor([&] { return view.diagnosesFinished() > before && !view.running(); }, 120000);
}

bool waitForReplay(ui::DiagnoseView& view) {
    return QTest::qWaitFor([&] { return !view.replay()->busy() && view.replay()->run() != nullptr; }, 60000);
}

}  // namespace

class TestDiagnoseView : public QObject {
    Q_OBJECT
private slots:
    void diagnosesTheSeedIncidentAndShowsAHypothesisBesideTheObservation() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("seed-incident.toml")));  // the configuration that was running, in the editor
        ui::DiagnoseView& view = *f.window->diagnose();
        f.window->tabs()->setCurrentWidget(&view);
        view.inputs()->setObservationFiles({source(QStringLiteral("presets/incidents/seed/observed.csv"))});
        view.inputs()->setSeeds(1);
        view.inputs()->setMechanisms({QStringLiteral("upstream_tpm"), QStringLiteral("upstream_rpm"), QStringLiteral("worker_timeout")});
        view.inputs()->setSuspects({QStringLiteral("worker_timeout")});
        view.inputs()->setFixFile(test::preset(QStringLiteral("seed-fixed.toml")));
        const int before = view.diagnosesFinished();
        view.start();
        QVERIFY(view.running());
        QVERIFY(waitForDiagnosis(view, before));
        QVERIFY2(view.outcome() && view.outcome()->ok(), qPrintable(view.message()->text()));
        QVERIFY(view.message()->text().contains(QStringLiteral("12 requests observed")));
        QVERIFY(view.message()->text().contains(QStringLiteral("9 × 500, 3 × 200")));
        QVERIFY(!view.summary()->text().isEmpty());

        // Ranked: the two upstream limits reproduce (nine 500s from the fourth call on); a worker
        // timeout never fires under UvicornWorker, so it only matches the three 200s; last, the
        // configuration as it was.
        const ui::HypothesisModel* h = view.hypotheses();
        QCOMPARE(h->rowCount(), 4);
        const std::string first = h->hypothesis(0)->id;
        QVERIFY2(first == "upstream_tpm" || first == "upstream_rpm", first.c_str());
        QVERIFY(h->hypothesis(0)->fit.reproduces());
        QCOMPARE(cell(h, 0, ui::HypothesisModel::Rank), QStringLiteral("1"));
        QVERIFY(cell(h, 0, ui::HypothesisModel::Title).startsWith(QStringLiteral("upstream ")));
        QVERIFY(cell(h, 0, ui::HypothesisModel::Fitted).startsWith(first == "upstream_tpm" ? QStringLiteral("tpm = ") : QStringLiteral("rpm = ")));
        QCOMPARE(cell(h, 0, ui::HypothesisModel::Requests), QStringLiteral("%1/12").arg(h->hypothesis(0)->fit.best.median_matched()));
        QCOMPARE(cell(h, 0, ui::HypothesisModel::Seeds), QStringLiteral("1/1"));
        QVERIFY(cell(h, 0, ui::HypothesisModel::PriorMass).endsWith(QStringLiteral(" %")));
        const int timeout = rowOf(h, "worker_timeout");
        QCOMPARE(timeout, 2);
        QCOMPARE(cell(h, timeout, ui::HypothesisModel::Requests), QStringLiteral("3/12"));
        QCOMPARE(cell(h, timeout, ui::HypothesisModel::Seeds), QStringLiteral("0/1"));
        QVERIFY(cell(h, timeout, ui::HypothesisModel::PriorMass).isEmpty());
        QVERIFY(h->isAsConfigured(3));
        QCOMPARE(cell(h, 3, ui::HypothesisModel::Title), QStringLiteral("the configuration as it was"));
        QCOMPARE(cell(h, 3, ui::HypothesisModel::Requests), QStringLiteral("3/12"));

        // The suspect's verdict and the team's fix, checked under the reproducing hypotheses.
        QCOMPARE(view.suspects()->rowCount(), 1);
        QCOMPARE(view.suspects()->item(0, 0)->text(), QStringLiteral("worker_timeout"));
        QVERIFY(view.suspects()->item(0, 2)->text().startsWith(QStringLiteral("does not reproduce it")));
        QVERIFY(view.fixes()->rowCount() >= 1);
        QVERIFY(view.fixes()->item(0, 0)->text().endsWith(QStringLiteral("seed-fixed.toml")));
        QVERIFY(view.fixes()->item(0, 1)->text().startsWith(QStringLiteral("fails: ")));  // the report's "fixed" configuration fails the same way

        // The best hypothesis is selected and replayed beside the observation, call by call.
        QVERIFY(waitForReplay(view));
        QCOMPARE(view.hypothesisTable()->currentIndex().row(), 0);
        const ui::SideBySideModel* sides = view.replay()->model();
        QCOMPARE(sides->rowCount(), 12);
        QCOMPARE(sides->headerData(ui::SideBySideModel::Group, Qt::Horizontal).toString(), QStringLiteral("Call"));
        QCOMPARE(cell(sides, 0, ui::SideBySideModel::Group), QStringLiteral("call 1"));
        QCOMPARE(cell(sides, 0, ui::SideBySideModel::Observed), QStringLiteral("200"));
        QCOMPARE(cell(sides, 0, ui::SideBySideModel::Simulated), QStringLiteral("200"));
        QCOMPARE(cell(sides, 0, ui::SideBySideModel::Agree), QStringLiteral("1/1"));
        QCOMPARE(cell(sides, 5, ui::SideBySideModel::Group), QStringLiteral("call 6"));
        QCOMPARE(cell(sides, 5, ui::SideBySideModel::Observed), QStringLiteral("500"));
        QCOMPARE(cell(sides, 5, ui::SideBySideModel::Simulated), QStringLiteral("500 upstream_rate_limited"));
        QCOMPARE(cell(sides, 5, ui::SideBySideModel::Agree), QStringLiteral("1/1"));
        QVERIFY(view.replay()->heading()->text().contains(QStringLiteral("#1 upstream")));
        QCOMPARE(view.replay()->waterfall()->view()->rows().size(), std::size_t{12});

        // Choosing a call selects its simulated request in the waterfall, with why it failed.
        view.replay()->table()->selectRow(5);
        const QString details = view.replay()->waterfall()->details()->toPlainText();
        QVERIFY2(details.contains(QStringLiteral("upstream_rate_limited")), qPrintable(details));

        // Another hypothesis: the worker timeout answers 200 where the callers saw 500s.
        view.selectHypothesis(timeout);
        QVERIFY(QTest::qWaitFor([&] { return view.replay()->heading()->text().contains(QStringLiteral("#3 gunicorn")); }, 60000));
        QVERIFY(waitForReplay(view));
        QCOMPARE(cell(sides, 5, ui::SideBySideModel::Observed), QStringLiteral("500"));
        QCOMPARE(cell(sides, 5, ui::SideBySideModel::Simulated), QStringLiteral("200"));
        QCOMPARE(cell(sides, 5, ui::SideBySideModel::Agree), QStringLiteral("0/1"));
        QVERIFY(view.replay()->heading()->text().contains(QStringLiteral("3 of 12 observed requests agree")));

        // The report `gatetune diagnose --format json` writes, saved from the view.
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("diagnosis.json"));
        QVERIFY(view.saveReport(json));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(report[QStringLiteral("hypotheses")].toArray().size(), 3);
        QCOMPARE(report[QStringLiteral("hypotheses")].toArray()[0].toObject()[QStringLiteral("id")].toString(), QString::fromStdString(first));
    }

    void anUnreadableObservationShowsTheReadersMessage() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("seed-incident.toml")));
        ui::DiagnoseView& view = *f.window->diagnose();
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.csv"));
        QFile out(bad);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("start,status,latency\n0,200,1\n1,teapot,2\n");
        out.close();
        view.inputs()->setObservationFiles({bad});
        int before = view.diagnosesFinished();
        view.start();
        QVERIFY(waitForDiagnosis(view, before));
        QVERIFY(view.outcome());
        QVERIFY(!view.outcome()->ok());
        // The reader's words: the file, the line, what is wrong and what is allowed.
        QVERIFY2(view.message()->text().contains(QStringLiteral("bad.csv:3: status: \"teapot\" is not an HTTP status or a known client error (allowed: ")),
                 qPrintable(view.message()->text()));
        QCOMPARE(view.hypotheses()->rowCount(), 0);
        QVERIFY(!view.replay()->run());

        // A file that is not there, and a configuration file that does not load: their messages too.
        view.inputs()->setObservationFiles({dir.filePath(QStringLiteral("missing.csv"))});
        before = view.diagnosesFinished();
        view.start();
        QVERIFY(waitForDiagnosis(view, before));
        QVERIFY2(view.message()->text().contains(QStringLiteral("missing.csv")), qPrintable(view.message()->text()));

        view.inputs()->setObservationFiles({source(QStringLiteral("presets/incidents/seed/observed.csv"))});
        const QString badPreset = dir.filePath(QStringLiteral("bad.toml"));
        QFile preset(badPreset);
        QVERIFY(preset.open(QIODevice::WriteOnly));
        preset.write("[db_pool]\npool_size = \"five\"\n");
        preset.close();
        view.inputs()->setConfigFile(badPreset);
        before = view.diagnosesFinished();
        view.start();
        QVERIFY(waitForDiagnosis(view, before));
        QVERIFY2(view.message()->text().contains(QStringLiteral("bad.toml:2")), qPrintable(view.message()->text()));
        QVERIFY(view.message()->text().contains(QStringLiteral("pool_size")));

        // Nothing observed: said before anything runs.
        view.inputs()->setObservationFiles({});
        before = view.diagnosesFinished();
        view.start();
        QVERIFY(!view.running());
        QCOMPARE(view.diagnosesFinished(), before);
        QVERIFY(view.message()->text().contains(QStringLiteral("Add the files that were observed")));
    }

    void cancelStopsADiagnosis() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("seed-incident.toml")));
        ui::DiagnoseView& view = *f.window->diagnose();
        view.inputs()->setObservationFiles({source(QStringLiteral("presets/incidents/seed/observed.csv"))});
        view.inputs()->setSeeds(5);  // the whole catalogue on five seeds: far longer than the cancel takes
        const int before = view.diagnosesFinished();
        view.start();
        QVERIFY(view.running());
        view.cancel();
        QVERIFY(waitForDiagnosis(view, before));
        QCOMPARE(view.message()->text(), QStringLiteral("Diagnosis cancelled."));
        QVERIFY(!view.outcome());  // nothing half-done is shown
        QCOMPARE(view.hypotheses()->rowCount(), 0);
    }
};

GATETUNE_QTEST_MAIN(TestDiagnoseView)
#include "test_diagnose_view.moc"
