// The command line is two programs (app/cli/live_mode_commands.hpp): `gatetune` hands the live
// mode's commands, and `completion`, to gatetune-live-mode beside it. Both list the same
// commands; a handed-over command prints and does what gatetune-live-mode does; the completions
// know the live commands' options; and without gatetune-live-mode a live command is a clear
// usage error while the rest of `gatetune` works.
#include "qtest_suite.hpp"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include "app/cli/live_mode_commands.hpp"
#include "run_program.hpp"

namespace {

using gatetune::test::ProgramRun;
using gatetune::test::run_program;

const QString kCli = QStringLiteral(GATETUNE_CLI);
const QString kLiveMode = QStringLiteral(GATETUNE_LIVE_MODE_CLI);

// The help text with the program's path (its argv[0], which CLI11 prints) taken out.
QByteArray without_program(QByteArray text, const QString& program) {
    return text.replace(program.toUtf8(), "PROGRAM");
}

// The "Subcommands:" section of a --help.
QByteArray subcommands_of(const QByteArray& help) {
    const qsizetype at = help.indexOf("Subcommands:");
    return at < 0 ? QByteArray() : help.mid(at);
}

}  // namespace

class TestCliLiveMode : public QObject {
    Q_OBJECT
private slots:
    void bothProgramsListTheSameCommands() {
        // gatetune looks for it beside itself, by this name.
        QVERIFY2(QFileInfo(kLiveMode).isExecutable(), qPrintable(kLiveMode));
        QCOMPARE(QFileInfo(kLiveMode).absolutePath(), QFileInfo(kCli).absolutePath());
        QCOMPARE(QFileInfo(kLiveMode).fileName().toStdString(), std::string(gatetune::cli::kLiveModeProgram));
        const ProgramRun light = run_program(kCli, {"--help"});
        const ProgramRun full = run_program(kLiveMode, {"--help"});
        QCOMPARE(light.code, 0);
        QCOMPARE(full.code, 0);
        QVERIFY(!subcommands_of(light.out).isEmpty());
        QCOMPARE(subcommands_of(light.out), subcommands_of(full.out));
        for (const auto& c : gatetune::cli::kLiveModeCommands) {
            const QByteArray line = QByteArray(c.name.data(), c.name.size());
            QVERIFY2(light.out.contains("\n  " + line + " "), line.constData());
            QVERIFY2(light.out.contains(QByteArray(c.description.data(), c.description.size())), line.constData());
        }
    }

    void aLiveCommandIsHandedOver() {
        for (const auto& c : gatetune::cli::kLiveModeCommands) {
            const QString name = QString::fromUtf8(c.name.data(), static_cast<qsizetype>(c.name.size()));
            const ProgramRun through = run_program(kCli, {name, "--help"});
            const ProgramRun direct = run_program(kLiveMode, {name, "--help"});
            QCOMPARE(through.code, 0);
            QCOMPARE(direct.code, 0);
            // gatetune's own entry has no options; the handed-over help has the command's.
            QVERIFY2(through.out.contains("Options:") && through.out.contains("--help"), through.out.constData());
            QCOMPARE(without_program(through.out, kCli), without_program(direct.out, kLiveMode));
        }
        // Its options are parsed there: a bad one is gatetune-live-mode's usage error, exit 2.
        const ProgramRun bad = run_program(kCli, {"serve", "seed-incident", "--max-body", "lots"});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--max-body"), bad.err.constData());
    }

    void aHandedOverCommandRuns() {
        QTemporaryDir dir;
        const QString db = dir.filePath("gateway.sqlite");
        const ProgramRun added = run_program(kCli, {"keys", "add", "--db", db, "--name", "ci"});
        QVERIFY2(added.code == 0, added.err.constData());
        const ProgramRun listed = run_program(kCli, {"keys", "list", "--db", db});
        QVERIFY2(listed.code == 0, listed.err.constData());
        QVERIFY2(listed.out.contains("ci"), listed.out.constData());
        QCOMPARE(without_program(listed.out, kCli), without_program(run_program(kLiveMode, {"keys", "list", "--db", db}).out, kLiveMode));
    }

    void theCompletionsKnowTheLiveCommandsOptions() {
        const ProgramRun bash = run_program(kCli, {"completion", "bash"});
        QCOMPARE(bash.code, 0);
        QVERIFY(bash.out.contains("--upstream"));     // serve's
        QVERIFY(bash.out.contains("--max-body"));     // serve's
        QVERIFY(bash.out.contains("revoke"));         // keys revoke
        QCOMPARE(bash.out, run_program(kLiveMode, {"completion", "bash"}).out);
    }

    void withoutTheLiveModeProgramALiveCommandIsAUsageError() {
        QTemporaryDir dir;
        const QString alone = dir.filePath("gatetune");
        QVERIFY(QFile::copy(kCli, alone));
        const ProgramRun serve = run_program(alone, {"serve", "seed-incident"});
        QCOMPARE(serve.code, 2);
        QVERIFY2(serve.err.contains("gatetune: `serve` is a live-mode command"), serve.err.constData());
        QVERIFY2(serve.err.contains(dir.filePath("gatetune-live-mode").toUtf8()), serve.err.constData());
        QVERIFY2(serve.err.contains("--target gatetune-live-mode"), serve.err.constData());
        // Everything else still runs.
        const ProgramRun demo = run_program(alone, {"demo", "-n", "2000"});
        QVERIFY2(demo.code == 0, demo.err.constData());
        QVERIFY(demo.out.contains("mean wait (Erlang C)"));
        QCOMPARE(run_program(alone, {"validate", "--help"}).code, 0);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestCliLiveMode)
#include "test_cli_live_mode.moc"
