#pragma once
// `gatetune-gui --screenshot DIR`: drives the real window through each main view with the
// shipped presets and saves one PNG per view — the README's pictures, reproducible with
// scripts/screenshots.sh under Xvfb.
#include <QString>

namespace gatetune::ui {
class MainWindow;
}

namespace gatetune::gui {

// Returns 0 when every screenshot was written; prints what failed otherwise.
int runScreenshotTour(ui::MainWindow& window, const QString& presetsDir, const QString& outDir);

}  // namespace gatetune::gui
