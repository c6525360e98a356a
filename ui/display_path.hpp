#pragma once
// A file's path as the window shows it: as the user would type it from where the app was
// started, never the machine's absolute path (which ends up in screenshots and bug reports).
#include <QString>

namespace gatetune::ui {

// Below the working directory: relative to it ("presets/x.toml"); else below the home
// directory: from "~" ("~/gatetune/x.toml"); below both, from the nearer one; else relative to
// the working directory ("../shared/x.toml"). A relative path is already relative to the
// working directory and is only cleaned. The two-directory form is for tests.
QString displayPath(const QString& path);
QString displayPath(const QString& path, const QString& workingDirectory, const QString& home);

// The other way: a path as the window shows it (and as a user types it) to a path the file
// system opens — "~" and "~/…" from the home directory; everything else as it stands.
QString openablePath(const QString& shown);

}  // namespace gatetune::ui
