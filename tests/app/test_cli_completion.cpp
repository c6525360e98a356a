// `gatetune completion bash|zsh`: the scripts parse, and completing with them offers what the
// command line accepts — subcommands, each command's options, preset names for a PRESET, files for
// an option's value — as bash computes it (the script sourced and its completer called) and as
// the zsh functions declare it to _arguments.
#include "qtest_suite.hpp"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "run_program.hpp"

namespace {

using gatetune::test::ProgramRun;

QByteArray generate(const char* shell) {
    const ProgramRun r = gatetune::test::run_program(QStringLiteral(GATETUNE_CLI), {"completion", shell});
    if (r.code != 0) qWarning("gatetune completion %s: %s", shell, r.err.constData());
    return r.out;
}

// What the bash script completes for the words typed so far (the last one being completed).
QStringList bash_complete(const QString& script, const QStringList& words) {
    QString call = QStringLiteral("source '%1'; COMP_WORDS=('%2'").arg(script, QStringLiteral(GATETUNE_CLI));
    for (const QString& w : words) call += QStringLiteral(" '%1'").arg(w);
    call += QStringLiteral("); COMP_CWORD=%1; _gatetune; printf '%s\\n' \"${COMPREPLY[@]}\"").arg(words.size());
    const ProgramRun r = gatetune::test::run_program(QStringLiteral("bash"), {"--norc", "-c", call});
    if (r.code != 0) qWarning("bash: %s", r.err.constData());
    QStringList out = QString::fromUtf8(r.out).split('\n', Qt::SkipEmptyParts);
    out.sort();
    return out;
}

}  // namespace

class TestCliCompletion : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString bash_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        bash_ = dir_.filePath("gatetune.bash");
        QFile f(bash_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(generate("bash"));
    }

    void bashScriptParses() {
        const ProgramRun r = gatetune::test::run_program("bash", {"-n", bash_});
        QCOMPARE(r.code, 0);
    }

    void bashCompletesSubcommands() {
        QCOMPARE(bash_complete(bash_, {"ru"}), QStringList{"run"});
        QCOMPARE(bash_complete(bash_, {"s"}), (QStringList{"serve", "sweep"}));
        QCOMPARE(bash_complete(bash_, {"keys", "a"}), QStringList{"add"});
        QVERIFY(bash_complete(bash_, {""}).contains("completion"));
    }

    void bashCompletesEachCommandsOptions() {
        QCOMPARE(bash_complete(bash_, {"run", "--fo"}), QStringList{"--format"});
        QCOMPARE(bash_complete(bash_, {"run", "--no"}), QStringList{"--no-requests"});
        // Values are skipped when finding the command: --format takes one, --save takes none.
        QCOMPARE(bash_complete(bash_, {"run", "--format", "json", "--se"}), (QStringList{"--seed", "--set"}));
        QCOMPARE(bash_complete(bash_, {"sweep", "--sh"}), QStringList{"--shard"});
        // `keys add` also takes the --db that falls through to `keys`.
        QCOMPARE(bash_complete(bash_, {"keys", "add", "--"}), (QStringList{"--count", "--db", "--help", "--name"}));
        QCOMPARE(bash_complete(bash_, {"--v"}), QStringList{"--version"});
    }

    void bashCompletesPresetNamesAndFiles() {
        QCOMPARE(bash_complete(bash_, {"run", "seed-"}), (QStringList{"seed-fixed", "seed-incident"}));
        QCOMPARE(bash_complete(bash_, {"check", "seed-fixed", "failure-modes/db-p"}), QStringList{"failure-modes/db-pool-exhaustion"});
        // A preset file by path: only .toml files (and folders to descend into).
        const QString presets = QStringLiteral(GATETUNE_SOURCE_DIR "/presets/");
        QCOMPARE(bash_complete(bash_, {"validate", presets + "seed-i"}), QStringList{presets + "seed-incident.toml"});
        QCOMPARE(bash_complete(bash_, {"validate", presets + "tra"}), (QStringList{presets + "trace-replay.toml", presets + "traces"}));
        // An option's value is a file of any kind.
        QCOMPARE(bash_complete(bash_, {"run", "seed-incident", "--out", presets + "traces/b"}), QStringList{presets + "traces/burst.csv"});
    }

    void zshScriptParsesAndRegisters() {
        const QString zsh = QStandardPaths::findExecutable("zsh");
        if (zsh.isEmpty()) QSKIP("zsh is not installed (scripts/deps.txt lists it)");
        const QString script = dir_.filePath("_gatetune");
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(generate("zsh"));
        f.close();
        QCOMPARE(gatetune::test::run_program(zsh, {"-n", script}).code, 0);
        // Sourced after compinit (as in a .zshrc), it registers itself for `gatetune` and defines
        // one function per command.
        const ProgramRun r = gatetune::test::run_program(
            zsh, {"-f", "-c",
                  QStringLiteral("autoload -U compinit && compinit -u -D && source '%1' && print -r -- $_comps[gatetune] && "
                                 "whence -w _gatetune_cmd_run _gatetune_cmd_keys_add")
                      .arg(script)});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QByteArray("_gatetune\n_gatetune_cmd_run: function\n_gatetune_cmd_keys_add: function\n"));
    }

    void zshDeclaresEachCommandsArguments() {
        const QString zsh = QStandardPaths::findExecutable("zsh");
        if (zsh.isEmpty()) QSKIP("zsh is not installed (scripts/deps.txt lists it)");
        const QString script = dir_.filePath("_gatetune");
        QVERIFY(QFile::exists(script));
        // _arguments replaced by one that prints its specifications.
        const ProgramRun r = gatetune::test::run_program(
            zsh, {"-f", "-c",
                  QStringLiteral("compdef() { :; }; source '%1'; _arguments() { print -rl -- \"$@\"; }; _gatetune_cmd_run").arg(script)});
        QCOMPARE(r.code, 0);
        const QList<QByteArray> specs = r.out.split('\n');
        QVERIFY2(specs.contains("--seed[Random seed (overrides simulation.seed)]:value:_files"), r.out.constData());
        QVERIFY2(specs.contains("*--set[Override a preset key, e.g. --set db_pool.pool_size=20 (repeatable)]:value:_files"), r.out.constData());
        QVERIFY2(specs.contains("(-o --out)-o[Write the report to FILE instead of standard output]:value:_files"), r.out.constData());
        QVERIFY2(specs.contains("--no-requests[Do not keep per-request records (for very large runs)]"), r.out.constData());
        QVERIFY2(specs.contains(":preset:_gatetune_presets"), r.out.constData());
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestCliCompletion)
#include "test_cli_completion.moc"
