// A PRESET argument may be a shipped preset's bare name (`gatetune run seed-incident`): run from
// its build tree, the built `gatetune` finds the source tree's presets/; a file of that name, and
// GATETUNE_PRESETS, come first; anything else is a usage error that lists the names. (The
// installed layout's own lookup is checked by the packaging suite.)
#include "qtest_suite.hpp"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "run_program.hpp"

namespace {

using gatetune::test::ProgramOptions;
using gatetune::test::ProgramRun;

// Runs in an empty folder, so no relative path can reach the source tree's presets by accident.
ProgramRun gatetune_cli(const QStringList& args, ProgramOptions o = {}) {
    static QTemporaryDir elsewhere;
    if (o.working_dir.isEmpty()) o.working_dir = elsewhere.path();
    o.env.remove(QStringLiteral("GATETUNE_PRESETS"));
    return gatetune::test::run_program(QStringLiteral(GATETUNE_CLI), args, o);
}

// A copy of the shipped seed-incident preset under another name.
void write_renamed_seed(const QString& path, const QString& name) {
    QFile in(QStringLiteral(GATETUNE_SOURCE_DIR "/presets/seed-incident.toml"));
    QVERIFY(in.open(QIODevice::ReadOnly));
    QByteArray text = in.readAll();
    text.replace("name = \"seed-incident\"", "name = \"" + name.toUtf8() + "\"");
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(text);
}

}  // namespace

class TestCliPresetNames : public QObject {
    Q_OBJECT
private slots:
    void runsAShippedPresetByName() {
        const ProgramRun r = gatetune_cli({"run", "seed-incident"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("Gatetune report: preset seed-incident, seed 1"), r.out.left(200).constData());
        // The same bytes as through the file's path.
        QCOMPARE(r.out, gatetune_cli({"run", GATETUNE_SOURCE_DIR "/presets/seed-incident.toml"}).out);
    }

    void findsNestedNamesWithOrWithoutExtension() {
        for (const char* name : {"failure-modes/db-pool-exhaustion", "failure-modes/db-pool-exhaustion.toml"}) {
            const ProgramRun r = gatetune_cli({"run", name, "--no-requests", "--format", "json"});
            QCOMPARE(r.code, 0);
            QVERIFY(r.out.contains("\"preset\": \"db-pool-exhaustion\""));
        }
        // A relative workload.trace still resolves against the found preset's folder.
        QCOMPARE(gatetune_cli({"run", "trace-replay", "--no-requests"}).code, 0);
    }

    void aFileOfThatNameComesFirst() {
        QTemporaryDir dir;
        write_renamed_seed(dir.filePath("seed-incident"), "my-copy");
        ProgramOptions o;
        o.working_dir = dir.path();
        const ProgramRun r = gatetune_cli({"run", "seed-incident"}, o);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("Gatetune report: preset my-copy"), r.out.left(200).constData());
    }

    void gatetunePresetsFolderComesFirst() {
        QTemporaryDir dir;
        write_renamed_seed(dir.filePath("seed-incident.toml"), "from-env");
        ProgramOptions o;
        o.env.insert("GATETUNE_PRESETS", dir.path());
        const ProgramRun r = gatetune::test::run_program(QStringLiteral(GATETUNE_CLI), {"run", "seed-incident"}, o);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("Gatetune report: preset from-env"), r.out.left(200).constData());
    }

    void anUnknownNameIsAUsageErrorListingTheNames() {
        for (const char* command : {"run", "validate", "sweep", "export", "live"}) {
            const ProgramRun r = gatetune_cli({command, "no-such-preset"});
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains("no file \"no-such-preset\""), r.err.constData());
            QVERIFY2(r.err.contains(QDir(GATETUNE_SOURCE_DIR "/presets").canonicalPath().toUtf8()), r.err.constData());
            QVERIFY2(r.err.contains("seed-incident, trace-replay)"), r.err.constData());
            QVERIFY(r.out.isEmpty());
        }
    }

    void aNameWithoutItsFolderOrMistypedGetsASuggestion() {
        const ProgramRun folderless = gatetune_cli({"run", "blocked-loop-kill"});
        QCOMPARE(folderless.code, 2);
        QVERIFY2(folderless.err.contains("(did you mean failure-modes/blocked-loop-kill?)"), folderless.err.constData());
        const ProgramRun typo = gatetune_cli({"run", "seed-incidnet"});
        QCOMPARE(typo.code, 2);
        QVERIFY2(typo.err.contains("(did you mean seed-incident?)"), typo.err.constData());
        const ProgramRun far = gatetune_cli({"run", "no-such-preset"});
        QVERIFY2(!far.err.contains("did you mean"), far.err.constData());
    }

    void namesNeverLeaveThePresetsFolder() {
        QCOMPARE(gatetune_cli({"run", "../presets/seed-incident"}).code, 2);
        QCOMPARE(gatetune_cli({"run", "/seed-incident"}).code, 2);
    }

    void checkResolvesNamesAndReportsTheUnreadable() {
        const ProgramRun r = gatetune_cli({"check", "seed-fixed", "no-such-preset", "--seeds", "1"});
        QCOMPARE(r.code, 2);  // one preset could not be read
        QVERIFY2(r.out.contains("seed-fixed"), r.out.constData());
        QVERIFY2(r.out.contains("no-such-preset"), r.out.constData());
    }

    void listsTheNamesForTheCompletions() {
        const ProgramRun r = gatetune_cli({"completion", "preset-names"});
        QCOMPARE(r.code, 0);
        const QList<QByteArray> names = r.out.trimmed().split('\n');
        QVERIFY(names.contains("seed-incident"));
        QVERIFY(names.contains("failure-modes/db-pool-exhaustion"));
        QVERIFY(!names.contains("traces/burst"));  // not a preset
        QVERIFY(std::is_sorted(names.begin(), names.end()));
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestCliPresetNames)
#include "test_cli_preset_names.moc"
