// `--html` end to end: every report kind (run, check, sweep, tune, live) written by the command
// line and opened in headless Chromium. The page's script writes what it rendered into
// #render-status (sections, charts with the coloured pixels each painted, errors caught by
// window.onerror and console.error); a kind fails on any console message, any error, an
// expected section missing, or a chart that painted nothing. Screenshots of each page are kept in
// the build tree (GATETUNE_HTML_SCREENSHOTS). Also: an unusable --html path is refused before the
// run with exit 2 and leaves no file, and the same run writes the same bytes.
#include "qtest_suite.hpp"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace {

struct Result {
    int code = -1;
    QByteArray out;
    QByteArray err;
};

// Run from the source tree with relative preset paths, as a user would: the pages (and the
// screenshots the README shows) then name presets/…, not where the tree happens to be.
Result run_process(const QString& program, const QStringList& args, int timeout_ms) {
    QProcess p;
    p.setWorkingDirectory(QStringLiteral(GATETUNE_SOURCE_DIR));
    p.start(program, args);
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished(5000);
        return {-1, p.readAllStandardOutput(), "timed out: " + p.readAllStandardError()};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

Result gatetune_cli(const QStringList& args) { return run_process(GATETUNE_CLI, args, 180000); }

QString preset(const char* rel) { return QStringLiteral("presets/") + rel; }

QByteArray read_all(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The text of <div id="render-status">, as --dump-dom serialises it.
QJsonObject render_status(const QByteArray& dom) {
    static const QRegularExpression div(QStringLiteral("<div id=\"render-status\"[^>]*>(.*?)</div>"),
                                        QRegularExpression::DotMatchesEverythingOption);
    const auto m = div.match(QString::fromUtf8(dom));
    if (!m.hasMatch()) return {};
    QString text = m.captured(1);
    text.replace(QLatin1String("&lt;"), QLatin1String("<")).replace(QLatin1String("&gt;"), QLatin1String(">"));
    text.replace(QLatin1String("&quot;"), QLatin1String("\"")).replace(QLatin1String("&amp;"), QLatin1String("&"));
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

}  // namespace

class TestHtmlReports : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString chromium_;
    QString path(const QString& name) const { return QDir(dir_.path()).filePath(name); }

    // Chromium as the issue prescribes: headless, no sandbox (root in CI), no GPU, no network
    // of its own, a fresh profile; the virtual time budget lets the page's timers run out.
    QStringList chromium_args(const QString& profile) const {
        return {"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=10000",
                "--enable-logging=stderr", "--v=0", "--hide-scrollbars"};
    }

    Result open_in_chromium(const QString& file, const QStringList& extra) {
        QTemporaryDir profile;
        return run_process(chromium_, chromium_args(profile.path()) + extra + QStringList{QUrl::fromLocalFile(file).toString()}, 120000);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        chromium_ = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        if (chromium_.isEmpty()) chromium_ = QStandardPaths::findExecutable(QStringLiteral("chromium-browser"));
        QDir().mkpath(QStringLiteral(GATETUNE_HTML_SCREENSHOTS));
        // A request log for the calibrate page: a simulated run's requests.
        const Result log = gatetune_cli({"run", preset("open-loop.toml"), "--format", "csv", "--set", "simulation.record_requests=true", "--set",
                                         "http_client.read_timeout=120"});
        QCOMPARE(log.code, 0);
        QFile f(path("requests.csv"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(log.out);
    }

    void reportOpensInChromium_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exit_code");
        QTest::addColumn<QStringList>("sections");
        QTest::addColumn<int>("charts");
        QTest::addColumn<int>("height");  // of the screenshot: the page's interesting part
        const QString pool = preset("failure-modes/db-pool-exhaustion.toml");
        QTest::newRow("run") << QStringList{"run", pool} << 0
                             << QStringList{"run-outcomes", "run-by-cause", "run-latency-cdf", "run-latency-percentiles",
                                            "run-series-in-flight", "run-series-ends", "run-series-db-total", "run-series-db-per-worker",
                                            "run-series-pool-waiters", "run-series-upstream", "run-waterfall", "run-calls", "run-why"}
                             << 8 << 2300;
        // A tokens-per-minute limit adds the budget's time series.
        QTest::newRow("run-tpm") << QStringList{"run", preset("failure-modes/upstream-tpm-429.toml")} << 0
                                 << QStringList{"run-series-upstream", "run-series-upstream-tpm", "run-waterfall"} << 7 << 2300;
        QTest::newRow("check") << QStringList{"check", preset("seed-fixed.toml"), pool, "--seeds", "2", "--set", "slo.max_error_rate=0.1"} << 1
                               << QStringList{"check-overview", "check-1", "check-1-findings", "check-1-slo", "check-2", "check-2-slo",
                                              "check-2-figures"}
                               << 0 << 2400;
        QTest::newRow("sweep") << QStringList{"sweep", pool, "--vary", "db_pool.pool_size=2..12:2", "--vary", "db_pool.max_overflow=0,5,10",
                                              "--vary", "server.workers=1,2", "--set", "slo.max_error_rate=0.05", "--seeds", "2",
                                              "--out", path("sweep.csv")}
                               << 0 << QStringList{"sweep-heatmap", "sweep-pareto"} << 3 << 1150;
        QTest::newRow("tune") << QStringList{"tune", pool, "--set", "slo.max_error_rate=0", "--vary", "db_pool.pool_size=1..60", "--vary",
                                             "db_pool.max_overflow=0,10,20"}
                              << 0 << QStringList{"tune-search", "tune-changes", "tune-findings", "tune-slo", "tune-neighbours"} << 0 << 1500;
        // The real gateway, mock upstream and load on loopback, at a fifth of the preset's time.
        QTest::newRow("live") << QStringList{"live", pool, "--time-scale", "0.2"} << 0
                              << QStringList{"live-agreement", "live-comparison", "live-latency-cdf", "both-series-in-flight",
                                             "sim-series-ends", "live-series-ends", "sim-waterfall", "live-waterfall", "both-calls"}
                              << 9 << 2000;
        // The seed incident: the 12 observed calls diagnosed, the report's own fix checked.
        QTest::newRow("diagnose") << QStringList{"diagnose", preset("incidents/seed/observed.csv"), "--config", preset("seed-incident.toml"),
                                                 "--fix", preset("seed-fixed.toml"), "--suspect", "worker_timeout", "--seeds", "2"}
                                  << 0
                                  << QStringList{"diagnose-evidence", "diagnose-hypotheses", "diagnose-observation", "diagnose-experiments",
                                                 "diagnose-suspects", "diagnose-fixes", "replay-outcomes", "replay-calls", "replay-waterfall"}
                                  << 2 << 1800;
        // Calibration from that log: per fitted quantity its CDF against the families and a QQ plot.
        QTest::newRow("calibrate") << QStringList{"calibrate", path("requests.csv"), "--preset", preset("open-loop.toml"), "--out", path("calibrated.toml")}
                                   << 1
                                   << QStringList{"calibrate-fits", "calibrate-fit-prompt-tokens", "calibrate-fit-prompt-tokens-cdf",
                                                  "calibrate-fit-prompt-tokens-qq", "calibrate-fit-inter-arrival-qq", "calibrate-reproduce"}
                                   << 8 << 2400;
    }

    void reportOpensInChromium() {
        QFETCH(QStringList, args);
        QFETCH(int, exit_code);
        QFETCH(QStringList, sections);
        QFETCH(int, charts);
        QFETCH(int, height);
        if (chromium_.isEmpty()) QSKIP("Debian's chromium is not installed (scripts/deps.txt lists it; scripts/setup.sh installs it)");
        const QString name = QString::fromLatin1(QTest::currentDataTag());
        const QString file = path(name + ".html");

        const Result cli = gatetune_cli(args + QStringList{"--html", file});
        QVERIFY2(cli.code == exit_code, cli.err.constData());
        const QByteArray html = read_all(file);
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(!QFile::exists(file + ".tmp"));
        QVERIFY2(!html.contains("<script src") && !html.contains("<link"), "the report must carry everything inline");

        const Result dom = open_in_chromium(file, {"--dump-dom"});
        QVERIFY2(dom.code == 0, dom.err.right(2000).constData());
        for (const QByteArray& line : dom.err.split('\n')) QVERIFY2(!line.contains(":CONSOLE"), line.constData());
        const QJsonObject status = render_status(dom.out);
        QVERIFY2(!status.isEmpty(), "no #render-status in the page");
        QCOMPARE(status["state"].toString(), QStringLiteral("done"));
        QVERIFY2(status["errors"].toArray().isEmpty(), QJsonDocument(status["errors"].toArray()).toJson().constData());
        QStringList rendered;
        for (const auto& s : status["sections"].toArray()) rendered << s.toString();
        for (const QString& id : sections) QVERIFY2(rendered.contains(id), qPrintable("missing section " + id + " in " + rendered.join(' ')));
        const QJsonArray drawn = status["charts"].toArray();
        QVERIFY2(drawn.size() >= charts, qPrintable(QString("%1 charts, expected at least %2").arg(drawn.size()).arg(charts)));
        for (const auto& c : drawn)
            QVERIFY2(c.toObject()["ink"].toInt() > 0, qPrintable("empty chart in section " + c.toObject()["section"].toString()));
        qInfo("%s: %lld bytes, %d sections, %d charts, rendered in %d ms", qPrintable(name), static_cast<long long>(html.size()),
              static_cast<int>(rendered.size()), static_cast<int>(drawn.size()), status["render_ms"].toInt());

        const QString shot = QStringLiteral(GATETUNE_HTML_SCREENSHOTS "/") + name + ".png";
        QFile::remove(shot);
        const Result screenshot = open_in_chromium(file, {QString("--window-size=1400,%1").arg(height), "--screenshot=" + shot});
        QVERIFY2(screenshot.code == 0 && QFileInfo(shot).size() > 10000, screenshot.err.right(2000).constData());
    }

    void unusablePathIsRefusedBeforeTheRun() {
        const QString pool = preset("failure-modes/db-pool-exhaustion.toml");
        struct Case {
            QString html;
            const char* says;
        };
        QFile plain(path("plain-file"));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        for (const Case& c : {Case{path("no-such-dir/report.html"), "does not exist"}, Case{dir_.path(), "is a directory"},
                              Case{path("plain-file/report.html"), "is not a directory"}}) {
            for (const QString& command : {QStringLiteral("run"), QStringLiteral("check"), QStringLiteral("tune")}) {
                QStringList args{command, pool, "--html", c.html};
                if (command == "tune") args << "--vary" << "db_pool.pool_size=1..3";
                const Result r = gatetune_cli(args);
                QCOMPARE(r.code, 2);
                QVERIFY2(r.err.contains("--html") && r.err.contains(c.says), r.err.constData());
                QVERIFY2(r.out.isEmpty(), "nothing may run before the path is known to be usable");
                QVERIFY(!QFile::exists(c.html + ".tmp"));
            }
        }
        QVERIFY(!QFile::exists(path("no-such-dir")));
    }

    void sameRunSameBytes() {
        for (const char* name : {"a.html", "b.html"})
            QCOMPARE(gatetune_cli({"run", preset("seed-incident.toml"), "--html", path(name), "--format", "json"}).code, 0);
        const QByteArray a = read_all(path("a.html"));
        QVERIFY(!a.isEmpty());
        QCOMPARE(a, read_all(path("b.html")));
    }

    void everyCommandDocumentsHtml() {
        for (const char* command : {"run", "check", "sweep", "tune", "live"}) {
            const Result r = gatetune_cli({command, "--help"});
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.contains("--html"), command);
        }
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestHtmlReports)
#include "test_html_reports.moc"
