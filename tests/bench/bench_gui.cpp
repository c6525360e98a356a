// The desktop app's "re-simulate while dragging": a move of the editor's slider on the seed
// incident, through the same path a user's drag takes — the undoable edit, validation, the run
// controller's background simulation, the run stored in the history, the results view's headline,
// tables and charts rebuilt, and the window repainted. One iteration is one slider step until the
// repainted window shows its run. The debounce that waits for the drag to pause (120 ms in the
// app) is set to 0 here: it is a deliberate wait, not work.
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdlib>
#include <memory>

#include "ui/main_window.hpp"
#include "ui/parameter_editor.hpp"
#include "ui/preset_document.hpp"
#include "ui/run_controller.hpp"
#include "ui/value_slider.hpp"

using namespace gatetune;

namespace {

struct Window {
    QTemporaryDir dir;
    std::unique_ptr<ui::MainWindow> main;
    QSlider* slider = nullptr;
    // Where one step's time goes: the edit until the background run starts, the run until its
    // result reaches the GUI thread, showing it, and the repaint. Sums over the steps, ms.
    QElapsedTimer clock;
    double toStart = 0, toResult = 0, toShown = 0, toPainted = 0;
    qint64 startedAt = 0, resultAt = 0;

    explicit Window(const char* key) {
        QStandardPaths::setTestModeEnabled(true);  // settings and history away from the user's
        QSettings().clear();
        ui::MainWindowOptions o;
        o.historyPath = dir.filePath(QStringLiteral("history.sqlite3"));
        main = std::make_unique<ui::MainWindow>(o);
        main->runs()->setDebounceMs(0);
        main->resize(1400, 900);
        main->show();
        const int before = main->runsFinished();
        if (!main->openFile(QStringLiteral(GATETUNE_SOURCE_DIR "/presets/seed-incident.toml")) || !waitForRun(before)) {
            std::fprintf(stderr, "bench_gui: could not open and run presets/seed-incident.toml\n");
            std::exit(2);
        }
        main->editor()->focusKey(QString::fromLatin1(key));
        slider = main->editor()->valueSlider()->slider();
        QObject::connect(main->runs(), &ui::RunController::started, [this] { startedAt = clock.nsecsElapsed(); });
        // Connected after the window's own handler: runs once the results are shown.
        QObject::connect(main->runs(), &ui::RunController::finished, [this] { resultAt = clock.nsecsElapsed(); });
    }
    ~Window() { main->document()->undoStack()->setClean(); }  // no "save changes?" on close

    bool waitForRun(int finishedBefore) {
        QEventLoop loop;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
            if (main->runsFinished() > finishedBefore && !main->runs()->busy()) loop.quit();
        });
        poll.start(0);
        QTimer::singleShot(60000, &loop, [&] { loop.exit(1); });
        return loop.exec() == 0;
    }

    // One slider step: to `position`, then until the repainted window shows the new run.
    void step(int position) {
        const int before = main->runsFinished();
        clock.start();
        slider->setSliderDown(true);
        slider->setValue(position);
        slider->setSliderDown(false);
        if (!waitForRun(before)) {
            std::fprintf(stderr, "bench_gui: no run finished within 60 s\n");
            std::exit(1);
        }
        const qint64 shown = clock.nsecsElapsed();
        main->repaint();
        const qint64 painted = clock.nsecsElapsed();
        toStart += startedAt / 1e6;
        toResult += (resultAt - startedAt) / 1e6;
        toShown += (shown - resultAt) / 1e6;
        toPainted += (painted - shown) / 1e6;
    }
};

// Arg: which key the slider moves (0 = db_pool.pool_size, 1 = http_client.read_timeout).
void BM_SliderMoveReSimulatesSeedIncident(benchmark::State& state) {
    static const char* keys[] = {"db_pool.pool_size", "http_client.read_timeout"};
    const char* key = keys[state.range(0)];
    state.SetLabel(key);
    Window w(key);
    const int low = w.slider->minimum() + (w.slider->maximum() - w.slider->minimum()) / 4;
    const int high = w.slider->minimum() + (w.slider->maximum() - w.slider->minimum()) * 3 / 4;
    int i = 0;
    for (auto _ : state) w.step(i++ % 2 ? low : high);
    const double n = static_cast<double>(state.iterations());
    state.counters["edit_ms"] = w.toStart / n;
    state.counters["run_ms"] = w.toResult / n;
    state.counters["shown_ms"] = w.toShown / n;
    state.counters["paint_ms"] = w.toPainted / n;
}

}  // namespace

BENCHMARK(BM_SliderMoveReSimulatesSeedIncident)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv) {
    if (!std::getenv("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
