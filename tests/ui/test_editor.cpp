// The parameter editor and the background runs: an edit re-runs the simulation and the charts
// change; invalid input is marked at its field with the reason; open/save keeps comments;
// every edit is undoable; the findings follow the values.
#include <QChart>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QSlider>
#include <QValueAxis>
#include <QStatusBar>
#include "qtest_suite.hpp"

#include "gui_fixture.hpp"
#include "sim/preset/config_schema.hpp"
#include "ui/display_path.hpp"
#include "ui/findings_model.hpp"
#include "ui/history_view.hpp"
#include "ui/parameter_editor.hpp"
#include "ui/parameter_model.hpp"
#include "ui/results_view.hpp"
#include "ui/run_charts.hpp"
#include "ui/validation_view.hpp"
#include "ui/value_slider.hpp"

using namespace gatetune;

namespace {

QList<QPointF> seriesPoints(ui::MainWindow& w, const QString& chartTitle, const QString& series) {
    QChart* chart = w.results()->charts()->chart(chartTitle);
    if (!chart) return {};
    for (QAbstractSeries* s : chart->series())
        if (s->objectName() == series) return static_cast<QLineSeries*>(s)->points();
    return {};
}

std::int64_t poolSize(const ui::MainWindow& w) { return w.document()->config().db_pool.pool_size; }

}  // namespace

class TestEditor : public QObject {
    Q_OBJECT
private slots:
    void editingAValueRerunsAndChangesTheCharts() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("failure-modes/db-pool-exhaustion.toml")));
        auto& w = *f.window;
        const QList<QPointF> before = seriesPoints(w, QStringLiteral("DB pool, all workers"), QStringLiteral("series:db_checked_out"));
        QVERIFY(!before.isEmpty());
        const QString headline = w.results()->headline()->text();
        QCOMPARE(before.size() > 0, true);
        const QList<QChart*> chartsBefore = w.results()->charts()->charts();
        const auto yMax = [&w] {
            const QList<QAbstractAxis*> axes = w.results()->charts()->chart(QStringLiteral("DB pool, all workers"))->axes(Qt::Vertical);
            return axes.isEmpty() ? -1.0 : static_cast<QValueAxis*>(axes.front())->max();
        };
        QCOMPARE(yMax(), 30.0);  // 25 waiting at most: 27 with the padding, rounded to 5s

        ui::ParameterModel* model = w.editor()->model();
        const int runs = w.runsFinished();
        QVERIFY(model->setData(model->indexOf(QStringLiteral("db_pool.pool_size")), QStringLiteral("30")));
        QCOMPARE(poolSize(w), 30);
        QVERIFY(f.waitForRun(runs));
        const QList<QPointF> after = seriesPoints(w, QStringLiteral("DB pool, all workers"), QStringLiteral("series:db_checked_out"));
        QVERIFY(!after.isEmpty());
        QVERIFY(after != before);                               // 15 connections were the cap; now up to 40 in use
        // The same charts with new points (a re-run redraws, it does not rebuild), axes refitted.
        QCOMPARE(w.results()->charts()->charts(), chartsBefore);
        QVERIFY(yMax() >= 40.0);
        QVERIFY(w.results()->headline()->text() != headline);  // the pool timeouts are gone
        QCOMPARE(w.currentRun()->summary["by_cause"].contains("db_pool_timeout"), false);
    }

    void theSliderEditsTheSelectedNumberAsOneUndoStep() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("failure-modes/db-pool-exhaustion.toml")));
        auto& w = *f.window;
        w.editor()->focusKey(QStringLiteral("db_pool.pool_size"));
        ui::ValueSlider* slider = w.editor()->valueSlider();
        QCOMPARE(slider->key(), sim::find_key("db_pool.pool_size"));
        const int runs = w.runsFinished();
        const int undoBefore = w.document()->undoStack()->count();
        slider->slider()->setSliderDown(true);
        slider->slider()->setValue(slider->slider()->maximum() / 2);
        slider->slider()->setValue(slider->slider()->maximum());
        slider->slider()->setSliderDown(false);
        QVERIFY(poolSize(w) > 5);
        QCOMPARE(w.document()->undoStack()->count(), undoBefore + 1);  // one drag, one step
        QVERIFY(f.waitForRun(runs));
        w.document()->undoStack()->undo();
        QCOMPARE(poolSize(w), 5);
    }

    void invalidInputIsMarkedAtTheFieldWithTheReason() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("seed-incident.toml")));
        auto& w = *f.window;
        ui::ParameterModel* model = w.editor()->model();
        const QModelIndex pool = model->indexOf(QStringLiteral("db_pool.pool_size"));
        model->setData(pool, QStringLiteral("-3"));
        QCOMPARE(poolSize(w), 5);                    // not applied
        QCOMPARE(pool.data().toString(), QStringLiteral("-3"));  // shown as typed
        QVERIFY(pool.data(ui::ParameterModel::IssueRole).toString().contains(QStringLiteral("integer 0 to")));
        QVERIFY(pool.data(Qt::BackgroundRole).isValid());
        QVERIFY(pool.data(Qt::DecorationRole).isValid());
        QVERIFY(pool.data(Qt::ToolTipRole).toString().contains(QStringLiteral("integer 0 to")));
        QVERIFY(!w.document()->runnable());
        w.editor()->focusKey(QStringLiteral("db_pool.pool_size"));
        QVERIFY(w.editor()->issueLabel()->text().startsWith(QStringLiteral("db_pool.pool_size:")));

        const QModelIndex timeout = model->indexOf(QStringLiteral("http_client.read_timeout"));
        model->setData(timeout, QStringLiteral("soon"));
        QVERIFY(!timeout.data(ui::ParameterModel::IssueRole).toString().isEmpty());

        // A rule over several keys: reserved connections must stay below max_connections.
        const QModelIndex reserved = model->indexOf(QStringLiteral("db_server.superuser_reserved_connections"));
        model->setData(reserved, QStringLiteral("500"));
        QVERIFY(reserved.data(ui::ParameterModel::IssueRole).toString().contains(QStringLiteral("max_connections")));

        // Fixing the values clears the marks and the preset runs again.
        model->setData(pool, QStringLiteral("8"));
        model->setData(timeout, QStringLiteral("30"));
        model->setData(reserved, QStringLiteral("3"));
        QVERIFY(pool.data(ui::ParameterModel::IssueRole).toString().isEmpty());
        QVERIFY(w.document()->runnable());
        QCOMPARE(poolSize(w), 8);
    }

    void openSaveRoundTripKeepsComments() {
        test::GuiFixture f;
        const QString path = f.dir.filePath(QStringLiteral("incident.toml"));
        QVERIFY(QFile::copy(test::preset(QStringLiteral("seed-incident.toml")), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        auto& w = *f.window;
        QVERIFY(w.openFile(path));
        ui::PresetDocument& doc = *w.document();
        QVERIFY(doc.setValueText(*sim::find_key("db_pool.pool_size"), QStringLiteral("12")));
        QVERIFY(doc.setValueText(*sim::find_key("server.timeout"), QStringLiteral("120")));
        QVERIFY(doc.setValueText(*sim::find_key("db_server.max_connections"), QStringLiteral("200")));
        QVERIFY(doc.isModified());
        QVERIFY(w.saveFile(path));
        QVERIFY(!doc.isModified());
        QVERIFY(doc.lastSaveKeptComments());

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.contains(QStringLiteral("workers = 4                 # Dockerfile CMD: -w 4")));  // untouched line, comment kept
        QVERIFY(text.contains(QStringLiteral("timeout = 120.0")));
        QVERIFY(text.contains(QStringLiteral("pool_size = 12")));
        QVERIFY(text.contains(QStringLiteral("[db_server]\nmax_connections = 200")));
        const sim::Config saved = doc.config();

        ui::PresetDocument reread;
        QCOMPARE(reread.open(path), QString());
        for (const sim::KeySpec& k : sim::config_schema())
            if (!k.write_only) QVERIFY2(sim::values_equal(k.get(reread.config()), k.get(saved)), k.key.data());
    }

    // What the window shows names files as the user would type them: relative to the working
    // directory, or from ~ — never the machine's absolute path (it ended up in screenshots).
    void shownPathsAreRelativeOrFromHome() {
        QCOMPARE(ui::displayPath(QStringLiteral("/src/gt/presets/a.toml"), QStringLiteral("/src/gt"), QStringLiteral("/home/ann")),
                 QStringLiteral("presets/a.toml"));
        QCOMPARE(ui::displayPath(QStringLiteral("/home/ann/p/a.toml"), QStringLiteral("/src/gt"), QStringLiteral("/home/ann")),
                 QStringLiteral("~/p/a.toml"));
        QCOMPARE(ui::displayPath(QStringLiteral("/home/ann/gt/a.toml"), QStringLiteral("/home/ann/gt"), QStringLiteral("/home/ann")),
                 QStringLiteral("a.toml"));
        QCOMPARE(ui::displayPath(QStringLiteral("/home/ann/p/a.toml"), QStringLiteral("/"), QStringLiteral("/home/ann")),
                 QStringLiteral("~/p/a.toml"));  // below both: from the nearer one
        QCOMPARE(ui::displayPath(QStringLiteral("/srv/x/a.toml"), QStringLiteral("/srv/gt"), QStringLiteral("/home/ann")),
                 QStringLiteral("../x/a.toml"));
        QCOMPARE(ui::displayPath(QStringLiteral("/home/annex/a.toml"), QStringLiteral("/src"), QStringLiteral("/home/ann")),
                 QStringLiteral("../home/annex/a.toml"));  // a sibling of home is not under it
        QCOMPARE(ui::displayPath(QStringLiteral("presets/a.toml"), QStringLiteral("/src/gt"), QStringLiteral("/home/ann")),
                 QStringLiteral("presets/a.toml"));

        test::GuiFixture f;
        auto& w = *f.window;
        const QString before = QDir::currentPath();
        QVERIFY(QDir::setCurrent(QStringLiteral(GATETUNE_SOURCE_DIR)));
        const bool opened = w.openFile(test::preset(QStringLiteral("seed-incident.toml")));
        const QString shown = w.statusBar()->currentMessage();
        QDir::setCurrent(before);
        QVERIFY(opened);
        QCOMPARE(shown, QStringLiteral("Opened presets/seed-incident.toml"));

        // Under the home directory (here a private one): "~/…", for the status bar and errors alike.
        const QByteArray home = qgetenv("HOME");
        qputenv("HOME", f.dir.path().toUtf8());
        const QString copy = f.dir.filePath(QStringLiteral("mine.toml"));
        QVERIFY(QFile::copy(test::preset(QStringLiteral("seed-incident.toml")), copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        const bool reopened = w.openFile(copy);
        const QString shownHome = w.statusBar()->currentMessage();
        const QString missing = w.document()->open(f.dir.filePath(QStringLiteral("missing.toml")));
        qputenv("HOME", home);
        QVERIFY(reopened);
        QCOMPARE(shownHome, QStringLiteral("Opened ~/mine.toml"));
        QVERIFY2(missing.startsWith(QStringLiteral("Cannot read ~/missing.toml: ")), qPrintable(missing));
        const QString history = w.historyView()->status()->text();  // the run history is in a temporary directory
        QVERIFY2(history.startsWith(QStringLiteral("History: ")) && !history.startsWith(QStringLiteral("History: /")), qPrintable(history));
    }

    void undoAndRedoEveryEdit() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("seed-incident.toml")));
        ui::PresetDocument& doc = *f.window->document();
        QVERIFY(doc.setValueText(*sim::find_key("server.workers"), QStringLiteral("2")));
        QVERIFY(doc.setValueText(*sim::find_key("server.worker_class"), QStringLiteral("\"gthread\"")));
        QCOMPARE(doc.config().server.workers, 2);
        QCOMPARE(doc.config().server.worker_class, sim::WorkerClass::Gthread);
        doc.undoStack()->undo();
        QCOMPARE(doc.config().server.worker_class, sim::WorkerClass::Uvicorn);
        doc.undoStack()->undo();
        QCOMPARE(doc.config().server.workers, 4);
        QVERIFY(!doc.isModified());
        doc.undoStack()->redo();
        QCOMPARE(doc.config().server.workers, 2);
    }

    void findingsFollowTheValues() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("seed-fixed.toml")));
        auto& w = *f.window;
        // GT001, the connection budget, quotes the configuration's own numbers.
        const auto budget = [&] {
            for (const auto& finding : w.validation()->model()->findings())
                if (finding.rule && finding.rule->id == "GT001") return finding.message;
            return std::string();
        };
        QVERIFY(budget().find("4 workers × (20 + 30)") != std::string::npos);
        QVERIFY(w.document()->setValueText(*sim::find_key("db_pool.pool_size"), QStringLiteral("40")));
        QVERIFY(budget().find("4 workers × (40 + 30)") != std::string::npos);
        QVERIFY(w.document()->setValueText(*sim::find_key("db_pool.max_overflow"), QStringLiteral("0")));
        QVERIFY(w.document()->setValueText(*sim::find_key("db_pool.pool_size"), QStringLiteral("20")));
        QCOMPARE(budget(), std::string());  // 4 × 20 = 80 ≤ 97: the error is gone
    }
};

GATETUNE_QTEST_MAIN(TestEditor)
#include "test_editor.moc"
