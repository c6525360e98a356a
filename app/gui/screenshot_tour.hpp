#pragma once
// `gatetune-gui --screenshot DIR`: drives the real window through each main view with the
// shipped presets and saves one PNG per view — the README's pictures, reproducible with
// scripts/screenshots.sh under Xvfb.
#include <QString>
#include <QStringList>

namespace gatetune::ui {
class MainWindow;
}

namespace gatetune::gui {

// Returns 0 when every screenshot was written; prints what failed otherwise. `only`: prefixes of
// the screenshots to take ("11" for 11-calibrate.png); empty: all of them.
int runScreenshotTour(ui::MainWindow& window, const QString& presetsDir, const QString& outDir, const QStringList& only = {});

}  // namespace gatetune::gui
