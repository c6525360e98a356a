// gatetune-gui — the desktop app: explore settings, see the stack fail and recover, compare runs,
// sweep, validate and export. `gatetune-gui [PRESET] [--history FILE] [--dark] [--screenshot DIR]`.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>

#include "app/build_commit.hpp"
#include "app/gui/screenshot_tour.hpp"
#include "gatetune/version.hpp"
#include "ui/app_palette.hpp"
#include "ui/main_window.hpp"
#include "ui/preset_document.hpp"
#include "ui/preset_gallery.hpp"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Gatetune"));
    QApplication::setApplicationName(QStringLiteral("gatetune-gui"));
    QApplication::setApplicationVersion(QStringLiteral("%1 (commit %2)").arg(QLatin1String(gatetune::kVersion), QLatin1String(gatetune::kBuildCommit)));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Gatetune desktop app: simulate an LLM API gateway stack and tune it"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("preset"), QStringLiteral("Preset file (TOML) to open"), QStringLiteral("[preset]"));
    const QCommandLineOption history(QStringLiteral("history"), QStringLiteral("Run history file (default: the user's data directory)"), QStringLiteral("file"));
    const QCommandLineOption noHistory(QStringLiteral("no-history"), QStringLiteral("Do not store runs in the history"));
    const QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Start with the dark palette"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Take the screenshot tour into DIR and quit"), QStringLiteral("dir"));
    const QCommandLineOption screenshotOnly(QStringLiteral("screenshot-only"),
                                            QStringLiteral("With --screenshot: take only the screenshots whose names start with one of these comma-separated prefixes (e.g. 11)"),
                                            QStringLiteral("prefixes"));
    parser.addOptions({history, noHistory, dark, screenshot, screenshotOnly});
    parser.process(app);

    const bool tour = parser.isSet(screenshot);
    if (tour) {  // the tour must not read or change the user's window settings
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, QDir::temp().filePath(QStringLiteral("gatetune-screenshot-settings")));
        QSettings().clear();
    }
    gatetune::ui::applyPalette(parser.isSet(dark) || QSettings().value("view/dark", false).toBool());

    gatetune::ui::MainWindowOptions options;
    options.historyPath = parser.value(history);
    options.keepHistory = !parser.isSet(noHistory);
    gatetune::ui::MainWindow window(options);
    if (parser.isSet(dark)) window.setDarkPalette(true);

    if (tour) {
        int rc = 1;
        QTimer::singleShot(0, &window, [&] {
            rc = gatetune::gui::runScreenshotTour(window, gatetune::ui::presetsDirectory(), parser.value(screenshot),
                                                    parser.value(screenshotOnly).split(QLatin1Char(','), Qt::SkipEmptyParts));
            window.document()->undoStack()->setClean();  // nothing to save prompt on quit
            app.quit();
        });
        app.exec();
        return rc;
    }

    // The preset given, else the last one opened, else the incident that started it all.
    QString preset = parser.positionalArguments().value(0);
    if (preset.isEmpty()) {
        const QStringList recent = QSettings().value("recentFiles").toStringList();
        if (!recent.isEmpty() && QFileInfo::exists(recent.front())) preset = recent.front();
    }
    if (preset.isEmpty() && !gatetune::ui::presetsDirectory().isEmpty())
        preset = QDir(gatetune::ui::presetsDirectory()).filePath(QStringLiteral("seed-incident.toml"));
    if (!preset.isEmpty()) window.openFile(preset);
    window.show();
    return app.exec();
}
