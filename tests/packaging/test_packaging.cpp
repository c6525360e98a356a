// What a user gets: `cmake --install` into a fresh prefix lays out the programs, the presets, man
// pages, completions, the desktop entry and its icon; the installed `gatetune` finds its presets
// by name without the source tree. The .deb (CPack) carries the project's version and Depends
// computed from the binaries' shared libraries; unpacked with `dpkg-deb -x`, its binary runs an
// installed preset by name.
#include "qtest_suite.hpp"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "run_program.hpp"

namespace {

using gatetune::test::ProgramOptions;
using gatetune::test::ProgramRun;

// Runs `program` from a folder far from the source and build trees, with no GATETUNE_PRESETS.
ProgramRun run_elsewhere(const QString& program, const QStringList& args) {
    static QTemporaryDir elsewhere;
    ProgramOptions o;
    o.working_dir = elsewhere.path();
    o.env.remove(QStringLiteral("GATETUNE_PRESETS"));
    o.env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return gatetune::test::run_program(program, args, o);
}

QByteArray read_file(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The installed gatetune answers for itself: version, a preset by name from its own share/.
void check_installed_gatetune(const QString& prefix) {
    const QString gatetune = prefix + "/bin/gatetune";
    const ProgramRun version = run_elsewhere(gatetune, {"--version"});
    QCOMPARE(version.code, 0);
    QVERIFY2(version.out.startsWith("gatetune " GATETUNE_VERSION " (commit "), version.out.constData());

    const ProgramRun run = run_elsewhere(gatetune, {"run", "seed-incident"});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.startsWith("Gatetune report: preset seed-incident, seed 1"), run.out.left(200).constData());
    QCOMPARE(run_elsewhere(gatetune, {"run", "failure-modes/db-pool-exhaustion", "--no-requests"}).code, 0);

    // It looked in the installed folder only: the build tree's sources are not its business.
    const ProgramRun missing = run_elsewhere(gatetune, {"run", "no-such-preset"});
    QCOMPARE(missing.code, 2);
    const QString installed = QDir(prefix + "/share/gatetune/presets").canonicalPath();
    QVERIFY2(missing.err.contains("in " + installed.toUtf8() + " ("), missing.err.constData());
    QVERIFY2(!missing.err.contains(GATETUNE_SOURCE_DIR "/presets"), missing.err.constData());

    // A live-mode command goes to the installed gatetune-live-mode beside it.
    QTemporaryDir db;
    const ProgramRun keys = run_elsewhere(gatetune, {"keys", "list", "--db", db.filePath("gateway.sqlite")});
    QVERIFY2(keys.code == 0, keys.err.constData());
    const ProgramRun serve = run_elsewhere(gatetune, {"serve", "--help"});
    QCOMPARE(serve.code, 0);
    QVERIFY2(serve.out.contains("--upstream"), serve.out.constData());
}

}  // namespace

class TestPackaging : public QObject {
    Q_OBJECT
    QTemporaryDir prefix_;

private slots:
    void initTestCase() {
        QVERIFY(prefix_.isValid());
        const ProgramRun r = gatetune::test::run_program(QStringLiteral(GATETUNE_CMAKE),
                                                         {"--install", GATETUNE_BUILD_DIR, "--prefix", prefix_.path()});
        QVERIFY2(r.code == 0, r.err.constData());
    }

    void laysOutTheInstall() {
        QStringList expected = {
            "bin/gatetune",
            "bin/gatetune-live-mode",
            "share/gatetune/presets/seed-incident.toml",
            "share/gatetune/presets/failure-modes/db-pool-exhaustion.toml",
            "share/gatetune/presets/traces/burst.csv",
            "share/man/man1/gatetune.1",
            "share/man/man1/gatetune-run.1",
            "share/man/man1/gatetune-keys.1",
            "share/bash-completion/completions/gatetune",
            "share/zsh/vendor-completions/_gatetune",
        };
        if (GATETUNE_WITH_GUI)
            expected << "bin/gatetune-gui" << "share/man/man1/gatetune-gui.1" << "share/applications/gatetune-gui.desktop"
                     << "share/icons/hicolor/scalable/apps/gatetune.svg";
        for (const QString& file : expected) QVERIFY2(QFileInfo(prefix_.filePath(file)).isFile(), qPrintable(file + " is missing"));
        QVERIFY(QFileInfo(prefix_.filePath("bin/gatetune")).isExecutable());
        // Every shipped preset, and a man page for every subcommand the help lists.
        int presets = 0;
        for (QDirIterator it(GATETUNE_SOURCE_DIR "/presets", {"*.toml"}, QDir::Files, QDirIterator::Subdirectories); it.hasNext(); ++presets) {
            const QString relative = QDir(GATETUNE_SOURCE_DIR "/presets").relativeFilePath(it.next());
            QVERIFY2(QFile::exists(prefix_.filePath("share/gatetune/presets/" + relative)), qPrintable(relative));
        }
        QVERIFY(presets >= 19);
        const QByteArray help = run_elsewhere(prefix_.filePath("bin/gatetune"), {"--help"}).out;
        const QByteArray subcommands = help.mid(help.indexOf("Subcommands:"));
        for (const char* sub : {"run", "check", "sweep", "merge", "tune", "validate", "export", "import", "live", "completion"}) {
            QVERIFY2(subcommands.contains(QByteArray("\n  ") + sub + " "), sub);
            QVERIFY2(QFile::exists(prefix_.filePath(QStringLiteral("share/man/man1/gatetune-%1.1").arg(sub))), sub);
        }
    }

    void installedGatetuneFindsItsPresets() { check_installed_gatetune(prefix_.path()); }

    void manPagesComeFromTheHelp() {
        const QByteArray run = read_file(prefix_.filePath("share/man/man1/gatetune-run.1"));
        QVERIFY2(run.contains(".TH GATETUNE-RUN \"1\""), run.left(300).constData());
        QVERIFY(run.contains("gatetune-run \\- Simulate a preset and report every request's outcome and cause"));
        QVERIFY(run.contains("\\fB\\-\\-seed\\fR UINT"));
        QVERIFY(run.contains(".BR gatetune (1)"));
        // A live-mode command's page has its options: its --help was handed to gatetune-live-mode.
        const QByteArray serve = read_file(prefix_.filePath("share/man/man1/gatetune-serve.1"));
        QVERIFY2(serve.contains("\\fB\\-\\-upstream\\fR"), serve.left(600).constData());
        const QByteArray top = read_file(prefix_.filePath("share/man/man1/gatetune.1"));
        QVERIFY(top.contains(".BR gatetune-run (1),"));
        // man renders it (man-db, as `man gatetune-run` would).
        const QString man = QStandardPaths::findExecutable("man");
        if (man.isEmpty()) QSKIP("man (man-db) is not installed");
        const ProgramRun rendered = run_elsewhere(man, {"-l", prefix_.filePath("share/man/man1/gatetune-run.1")});
        QCOMPARE(rendered.code, 0);
        QVERIFY2(rendered.out.contains("--no-requests"), rendered.out.constData());
    }

    void desktopEntryAndIcon() {
        if (!GATETUNE_WITH_GUI) QSKIP("built without the desktop app (GATETUNE_BUILD_GUI=OFF)");
        const QString entry = prefix_.filePath("share/applications/gatetune-gui.desktop");
        const QByteArray text = read_file(entry);
        QVERIFY(text.contains("\nExec=gatetune-gui %f\n"));
        QVERIFY(text.contains("\nIcon=gatetune\n"));
        QVERIFY(read_file(prefix_.filePath("share/icons/hicolor/scalable/apps/gatetune.svg")).startsWith("<svg "));
        const QString validate = QStandardPaths::findExecutable("desktop-file-validate");
        if (validate.isEmpty()) QSKIP("desktop-file-validate is not installed (scripts/deps.txt lists desktop-file-utils)");
        const ProgramRun r = gatetune::test::run_program(validate, {entry});
        QVERIFY2(r.code == 0 && r.out.isEmpty(), r.out.constData());
        // The installed desktop app starts and knows its version.
        const ProgramRun gui = run_elsewhere(prefix_.filePath("bin/gatetune-gui"), {"--version"});
        QCOMPARE(gui.code, 0);
        QVERIFY2(gui.out.startsWith("gatetune-gui " GATETUNE_VERSION " (commit "), gui.out.constData());
    }

    void installedCompletionsLoad() {
        const ProgramRun r = gatetune::test::run_program(
            "bash", {"--norc", "-c", "source \"$0\" && complete -p gatetune", prefix_.filePath("share/bash-completion/completions/gatetune")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QByteArray("complete -F _gatetune gatetune\n"));
    }

    void debianPackage() {
        QTemporaryDir out;
        ProgramOptions slow;
        slow.timeout_ms = 600000;
        const ProgramRun pack = gatetune::test::run_program(
            QStringLiteral(GATETUNE_CPACK), {"-G", "DEB", "--config", GATETUNE_BUILD_DIR "/CPackConfig.cmake", "-B", out.path()}, slow);
        QVERIFY2(pack.code == 0, (pack.out + pack.err).constData());
        const QStringList debs = QDir(out.path()).entryList({"*.deb"}, QDir::Files);
        QCOMPARE(debs.size(), 1);
        const QString deb = out.filePath(debs.front());

        auto field = [&](const char* name) {
            return gatetune::test::run_program("dpkg-deb", {"--field", deb, name}).out.trimmed();
        };
        QCOMPARE(field("Package"), QByteArray("gatetune"));
        QCOMPARE(field("Version"), QByteArray(GATETUNE_VERSION));
        // Depends comes from dpkg-shlibdeps: the libraries the binaries really link, with versions.
        const QByteArray depends = field("Depends");
        for (const char* lib : {"libc6 (>=", "libstdc++6 (>=", "libsqlite3-0 (>=", "libpq5 (>=", "libssl3 (>=", "libtomlplusplus3 (>="})
            QVERIFY2(depends.contains(lib), (QByteArray(lib) + " not in Depends: " + depends).constData());
        if (GATETUNE_WITH_GUI) QVERIFY2(depends.contains("libqt6charts6 (>="), depends.constData());

        QTemporaryDir root;
        QCOMPARE(gatetune::test::run_program("dpkg-deb", {"-x", deb, root.path()}).code, 0);
        QVERIFY(QFile::exists(root.filePath("usr/share/man/man1/gatetune-run.1")));
        QVERIFY(QFile::exists(root.filePath("usr/share/bash-completion/completions/gatetune")));
        check_installed_gatetune(root.filePath("usr"));
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestPackaging)
#include "test_packaging.moc"
