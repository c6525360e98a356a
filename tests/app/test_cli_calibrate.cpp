// gatetune calibrate from the outside: a simulated log in, a preset out that `gatetune run`
// accepts; bad input is exit 2 with the file and line, and nothing is written.
#include "qtest_suite.hpp"

#include <QFile>
#include <QTemporaryDir>

#include "run_program.hpp"

namespace {

using gatetune::test::ProgramRun;

ProgramRun gatetune_cli(const QStringList& args) { return gatetune::test::run_program(QStringLiteral(GATETUNE_CLI), args); }

void write(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

}  // namespace

class TestCliCalibrate : public QObject {
    Q_OBJECT
private slots:
    void calibratesASimulatedLogIntoARunnablePreset() {
        QTemporaryDir dir;
        const QString log = dir.filePath("log.csv"), out = dir.filePath("cal.toml");
        const ProgramRun run = gatetune_cli({"run", GATETUNE_SOURCE_DIR "/presets/open-loop.toml", "--format", "csv", "--set",
                                             "simulation.record_requests=true", "--set", "http_client.read_timeout=120"});
        QCOMPARE(run.code, 0);
        write(log, run.out);
        const ProgramRun r = gatetune_cli({"calibrate", log, "--preset", GATETUNE_SOURCE_DIR "/presets/open-loop.toml", "--out", out});
        QVERIFY2(r.code == 0 || r.code == 1, r.err.constData());
        QVERIFY(r.out.contains("Reproduce check"));
        QVERIFY(r.out.contains("KS"));
        QCOMPARE(gatetune_cli({"run", out, "--no-requests"}).code, 0);
        const ProgramRun j = gatetune_cli({"calibrate", log, "--out", dir.filePath("cal2.toml"), "--format", "json"});
        QVERIFY(j.out.contains("\"reproduce\""));
    }

    void badInputIsExit2AndWritesNothing() {
        QTemporaryDir dir;
        const QString out = dir.filePath("cal.toml");
        write(dir.filePath("bad.jsonl"), "{\"status\": 200, \"latency\": 1}\nnot json\n{\"status\": 200, \"latency\": 2}\n");
        ProgramRun r = gatetune_cli({"calibrate", dir.filePath("bad.jsonl"), "--out", out});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("bad.jsonl:2:"), r.err.constData());
        QVERIFY(!QFile::exists(out));
        write(dir.filePath("empty.csv"), "\n\n");
        r = gatetune_cli({"calibrate", dir.filePath("empty.csv"), "--out", out});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("empty log"));
        QVERIFY(!QFile::exists(out));
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestCliCalibrate)
#include "test_cli_calibrate.moc"
