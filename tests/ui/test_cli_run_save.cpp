// `gatetune run --save`: the run lands in the same history the desktop app browses, with the
// preset file's own text; a file that is not a history is refused with exit 2 and a message.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include "qtest_suite.hpp"

#include "sim/history/run_history.hpp"

class TestCliRunSave : public QObject {
    Q_OBJECT
private slots:
    void savesTheRunIntoTheHistory() {
        QTemporaryDir dir;
        const QString history = dir.filePath(QStringLiteral("h.sqlite3"));
        QProcess p;
        p.start(QStringLiteral(GATETUNE_CLI), {QStringLiteral("run"), QStringLiteral(GATETUNE_SOURCE_DIR "/presets/seed-incident.toml"),
                                              QStringLiteral("--save"), QStringLiteral("--history"), history});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardError().contains("saved as run 1"));
        gatetune::sim::history::RunHistory h(history.toStdString());
        const auto runs = h.list();
        QCOMPARE(runs.size(), std::size_t{1});
        QCOMPARE(runs[0].source, std::string("cli"));
        QCOMPARE(runs[0].preset_name, std::string("seed-incident"));
        QVERIFY(h.load(runs[0].id).preset_text.find("# Dockerfile CMD: -w 4") != std::string::npos);
    }

    void refusesAFileThatIsNotAHistory() {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.sqlite3"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(2048, 'x'));
        f.close();
        QProcess p;
        p.start(QStringLiteral(GATETUNE_CLI), {QStringLiteral("run"), QStringLiteral(GATETUNE_SOURCE_DIR "/presets/seed-incident.toml"),
                                              QStringLiteral("--save"), QStringLiteral("--history"), bad});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("is not a gatetune run history"));
    }
};

GATETUNE_QTEST_MAIN(TestCliRunSave)
#include "test_cli_run_save.moc"
