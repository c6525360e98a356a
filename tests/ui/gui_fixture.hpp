#pragma once
// What every GUI test needs: a MainWindow on a private run history and private settings, the
// shipped presets, and a way to wait for the background run the window starts.
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "ui/main_window.hpp"
#include "ui/preset_document.hpp"

namespace gatetune::test {

inline QString preset(const QString& relative) { return QStringLiteral(GATETUNE_SOURCE_DIR "/presets/") + relative; }

struct GuiFixture {
    QTemporaryDir dir;
    std::unique_ptr<ui::MainWindow> window;

    GuiFixture() {
        QStandardPaths::setTestModeEnabled(true);  // QSettings under ~/.qttest, not the user's
        QSettings().clear();
        ui::MainWindowOptions o;
        o.historyPath = dir.filePath(QStringLiteral("history.sqlite3"));
        window = std::make_unique<ui::MainWindow>(o);
        window->runs()->setDebounceMs(10);
    }
    ~GuiFixture() {
        window->document()->undoStack()->setClean();  // no "save changes?" on close
    }

    // Waits for the run the last change started; false on timeout.
    bool waitForRun(int finishedBefore, int timeoutMs = 60000) {
        return QTest::qWaitFor([&] { return window->runsFinished() > finishedBefore && !window->runs()->busy(); }, timeoutMs);
    }
    bool open(const QString& relative) {
        const int before = window->runsFinished();
        return window->openFile(preset(relative)) && waitForRun(before);
    }
};

}  // namespace gatetune::test
