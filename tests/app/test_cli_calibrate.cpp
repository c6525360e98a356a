// gatetune calibrate from the outside: a simulated log in, a preset out that `gatetune run`
// accepts; bad input is exit 2 with the file and line, and nothing is written.
#include "qtest_suite.hpp"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

    // --html and --csv show the fit: for prompt sizes 1 … 200 the CDF plot's data points and the
    // CSV rows are the sample's quantiles (the ⌈200·p⌉-th value at p = (k − ½)/100) with the data's
    // CDF there, and each family's KS distance is in both.
    void htmlAndCsvCarryTheFitPoints() {
        QTemporaryDir dir;
        QByteArray log;
        for (int i = 1; i <= 200; ++i) {
            log += "{\"start\": " + QByteArray::number(i * 0.5) + ", \"status\": 200, \"latency\": " + QByteArray::number(1 + (i % 7) * 0.1) +
                   ", \"prompt_tokens\": " + QByteArray::number(i) + ", \"completion_tokens\": " + QByteArray::number(10 + i % 13) + "}\n";
        }
        write(dir.filePath("log.jsonl"), log);
        const QString html = dir.filePath("fit.html"), csv = dir.filePath("csv");
        const ProgramRun r = gatetune_cli({"calibrate", dir.filePath("log.jsonl"), "--out", dir.filePath("cal.toml"), "--html", html, "--csv", csv});
        QVERIFY2(r.code == 0 || r.code == 1, r.err.constData());

        // CSV: header, then row k = 50 (p = 0.495 → the 99th value, 99; CDF 99/200).
        QFile points(csv + "/prompt-tokens.csv");
        QVERIFY(points.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = points.readAll().split('\n');
        QVERIFY2(rows[0].startsWith("k,p,x,data_cdf,"), rows[0].constData());
        QVERIFY(rows[0].contains("lognormal_cdf") && rows[0].contains("gamma_quantile") && rows[0].contains("weibull_cdf"));
        QCOMPARE(rows.size(), 102);  // header, 100 rows, the final newline
        QVERIFY2(rows[50].startsWith("50,0.495,99,0.495,"), rows[50].constData());
        QVERIFY2(rows[1].startsWith("1,0.005,1,0.005,"), rows[1].constData());
        QVERIFY2(rows[100].startsWith("100,0.995,199,0.995,"), rows[100].constData());
        QFile fits(csv + "/fits.csv");
        QVERIFY(fits.open(QIODevice::ReadOnly));
        const QByteArray summary = fits.readAll();
        QVERIFY(summary.startsWith("quantity,family,parameters,log_likelihood_per_value,ks,ks_critical,chosen\n"));
        QVERIFY(summary.contains("\nprompt-tokens,lognormal,"));
        QVERIFY(QFile::exists(csv + "/completion-tokens.csv") && QFile::exists(csv + "/latency-factor-all.csv"));

        // HTML: the page's data holds the same points in the CDF and QQ sections.
        QFile page(html);
        QVERIFY(page.open(QIODevice::ReadOnly));
        const QByteArray text = page.readAll();
        const QByteArray open = "<script type=\"application/json\" id=\"report-data\">";
        const qsizetype from = text.indexOf(open) + open.size();
        const QJsonObject data = QJsonDocument::fromJson(text.mid(from, text.indexOf("</script>", from) - from)).object();
        QCOMPARE(data["kind"].toString(), QStringLiteral("calibrate"));
        QJsonObject cdf, qq, fit_table;
        std::function<void(const QJsonArray&)> find = [&](const QJsonArray& sections) {
            for (const auto& v : sections) {
                const QJsonObject s = v.toObject();
                if (s["id"] == QStringLiteral("calibrate-fit-prompt-tokens-cdf")) cdf = s;
                if (s["id"] == QStringLiteral("calibrate-fit-prompt-tokens-qq")) qq = s;
                if (s["id"] == QStringLiteral("calibrate-fits")) fit_table = s;
                find(s["children"].toArray());
            }
        };
        find(data["sections"].toArray());
        QCOMPARE(cdf["kind"].toString(), QStringLiteral("cdf"));
        const QJsonArray series = cdf["data"].toObject()["series"].toArray();
        QCOMPARE(series.size(), 4);  // the data and three families
        QCOMPARE(series[0].toObject()["label"].toString(), QStringLiteral("data"));
        const QJsonArray p50 = series[0].toObject()["points"].toArray()[49].toArray();
        QCOMPARE(p50[0].toDouble(), 99.0);
        QCOMPARE(p50[1].toDouble(), 0.495);
        QVERIFY(series[1].toObject()["label"].toString().contains("(KS 0."));
        QCOMPARE(qq["kind"].toString(), QStringLiteral("qq"));
        const QJsonArray qq_points = qq["data"].toObject()["series"].toArray()[0].toObject()["points"].toArray();
        QCOMPARE(qq_points.size(), 100);
        QCOMPARE(qq_points[49].toArray()[1].toDouble(), 99.0);  // y: the data's quantile
        QVERIFY(QJsonDocument(fit_table).toJson().contains("prompt tokens"));

        // --csv naming a file is refused before anything is read.
        write(dir.filePath("plain"), "x");
        const ProgramRun bad = gatetune_cli({"calibrate", dir.filePath("log.jsonl"), "--out", dir.filePath("cal3.toml"), "--csv", dir.filePath("plain")});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("is not a directory"), bad.err.constData());
        QVERIFY(!QFile::exists(dir.filePath("cal3.toml")));
    }

    // An ALB access log is recognised by its first entry; a bad entry is named by file and line
    // with the field and what it allows, and above --max-bad-lines nothing is written.
    void albAccessLogsAreReadAndBadEntriesNamed() {
        QTemporaryDir dir;
        const QByteArray tail = " 200 200 612 1843 \"POST https://api.example.com:443/v1/chat/completions HTTP/1.1\" \"curl/8\" - - arn:tg "
                                "\"Root=1\" \"-\" \"-\" 0 ";
        QByteArray good, bad;
        for (int i = 0; i < 300; ++i) {
            const QByteArray second = QByteArray::number(10 + i / 10).rightJustified(2, '0');
            const QByteArray created = "2024-05-01T12:00:" + second + "." + QByteArray::number(100000 + (i % 10) * 80000) + "Z";
            const QByteArray latency = QByteArray::number(0.2 + (i % 17) * 0.05, 'f', 3);
            QByteArray entry = "https " + created + " app/lb/1 10.0.0." + QByteArray::number(i % 7) + ":2817 10.0.1.1:8000 0.000 " + latency +
                               " 0.000" + tail + created + " \"forward\" \"-\" \"-\"\n";
            good += entry;
            bad += i == 1 ? entry.replace(" 200 200 ", " 2xx 200 ") : entry;
        }
        write(dir.filePath("alb.log"), good);
        write(dir.filePath("bad-alb.log"), bad);
        const ProgramRun ok = gatetune_cli({"calibrate", dir.filePath("alb.log"), "--preset", GATETUNE_SOURCE_DIR "/presets/open-loop.toml", "--out",
                                            dir.filePath("alb.toml"), "--format", "json"});
        QVERIFY2(ok.code == 0 || ok.code == 1, ok.err.constData());
        QVERIFY2(ok.out.contains("\"format\": \"alb\""), ok.out.constData());
        QVERIFY(ok.out.contains("\"records\": 300"));
        const ProgramRun r = gatetune_cli({"calibrate", dir.filePath("bad-alb.log"), "--out", dir.filePath("bad.toml"), "--max-bad-lines", "0"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("bad-alb.log:2: elb_status_code: \"2xx\" is not an HTTP status (allowed: 100 to 599)"), r.err.constData());
        QVERIFY(!QFile::exists(dir.filePath("bad.toml")));
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
