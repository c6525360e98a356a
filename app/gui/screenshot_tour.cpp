#include "app/gui/screenshot_tour.hpp"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QTreeView>
#include <QCheckBox>

#include <cstdio>
#include <fstream>
#include <functional>

#include "sim/preset/config_schema.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"
#include "sim/stack.hpp"
#include "ui/calibrate_view.hpp"
#include "ui/compare_view.hpp"
#include "ui/diagnose_inputs.hpp"
#include "ui/diagnose_view.hpp"
#include "ui/replay_view.hpp"
#include "ui/side_by_side_model.hpp"
#include "ui/results_view.hpp"
#include "ui/validation_view.hpp"
#include "ui/export_dialog.hpp"
#include "ui/history_view.hpp"
#include "ui/live_view.hpp"
#include "ui/main_window.hpp"
#include "ui/parameter_editor.hpp"
#include "ui/preset_document.hpp"
#include "ui/sweep_view.hpp"
#include "ui/waterfall_tab.hpp"
#include "ui/waterfall_view.hpp"

namespace gatetune::gui {

namespace {

bool waitFor(const std::function<bool()>& done, int timeoutMs = 60000) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs) return false;
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(5);
    }
    return true;
}

// Lets layouts settle and charts paint before grabbing.
void settle() {
    waitFor([] { return false; }, 400);
}

class Tour {
public:
    Tour(ui::MainWindow& w, QString presets, QString out, QStringList only)
        : w_(w), presets_(std::move(presets)), out_(std::move(out)), only_(std::move(only)) {}

    // Whether the screenshot `name` ("05-sweep.png") is to be taken: all of them, or those whose
    // names start with one of --screenshot-only's prefixes.
    bool wants(const QString& name) const {
        if (only_.isEmpty()) return true;
        for (const QString& prefix : only_)
            if (name.startsWith(prefix)) return true;
        return false;
    }
    bool shot(QWidget& widget, const QString& name) {
        if (!wants(name)) return true;
        settle();
        const QString path = QDir(out_).filePath(name);
        if (!widget.grab().save(path)) return fail("cannot write " + path);
        std::printf("wrote %s\n", qPrintable(path));
        return true;
    }
    bool fail(const QString& what) {
        std::fprintf(stderr, "screenshot tour: %s\n", qPrintable(what));
        ok_ = false;
        return false;
    }
    bool open(const QString& relative) {
        const int before = w_.runsFinished();
        if (!w_.openFile(QDir(presets_).filePath(relative))) return fail("cannot open " + relative);
        if (!waitFor([&] { return w_.runsFinished() > before && !w_.runs()->busy(); })) return fail("run of " + relative + " did not finish");
        return true;
    }
    void view(QWidget* tab) { w_.tabs()->setCurrentWidget(tab); }
    bool ok() const { return ok_; }

    ui::MainWindow& w_;
    QString presets_, out_;
    QStringList only_;
    bool ok_ = true;
};

}  // namespace

int runScreenshotTour(ui::MainWindow& w, const QString& presetsDir, const QString& outDir, const QStringList& only) {
    QDir().mkpath(outDir);
    Tour t(w, presetsDir, outDir, only);
    w.resize(1600, 960);
    w.show();

    // Editor + results: the incident as deployed, the pool size selected so its slider shows.
    if ((t.wants(QStringLiteral("01")) || t.wants(QStringLiteral("02")) || t.wants(QStringLiteral("03"))) &&
        t.open(QStringLiteral("failure-modes/db-pool-exhaustion.toml"))) {
        w.editor()->focusKey(QStringLiteral("db_pool.pool_size"));
        t.view(w.results());
        t.shot(w, QStringLiteral("01-editor-results.png"));

        t.view(w.waterfall());
        const auto& rows = w.waterfall()->view()->rows();
        const auto result = w.currentResult();
        for (std::size_t r : rows)
            if (!result->records[r].ok()) {
                w.waterfall()->view()->selectRecord(r);
                break;
            }
        t.shot(w, QStringLiteral("02-waterfall.png"));
    }

    // Compare: the exhausted pool pinned as the baseline, then a bigger pool overlaid on it.
    if (t.wants(QStringLiteral("03"))) {
        w.pinBaseline();
        const int before = w.runsFinished();
        w.document()->setValueText(*sim::find_key("db_pool.pool_size"), QStringLiteral("30"));
        if (!waitFor([&] { return w.runsFinished() > before && !w.runs()->busy(); })) t.fail("the edited run did not finish");
        t.view(w.compare());
        t.shot(w, QStringLiteral("03-compare.png"));
    }
    if (t.wants(QStringLiteral("04"))) {
        t.open(QStringLiteral("seed-incident.toml"));  // one more run for the history list
        t.view(w.historyView());
        w.historyView()->refresh();
        t.shot(w, QStringLiteral("04-history.png"));
    }

    // Sweep: pool size × workers on the pool-exhaustion preset, as a heatmap of the error rate.
    if (t.wants(QStringLiteral("05")) && t.open(QStringLiteral("failure-modes/db-pool-exhaustion.toml"))) {
        t.view(w.sweep());
        w.sweep()->setAxis(0, QStringLiteral("db_pool.pool_size"), QStringLiteral("1..15:2"));
        w.sweep()->setAxis(1, QStringLiteral("server.workers"), QStringLiteral("1..4"));
        w.sweep()->start();
        if (!waitFor([&] { return !w.sweep()->running() && w.sweep()->outcome().has_value(); }, 300000)) t.fail("the sweep did not finish");
        t.shot(w, QStringLiteral("05-sweep.png"));
    }

    if ((t.wants(QStringLiteral("06")) || t.wants(QStringLiteral("07"))) && t.open(QStringLiteral("seed-incident.toml"))) {
        t.view(w.validation());
        t.shot(w, QStringLiteral("06-validation.png"));

        if (t.wants(QStringLiteral("07"))) {
            ui::ExportDialog dialog(w.document()->config(), &w);
            dialog.resize(1200, 760);
            dialog.show();
            if (waitFor([&] { return dialog.hasVerdict(); }, 120000) && dialog.files().empty()) {
                dialog.forced()->setChecked(true);  // seed-incident does not validate: show the forced export
                waitFor([&] { return !dialog.files().empty(); }, 5000);
            }
            t.shot(dialog, QStringLiteral("07-export.png"));
            dialog.close();
        }
    }

    // The same results in the dark palette.
    if (t.wants(QStringLiteral("08")) && t.open(QStringLiteral("failure-modes/db-pool-exhaustion.toml"))) {
        w.setDarkPalette(true);
        t.view(w.results());
        t.shot(w, QStringLiteral("08-dark-results.png"));
        w.setDarkPalette(false);
    }
    // Diagnose: the seed incident's observation against the configuration that was running, with
    // the report's five causes as suspects and its "fixed" configuration as the fix to check; the
    // best hypothesis replayed beside the observation, its first failing call chosen.
    if (t.wants(QStringLiteral("10")) && t.open(QStringLiteral("seed-incident.toml"))) {
        ui::DiagnoseView& d = *w.diagnose();
        t.view(&d);
        d.inputs()->setObservationFiles({QDir(presetsDir).filePath(QStringLiteral("incidents/seed/observed.csv"))});
        // The report's five suspects, as scripts/main.sh names them.
        d.inputs()->setSuspects({QStringLiteral("worker_timeout"), QStringLiteral("db_pool_exhaustion"),
                                 QStringLiteral("http_client.mode=per_request"), QStringLiteral("upstream_slow"),
                                 QStringLiteral("upstream_slots")});
        d.inputs()->setFixFile(QDir(presetsDir).filePath(QStringLiteral("seed-fixed.toml")));
        const int before = d.diagnosesFinished();
        d.start();
        if (!waitFor([&] { return d.diagnosesFinished() > before && !d.running(); }, 300000)) {
            t.fail("the diagnosis did not finish");
        } else if (!d.outcome() || !d.outcome()->ok()) {
            t.fail("the diagnosis failed: " + (d.outcome() ? d.outcome()->error : QString()));
        } else if (!waitFor([&] { return !d.replay()->busy() && d.replay()->run(); })) {
            t.fail("the replay did not finish");
        } else {
            const auto& groups = d.replay()->model()->comparison().groups;
            for (std::size_t g = 0; g < groups.size(); ++g)
                if (groups[g].observed.outcomes.count("200") == 0) {
                    d.replay()->table()->selectRow(static_cast<int>(g));
                    break;
                }
            t.shot(w, QStringLiteral("10-diagnose.png"));
        }
    }
    // Calibrate: the requests of open-loop.toml's stack at a steady 10/s for 5 minutes, with a
    // lognormal latency factor (median 1, σ 0.3), simulated and written as `gatetune run --format
    // csv` writes them, then calibrated.
    if (t.wants(QStringLiteral("11")) && t.open(QStringLiteral("open-loop.toml"))) {
        sim::Config truth = w.document()->config();
        truth.simulation.record_requests = true;
        truth.workload.rate = 10;
        truth.workload.steps.clear();
        truth.workload.ramp = 0;
        truth.workload.duration = 300;
        truth.upstream.latency_factor = engine::Distribution::lognormal(0.0, 0.3);
        const QString log = QDir::temp().filePath(QStringLiteral("open-loop-requests.csv"));
        {
            std::ofstream out(log.toStdString());
            sim::write_csv_report(out, sim::simulate(truth));
        }
        ui::CalibrateView& c = *w.calibrate();
        t.view(&c);
        c.setLogFiles({log});
        const int before = c.calibrationsFinished();
        c.start();
        if (!waitFor([&] { return c.calibrationsFinished() > before && !c.running(); }, 120000)) {
            t.fail("the calibration did not finish");
        } else if (!c.outcome() || !c.outcome()->ok()) {
            t.fail("the calibration failed: " + (c.outcome() ? c.outcome()->error : QString()));
        } else {
            t.shot(w, QStringLiteral("11-calibrate.png"));
        }
    }
    // Live: the pool-exhaustion preset for real at time scale 0.2, charts and comparison after the run.
    if (t.wants(QStringLiteral("09")) && t.open(QStringLiteral("failure-modes/db-pool-exhaustion.toml"))) {
        t.view(w.live());
        w.live()->setTimeScale(0.2);
        const int before = w.live()->runsFinished();
        w.live()->start();
        if (!waitFor([&] { return w.live()->runsFinished() > before; }, 300000)) t.fail("the live run did not finish");
        t.shot(w, QStringLiteral("09-live.png"));
    }
    return t.ok() ? 0 : 1;
}

}  // namespace gatetune::gui
