// The check, sweep, merge and tune commands end to end: exit codes (0 ok, 1 SLO/validation
// failure, 2 bad input), results on stdout or --out, --help everywhere, byte-identical output
// whatever --jobs, shard + merge = the unsharded sweep, and a sweep point = `gatetune run`.
#include "qtest_suite.hpp"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QXmlStreamReader>

#include <string>

#include "sim/experiment/tiny_preset.hpp"

using namespace gatetune;

namespace {

struct Result {
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Result gatetune_cli(const QStringList& args) {
    QProcess p;
    p.start(GATETUNE_CLI, args);
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

QByteArray read_all(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

class TestCliExperiment : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString good_, bad_, broken_;
    QString path(const char* name) const { return QDir(dir_.path()).filePath(name); }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        good_ = q(test::write_file(dir_, "good.toml", test::tiny_preset_with_pool(12)));
        bad_ = q(test::write_file(dir_, "bad.toml", test::tiny_preset_with_pool(2)));
        broken_ = q(test::write_file(dir_, "broken.toml", "[db_pool]\npool_size = \"many\"\n"));
    }

    void everyCommandHasHelp() {
        for (const char* command : {"check", "sweep", "merge", "tune"}) {
            const Result r = gatetune_cli({command, "--help"});
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.contains("Usage"), command);
        }
    }

    void checkExitCodesAndReports() {
        QCOMPARE(gatetune_cli({"check", good_, "--seeds", "2"}).code, 0);
        const Result failed = gatetune_cli({"check", good_, bad_, "--seeds", "2", "--junit", path("report.xml"), "--json", path("check.json")});
        QCOMPARE(failed.code, 1);
        QVERIFY(failed.out.contains("slo.max_error_rate"));
        QVERIFY(failed.out.contains("FAIL"));
        QVERIFY(failed.out.contains("1 of 2 presets failed"));
        QXmlStreamReader xml(read_all(path("report.xml")));
        int failures = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == u"failure") ++failures;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(failures >= 1);
        const QJsonObject json = QJsonDocument::fromJson(read_all(path("check.json"))).object();
        QCOMPARE(json["passed"].toBool(), false);
        QCOMPARE(json["presets"].toArray().size(), 2);
        // Unreadable presets are input errors (2), reported beside the others.
        const Result broken = gatetune_cli({"check", good_, broken_, "--seeds", "1"});
        QCOMPARE(broken.code, 2);
        QVERIFY(broken.out.contains("ERROR"));
        QCOMPARE(gatetune_cli({"check", good_, "--seeds", "0"}).code, 2);
        QCOMPARE(gatetune_cli({"check"}).code, 2);
    }

    // Every shipped preset with an [slo] states its expected outcome there: `check` on the folder
    // runs them all; the failure-mode presets fail their SLO on the cause they are named for (each
    // has one max_cause_rate check), the healthy ones pass theirs.
    void shippedPresetsMeetOrBreakTheirSlo() {
        const QString presets = QString(GATETUNE_SOURCE_DIR) + "/presets";
        const Result r = gatetune_cli({"check", presets + "/failure-modes", presets + "/seed-fixed.toml", presets + "/trace-replay.toml",
                                       "--seeds", "2", "--json", path("shipped.json")});
        QCOMPARE(r.code, 1);
        const QJsonArray checked = QJsonDocument::fromJson(read_all(path("shipped.json"))).object()["presets"].toArray();
        QCOMPARE(checked.size(), static_cast<qsizetype>(QDir(presets + "/failure-modes").entryList({"*.toml"}).size() + 2));
        int failing = 0;
        for (const auto& v : checked) {
            const QJsonObject p = v.toObject();
            const QString file = p["file"].toString();
            const QJsonArray slo = p["slo"].toArray();
            QVERIFY2(!slo.isEmpty(), qPrintable(file + " states no expected outcome ([slo])"));
            const QJsonObject first = slo.at(0).toObject();
            if (first["check"].toString().startsWith("max_cause_rate.")) {
                QVERIFY2(!first["passed"].toBool(), qPrintable(file + " no longer shows " + first["check"].toString()));
                ++failing;
            } else {
                QVERIFY2(first["passed"].toBool(), qPrintable(file + " no longer meets " + first["check"].toString()));
            }
        }
        QCOMPARE(failing, static_cast<int>(checked.size()) - 3);  // all but seed-fixed, trace-replay, alb-streamed-passes
    }

    void sweepOutputIsTheSameForAnyJobs() {
        const QStringList args = {"sweep", good_, "--vary", "db_pool.pool_size=1..6", "--vary", "server.workers=1,2", "--seeds", "2"};
        const Result one = gatetune_cli(args + QStringList{"--jobs", "1"});
        const Result two = gatetune_cli(args + QStringList{"--jobs", "2"});
        QCOMPARE(one.code, 0);
        QCOMPARE(two.code, 0);
        QCOMPARE(two.out, one.out);
        QCOMPARE(one.out.count('\n'), 13);  // header + 12 points
        QVERIFY(one.err.contains("12 of 12 points"));  // diagnostics on stderr, not in the CSV
        const Result json = gatetune_cli(args + QStringList{"--jobs", "2", "--format", "json"});
        QCOMPARE(QJsonDocument::fromJson(json.out).object()["points"].toArray().size(), 12);
    }

    void shardsMergeIntoTheUnshardedSweep() {
        for (const char* ext : {"csv", "json"}) {
            const QStringList args = {"sweep", good_, "--vary", "db_pool.pool_size=1..5", "--vary", "db_pool.max_overflow=0,2"};
            const Result whole = gatetune_cli(args + QStringList{"--out", path("whole.") + ext});
            QCOMPARE(whole.code, 0);
            QVERIFY(whole.out.isEmpty());  // --out: nothing on stdout
            QStringList parts;
            for (int i = 1; i <= 3; ++i) {
                const QString part = path("part") + QString::number(i) + "." + ext;
                QCOMPARE(gatetune_cli(args + QStringList{"--shard", QString("%1/3").arg(i), "--out", part}).code, 0);
                parts.prepend(part);
            }
            const Result merged = gatetune_cli(QStringList{"merge"} + parts);
            QCOMPARE(merged.code, 0);
            QCOMPARE(merged.out, read_all(path("whole.") + ext));
            const Result missing = gatetune_cli({"merge", parts[0], parts[1]});
            QCOMPARE(missing.code, 2);
            QVERIFY2(missing.err.contains("missing"), missing.err.constData());
        }
    }

    void aSweepPointEqualsASingleRun() {
        const Result sweep = gatetune_cli({"sweep", good_, "--vary", "db_pool.pool_size=3,7", "--seed", "5", "--format", "json"});
        QCOMPARE(sweep.code, 0);
        const QJsonObject point = QJsonDocument::fromJson(sweep.out).object()["points"].toArray()[1].toObject();
        QCOMPARE(point["seeds"].toArray()[0].toInt(), 5);
        const Result run = gatetune_cli({"run", good_, "--set", "db_pool.pool_size=7", "--seed", "5", "--format", "json"});
        QCOMPARE(run.code, 0);
        const QJsonObject summary = QJsonDocument::fromJson(run.out).object()["summary"].toObject();
        const QJsonObject figures = point["figures"].toObject();
        QCOMPARE(figures["requests"].toObject()["mean"].toDouble(), summary["requests"].toDouble());
        QCOMPARE(figures["error_rate"].toObject()["mean"].toDouble(), summary["error_rate"].toDouble());
        QCOMPARE(figures["p99_s"].toObject()["mean"].toDouble(), summary["latency_s"].toObject()["p99"].toDouble());
        QCOMPARE(figures["peak_db_connections"].toObject()["mean"].toDouble(),
                 summary["peaks"].toObject()["db_connections_total"].toDouble());
    }

    void sweepInputErrors() {
        const Result bad_vary = gatetune_cli({"sweep", good_, "--vary", "db_pool.pool_size=9..3"});
        QCOMPARE(bad_vary.code, 2);
        QVERIFY(bad_vary.err.contains("starts above its end"));
        QVERIFY(bad_vary.out.isEmpty());
        QCOMPARE(gatetune_cli({"sweep", good_, "--vary", "nope.key=1,2"}).code, 2);
        QCOMPARE(gatetune_cli({"sweep", good_, "--shard", "4/3"}).code, 2);
        QCOMPARE(gatetune_cli({"sweep", good_, "--format", "xml"}).code, 2);
        QCOMPARE(gatetune_cli({"sweep", path("missing.toml")}).code, 2);
        QCOMPARE(gatetune_cli({"merge", path("missing.csv")}).code, 2);
    }

    void tuneExitCodes() {
        const Result found = gatetune_cli({"tune", bad_, "--vary", "db_pool.pool_size=1..12", "--seeds", "2", "--save", path("tuned.toml"),
                                            "--export", path("exported")});
        QCOMPARE(found.code, 0);
        QVERIFY(found.out.contains("Cheapest passing configuration"));
        QVERIFY(found.out.contains("db_pool.pool_size"));
        QVERIFY(read_all(path("tuned.toml")).contains("pool_size"));
        QVERIFY(read_all(path("exported/db.py")).contains("pool_size"));  // the winner's service files
        QCOMPARE(gatetune_cli({"check", path("tuned.toml"), "--seeds", "2"}).code, 0);  // the answer passes check
        const Result json = gatetune_cli({"tune", bad_, "--vary", "db_pool.pool_size=1..12", "--format", "json", "--jobs", "1"});
        QCOMPARE(json.code, 0);
        QCOMPARE(QJsonDocument::fromJson(json.out).object()["found"].toBool(), true);
        QCOMPARE(gatetune_cli({"tune", bad_, "--vary", "db_pool.pool_size=1..2"}).code, 1);  // nothing passes
        const Result no_slo = gatetune_cli({"tune", bad_, "--vary", "db_pool.pool_size=1..4", "--set", "slo.max_error_rate=none", "--set", "slo.p99=none"});
        QCOMPARE(no_slo.code, 2);
        QVERIFY(no_slo.err.contains("no [slo]"));
        QCOMPARE(gatetune_cli({"tune", bad_}).code, 2);  // nothing to vary
        QCOMPARE(gatetune_cli({"tune", bad_, "--vary", "db_pool.pool_size=1..4", "--minimize", "pool_size +"}).code, 2);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestCliExperiment)
#include "test_cli_experiment.moc"
