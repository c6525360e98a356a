// The result views: the waterfall's request details, compare with both runs, the run history
// storing and reloading runs, the sweep heatmap loading a configuration, and export writing files.
#include <QChart>
#include <QDir>
#include <QFile>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QTextBrowser>
#include "qtest_suite.hpp"
#include <QValueAxis>

#include "gui_fixture.hpp"
#include "sim/preset/config_schema.hpp"
#include "ui/compare_view.hpp"
#include "ui/export_dialog.hpp"
#include "ui/heatmap_widget.hpp"
#include "ui/history_model.hpp"
#include "ui/history_view.hpp"
#include "ui/results_view.hpp"
#include "ui/run_charts.hpp"
#include "ui/sweep_view.hpp"
#include "ui/waterfall_tab.hpp"
#include "ui/waterfall_view.hpp"

using namespace gatetune;

namespace {

QStringList seriesNames(QChart* chart) {
    QStringList names;
    if (chart)
        for (QAbstractSeries* s : chart->series()) names << s->objectName();
    return names;
}

// The row of the differences table whose first cell is `what`: {baseline, current}, or empty.
QStringList difference(QStandardItemModel* m, const QString& what) {
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->item(r, 0)->text() == what) return {m->item(r, 1)->text(), m->item(r, 2)->text()};
    return {};
}

}  // namespace

class TestViews : public QObject {
    Q_OBJECT
private slots:
    void clickingAFailedRequestShowsItsTimelineAndWhy() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("failure-modes/db-pool-exhaustion.toml")));
        auto& w = *f.window;
        w.tabs()->setCurrentWidget(w.waterfall());
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ui::WaterfallView* view = w.waterfall()->view();
        QCOMPARE(view->rows().size(), w.currentResult()->records.size());
        // The first rows start at t = 0; find a failed one on screen and click it.
        const auto& records = w.currentResult()->records;
        int row = 0;
        while (row < 20 && records[view->rows()[static_cast<std::size_t>(row)]].ok()) ++row;
        QVERIFY(row < 20);
        const QPoint at(view->viewport()->width() / 3, 20 + row * ui::WaterfallView::kRowHeight + ui::WaterfallView::kRowHeight / 2);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        const QString details = w.waterfall()->details()->toPlainText();
        const sim::RequestRecord& r = records[view->rows()[static_cast<std::size_t>(row)]];
        QVERIFY(details.contains(QStringLiteral("Request %1").arg(r.id)));
        QVERIFY(details.contains(QStringLiteral("db_pool_wait")));
        QVERIFY(details.contains(QStringLiteral("QueuePool limit of size 5 overflow 10 reached")));  // the explanation sentence
        w.waterfall()->findChild<QCheckBox*>()->setChecked(true);
        for (std::size_t i : view->rows()) QVERIFY(!records[i].ok());
    }

    // A share axis ends at 100 %: the CDF reaches 100 % and the axis must stop there, not pad
    // to the next nice number (it ran to 150 %).
    void theLatencyCdfEndsAt100Percent() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("failure-modes/db-pool-exhaustion.toml")));
        QChart* cdf = f.window->results()->charts()->chart(QStringLiteral("Latency CDF"));
        QVERIFY(cdf);
        const auto axes = cdf->axes(Qt::Vertical);
        QCOMPARE(axes.size(), 1);
        auto* y = qobject_cast<QValueAxis*>(axes.front());
        QVERIFY(y);
        QCOMPARE(y->min(), 0.0);
        QCOMPARE(y->max(), 100.0);
        double top = 0;
        for (QAbstractSeries* s : cdf->series())
            for (const QPointF& p : static_cast<QLineSeries*>(s)->points()) top = std::max(top, p.y());
        QCOMPARE(top, 100.0);  // the curve itself reaches the top of the axis
    }

    void compareShowsBothRunsAndTheirDifferences() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("seed-incident.toml")));
        auto& w = *f.window;
        w.pinBaseline();
        QVERIFY(f.open(QStringLiteral("seed-fixed.toml")));
        QStandardItemModel* diffs = w.compare()->differences();
        QCOMPARE(difference(diffs, QStringLiteral("db_pool.pool_size")), (QStringList{"5", "20"}));
        QCOMPARE(difference(diffs, QStringLiteral("http_client.mode")), (QStringList{"\"per_request\"", "\"shared\""}));
        QCOMPARE(difference(diffs, QStringLiteral("requests")), (QStringList{"12", "12"}));
        const QStringList series = seriesNames(w.compare()->charts()->chart(QStringLiteral("In flight")));
        QVERIFY(series.contains(QStringLiteral("baseline:in_flight")));
        QVERIFY(series.contains(QStringLiteral("series:in_flight")));
        QVERIFY(seriesNames(w.compare()->charts()->chart(QStringLiteral("Latency CDF"))).contains(QStringLiteral("baseline:latency_cdf")));
    }

    void historyStoresEveryRunAndReloadsOne() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("seed-incident.toml")));
        QVERIFY(f.open(QStringLiteral("seed-fixed.toml")));
        auto& w = *f.window;
        QVERIFY(w.history());
        const auto entries = w.history()->list();
        QCOMPARE(entries.size(), std::size_t{2});
        QCOMPARE(entries[0].preset_name, std::string("seed-fixed"));  // newest first
        QCOMPARE(entries[1].preset_name, std::string("seed-incident"));
        QCOMPARE(w.historyView()->model()->rowCount(), 2);

        // Search, then open the incident's preset from its stored run (its text, with comments).
        w.historyView()->search()->setText(QStringLiteral("SEED-INCIDENT"));  // any case, any text of the preset
        QCOMPARE(w.historyView()->model()->rowCount(), 1);
        w.historyView()->table()->selectRow(0);
        QPushButton* open = nullptr;
        for (QPushButton* b : w.historyView()->findChildren<QPushButton*>())
            if (b->text().contains(QStringLiteral("preset"))) open = b;
        QVERIFY(open);
        const int runs = w.runsFinished();
        open->click();
        QCOMPARE(w.document()->config().name, std::string("seed-incident"));
        QCOMPARE(w.document()->config().http_client.mode, sim::HttpClientMode::PerRequest);
        QVERIFY(f.waitForRun(runs));
        const sim::history::RunRecord stored = w.history()->load(entries[1].id);
        QVERIFY(stored.preset_text.find("# Dockerfile CMD: -w 4") != std::string::npos);
        QCOMPARE(stored.summary["requests"].get<int>(), 12);
        QVERIFY(!stored.timeseries["rows"].empty());
    }

    void aBrokenHistoryIsReportedNotFatal() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.sqlite3"));
        QFile bad(path);
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(QByteArray(4096, 'x'));
        bad.close();
        QStandardPaths::setTestModeEnabled(true);
        ui::MainWindowOptions o;
        o.historyPath = path;
        ui::MainWindow w(o);
        QVERIFY(!w.history());
        QVERIFY(w.historyView()->findChild<QLabel*>() != nullptr);
        bool mentioned = false;
        for (QLabel* l : w.historyView()->findChildren<QLabel*>()) mentioned |= l->text().contains(path);
        QVERIFY(mentioned);
    }

    void clickingAHeatmapCellLoadsThatConfiguration() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("failure-modes/db-pool-exhaustion.toml")));
        auto& w = *f.window;
        ui::SweepView* sweep = w.sweep();
        w.tabs()->setCurrentWidget(sweep);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        sweep->setAxis(0, QStringLiteral("db_pool.pool_size"), QStringLiteral("1..5:2"));
        sweep->setAxis(1, QStringLiteral("server.workers"), QStringLiteral("1..2"));
        sweep->start();
        QVERIFY(QTest::qWaitFor([&] { return !sweep->running() && sweep->outcome().has_value(); }, 120000));
        QCOMPARE(sweep->outcome()->points.size(), std::size_t{6});
        ui::HeatmapWidget* map = sweep->heatmap();
        QCOMPARE(map->columns(), 3);
        QCOMPARE(map->rows(), 2);
        // pool_size 1 with one worker fails more than pool_size 5 with two.
        const auto& names = sim::experiment::figure_names();
        const std::size_t errors = static_cast<std::size_t>(std::find(names.begin(), names.end(), "error_rate") - names.begin());
        const auto& points = sweep->outcome()->points;
        QVERIFY(points[0].figures[errors].mean > points[5].figures[errors].mean);

        QTest::mouseClick(map, Qt::LeftButton, {}, map->cellRect(1, 1).center());
        QCOMPARE(w.document()->config().db_pool.pool_size, 3);
        QCOMPARE(w.document()->config().server.workers, 2);
        w.document()->undoStack()->undo();  // one undo step restores both
        QCOMPARE(w.document()->config().db_pool.pool_size, 5);
        QCOMPARE(w.document()->config().server.workers, 1);
    }

    void aBadSweepRangeIsExplained() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("seed-incident.toml")));
        ui::SweepView* sweep = f.window->sweep();
        sweep->setAxis(0, QStringLiteral("db_pool.pool_size"), QStringLiteral("10..1"));
        sweep->setAxis(1, QString(), QString());
        sweep->start();
        QVERIFY(!sweep->running());
        bool explained = false;
        for (QLabel* l : sweep->findChildren<QLabel*>()) explained |= l->text().contains(QStringLiteral("db_pool.pool_size"));
        QVERIFY(explained);
    }

    void exportPreviewsAndWritesEveryFile() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("seed-incident.toml")));
        ui::ExportDialog dialog(f.window->document()->config());
        QVERIFY(QTest::qWaitFor([&] { return dialog.hasVerdict(); }, 120000));
        if (dialog.files().empty()) dialog.forced()->setChecked(true);  // the incident does not validate
        QCOMPARE(dialog.files().size(), std::size_t{6});
        QCOMPARE(dialog.fileList()->count(), 6);
        QVERIFY(dialog.preview()->toPlainText().contains(QStringLiteral("gunicorn")));
        QTemporaryDir out;
        QCOMPARE(dialog.saveTo(out.path()), QString());
        for (const auto& file : dialog.files()) {
            QFile written(QDir(out.path()).filePath(QString::fromStdString(file.name)));
            QVERIFY2(written.open(QIODevice::ReadOnly), file.name.c_str());
            QCOMPARE(written.readAll().toStdString(), file.content);
        }
        QVERIFY(!dialog.saveTo(QStringLiteral("/proc/no-such-dir/x")).isEmpty());  // a clear message, no crash
    }
};

GATETUNE_QTEST_MAIN(TestViews)
#include "test_views.moc"
