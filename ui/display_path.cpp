#include "ui/display_path.hpp"

#include <QDir>
#include <QFileInfo>

namespace gatetune::ui {

namespace {

// `path` relative to `dir` when it lies inside it (or is it), else null.
QString inside(const QString& path, const QString& dir) {
    const QString relative = QDir(dir).relativeFilePath(path);
    if (relative == QStringLiteral("..") || relative.startsWith(QStringLiteral("../")) || QFileInfo(relative).isAbsolute())
        return {};
    return relative;
}

}  // namespace

QString displayPath(const QString& path, const QString& workingDirectory, const QString& home) {
    if (path.isEmpty()) return path;
    const QString clean = QDir::cleanPath(path);
    if (QFileInfo(clean).isRelative()) return clean;
    const QString fromCwd = inside(clean, workingDirectory);
    const QString fromHome = home.isEmpty() || QDir::cleanPath(home) == QStringLiteral("/") ? QString() : inside(clean, home);
    // Inside both (the app started in / or in a directory above home): the nearer one.
    if (!fromCwd.isNull() && (fromHome.isNull() || QDir::cleanPath(workingDirectory).size() >= QDir::cleanPath(home).size()))
        return fromCwd;
    if (!fromHome.isNull()) return fromHome == QStringLiteral(".") ? QStringLiteral("~") : QStringLiteral("~/") + fromHome;
    return QDir(workingDirectory).relativeFilePath(clean);
}

QString displayPath(const QString& path) { return displayPath(path, QDir::currentPath(), QDir::homePath()); }

QString openablePath(const QString& shown) {
    if (shown == QStringLiteral("~")) return QDir::homePath();
    if (shown.startsWith(QStringLiteral("~/"))) return QDir::homePath() + shown.mid(1);
    return shown;
}

}  // namespace gatetune::ui
