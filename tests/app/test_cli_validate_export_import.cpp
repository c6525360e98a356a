// The built `gatetune` binary: exit codes of validate, export and import (0 ok, 1 not valid,
// 2 bad input), --help on each, export → import through the files on disk, and an unknown
// command named on stderr with the nearest real one.
#include "qtest_suite.hpp"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace {

struct Run {
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run gatetune_cli(const QStringList& args) {
    QProcess p;
    p.start(GATETUNE_CLI, args);
    Run r;
    if (!p.waitForFinished(120000)) return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString source(const char* rel) { return QString(GATETUNE_SOURCE_DIR) + "/" + rel; }
const char* kClean = "tests/sim/validation/fixtures/clean.toml";

}  // namespace

class TestCliValidateExportImport : public QObject {
    Q_OBJECT
private slots:
    void help() {
        for (const char* cmd : {"validate", "export", "import"}) {
            const Run r = gatetune_cli({cmd, "--help"});
            QCOMPARE(r.code, 0);
            QVERIFY(r.out.contains("Usage"));
        }
    }

    // Like git: a mistyped command is named, with the nearest commands by edit distance, on
    // stderr and with exit 2 — even when --help follows it. Only the main --help exits 0.
    void unknownCommandsAreNamedWithASuggestion() {
        const Run typo = gatetune_cli({"runn", source(kClean)});
        QCOMPARE(typo.code, 2);
        QCOMPARE(typo.err, QByteArray("gatetune: unknown command 'runn' (did you mean 'run'?)\n"));
        QVERIFY(typo.out.isEmpty());
        QCOMPARE(gatetune_cli({"chekc", "--help"}).err, QByteArray("gatetune: unknown command 'chekc' (did you mean 'check'?)\n"));
        const Run far = gatetune_cli({"frobnicate", "--help"});
        QCOMPARE(far.code, 2);
        QCOMPARE(far.err, QByteArray("gatetune: unknown command 'frobnicate'\n"));
        QVERIFY(far.out.isEmpty());
        const Run help = gatetune_cli({"--help"});
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains("Usage"));
        QCOMPARE(gatetune_cli({"--version"}).code, 0);
    }

    void validateExitCodes() {
        QCOMPARE(gatetune_cli({"validate", source(kClean), "--seeds", "2"}).code, 0);
        const Run bad = gatetune_cli({"validate", source("presets/seed-fixed.toml"), "--seeds", "1"});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.out.contains("Result: NOT VALID — 1 error (GT001)"));
        QCOMPARE(gatetune_cli({"validate", "/nonexistent.toml"}).code, 2);
        QCOMPARE(gatetune_cli({"validate", source(kClean), "--seeds", "0"}).code, 2);
        QCOMPARE(gatetune_cli({"validate", source(kClean), "--format", "xml"}).code, 2);
        QCOMPARE(gatetune_cli({"validate", source(kClean), "--set", "server.workers=0"}).code, 2);
    }

    void validateJson() {
        const Run r = gatetune_cli({"validate", source("presets/seed-fixed.toml"), "--seeds", "1", "--format", "json"});
        QCOMPARE(r.code, 1);
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["valid"].toBool(true), false);
        QCOMPARE(j["verdict"].toString(), QString("1 error (GT001)"));
    }

    void exportRefusesUnlessForced() {
        QTemporaryDir dir;
        const QString out = dir.filePath("refused");
        const Run refused = gatetune_cli({"export", source("presets/seed-fixed.toml"), "--out", out, "--seeds", "1"});
        QCOMPARE(refused.code, 1);
        QVERIFY(refused.err.contains("--force"));
        QVERIFY(!QDir(out).exists());
        const Run forced = gatetune_cli({"export", source("presets/seed-fixed.toml"), "--out", out, "--seeds", "1", "--force"});
        QCOMPARE(forced.code, 0);
        for (const char* name : {"Dockerfile.cmd", "gunicorn.conf.py", "db.py", "http_client.py", "gatetune.env", "VALIDATION.md"}) {
            QFile f(QDir(out).filePath(name));
            QVERIFY2(f.open(QIODevice::ReadOnly), name);
            QVERIFY2(f.readAll().contains("NOT VALIDATED"), name);
        }
        QCOMPARE(gatetune_cli({"export", source(kClean)}).code, 2);  // --out is required
        QCOMPARE(gatetune_cli({"export", source(kClean), "--out", out, "--app", "no colon"}).code, 2);
    }

    void exportThenImport() {
        QTemporaryDir dir;
        QCOMPARE(gatetune_cli({"export", source(kClean), "--out", dir.path(), "--seeds", "1"}).code, 0);
        QStringList files;
        for (const char* name : {"Dockerfile.cmd", "gunicorn.conf.py", "db.py", "http_client.py", "gatetune.env"}) files << dir.filePath(name);
        const QString preset = dir.filePath("imported.toml");
        const Run r = gatetune_cli(QStringList{"import"} + files + QStringList{"--base", source(kClean), "--out", preset});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("server.workers"));
        // The imported preset validates exactly like the original.
        const Run original = gatetune_cli({"validate", source(kClean), "--seeds", "1", "--format", "json"});
        const Run imported = gatetune_cli({"validate", preset, "--seeds", "1", "--format", "json"});
        QCOMPARE(imported.code, 0);
        QCOMPARE(QJsonDocument::fromJson(imported.out).object()["hash"], QJsonDocument::fromJson(original.out).object()["hash"]);
    }

    void importFailsOnWhatItCannotRead() {
        QTemporaryDir dir;
        QFile f(dir.filePath("gunicorn.conf.py"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("import multiprocessing\nworkers = multiprocessing.cpu_count() * 2 + 1\n");
        f.close();
        const QString out = dir.filePath("p.toml");
        const Run r = gatetune_cli({"import", f.fileName(), "--out", out});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("gunicorn.conf.py:2: `workers = multiprocessing.cpu_count() * 2 + 1` is not a literal"));
        QVERIFY(!QFile::exists(out));
        QCOMPARE(gatetune_cli({"import", dir.filePath("settings.yaml")}).code, 2);
        const Run json = gatetune_cli({"import", f.fileName(), "--format", "json"});
        QCOMPARE(json.code, 2);
        QCOMPARE(QJsonDocument::fromJson(json.out).object()["ok"].toBool(true), false);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestCliValidateExportImport)
#include "test_cli_validate_export_import.moc"
