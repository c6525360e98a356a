// gatetune calibrate on the live gateway's own usage table (issue 22): a short live session
// against the mock upstream with known latency parameters, then `gatetune calibrate gateway.sqlite3`
// must recover them; an old database gains the calibration columns without losing rows; a
// database that is not the gateway's, or a bad row, is a clear exit 2.
#include "qtest_suite.hpp"

#include <QDeadlineTimer>
#include <QFile>
#include <QThread>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/live/db/sqlite.hpp"
#include "app/live/db/sqlite_store.hpp"
#include "app/live/db/usage_log.hpp"
#include "live/live_stack.hpp"
#include "live/raw_http.hpp"
#include "run_program.hpp"

using namespace gatetune;

namespace {

// Preset time; the session runs at kTimeScale, so the wall-clock rows hold these × kTimeScale
// (and the prefill rate ÷ kTimeScale).
constexpr double kTtftBase = 0.4;       // s (200 ms of wall time at kTimeScale)
constexpr double kPrefill = 2000;       // prompt tokens per s (250 µs of wall time a token at kTimeScale)
constexpr double kTpot = 0.04;          // s per completion token (20 ms of wall time at kTimeScale)
constexpr double kTimeScale = 0.5;
constexpr int kRequests = 160;
constexpr int kClients = 8;

std::string preset_text() {
    return "name = \"live-calibrate\"\n"
           "[server]\nworkers = 2\nworker_class = \"uvicorn\"\ntimeout = 30\n"
           // Little loop CPU: the gateway records the upstream's latency as its loop sees it, so the
           // measured Python CPU per request (ms, and far more under sanitizers) delays what it reads.
           "[request]\nparse_cpu = 0.0005\nresponse_cpu = 0.0003\n"
           "[upstream]\nnetwork_rtt = 0\nttft_base = " +
           std::to_string(kTtftBase) + "\nprefill_tokens_per_s = " + std::to_string(kPrefill) +
           "\ntime_per_output_token = " + std::to_string(kTpot) + "\n[workload]\nusers = 1\ncalls = [[10, 5]]\n";
}

test::ProgramRun gatetune_cli(const QStringList& args) { return test::run_program(QStringLiteral(GATETUNE_CLI), args); }

QString q(const std::string& s) { return QString::fromStdString(s); }

bool within(double got, double want, double tolerance) { return std::abs(got - want) <= tolerance * want; }

}  // namespace

class TestLiveCalibrate : public QObject {
    Q_OBJECT
private slots:
    // Streamed requests of varied prompt and completion sizes from eight clients; every one of them
    // leaves a usage row with its start, upstream latency and TTFT.
    void recoversTheMockUpstreamLatencyFromTheUsageTable() {
        test::LiveStack s;
        QVERIFY2(s.start(preset_text(), kTimeScale), s.gateway_log().c_str());
        std::atomic<int> next{0}, ok{0};
        std::mutex failures_mutex;
        std::string failures;  // status and body of each request that did not answer 200
        std::vector<std::thread> clients;
        for (int c = 0; c < kClients; ++c) {
            clients.emplace_back([&, c] {
                for (int i; (i = next.fetch_add(1)) < kRequests;) {
                    const int prompt = 50 + (i * 389) % 950;    // words = prompt tokens, 50 … 999
                    const int completion = 2 + (i * 7) % 11;     // 2 … 12
                    const auto r = test::raw_exchange(s.gateway_port,
                                                      test::chat_request(s.key, test::chat_body(prompt, completion, true, "user-" + std::to_string(c))));
                    if (r.status() == 200) {
                        ok.fetch_add(1);
                    } else {
                        const std::lock_guard lock(failures_mutex);
                        failures += std::to_string(r.status()) + " " + std::string(r.body()).substr(0, 200) + "\n";
                    }
                }
            });
        }
        for (std::thread& t : clients) t.join();
        // The calibration is what is checked here, on the rows the answered requests left. A
        // request lost to a machine loaded past the preset's timeouts (seen once: 159 of 160,
        // under AddressSanitizer beside the ThreadSanitizer build) is reported, not fatal.
        if (!failures.empty()) qWarning("requests not answered 200:\n%s", failures.c_str());
        const int answered = ok.load();
        QVERIFY2(answered >= kRequests * 97 / 100, failures.c_str());
        // Every 200 leaves one row, but a streamed response's row is committed after its last chunk
        // went out (seen: fewer rows than answers when counted at once, under ThreadSanitizer on a
        // loaded machine), so the count is read when the gateway has caught up, or after 10 s.
        int rows = 0;
        for (QDeadlineTimer caught_up(10'000); (rows = static_cast<int>(test::usage_rows(s.db_path))) < answered && !caught_up.hasExpired();)
            QThread::msleep(50);
        QVERIFY2(rows >= answered && rows <= kRequests, failures.c_str());

        const QString out = q(s.path("calibrated.toml")), report = q(s.path("report.json"));
        const test::ProgramRun r = gatetune_cli({"calibrate", q(s.db_path), "--out", out, "--format", "json", "--report", report});
        QVERIFY2(r.code == 0 || r.code == 1, r.err.constData());  // 1: the reproduce check missed, which is not what this test is about
        QFile f(report);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const nlohmann::json j = nlohmann::json::parse(f.readAll().toStdString());
        QCOMPARE(j["files"][0]["format"].get<std::string>(), std::string("usage-table"));
        QCOMPARE(j["files"][0]["records"].get<int>(), rows);
        QCOMPARE(j["requests"].get<int>(), rows);
        const nlohmann::json& m = j["models"][0];
        QCOMPARE(m["model"].get<std::string>(), std::string("gatetune-mock"));
        QVERIFY(m["with_ttft"].get<int>() >= answered);
        const double ttft_base = m["ttft_base_s"].get<double>() / kTimeScale;
        const double prefill = m["prefill_tokens_per_s"].get<double>() * kTimeScale;
        const double tpot = m["time_per_output_token_s"].get<double>() / kTimeScale;
        const std::string fitted = "ttft_base " + std::to_string(ttft_base) + " s, prefill " + std::to_string(prefill) + " tokens/s, " +
                                   std::to_string(tpot) + " s/token (preset time)";
        qInfo("%s", fitted.c_str());
        // Tolerances: loopback and the event loops add wall time to every call — a few ms when the
        // machine is busy (another build on the same cores), mostly absorbed by the TTFT base,
        // and each forwarded token costs the gateway a little, which a busy machine stretches.
        // Wall durations are kept long (20 ms a completion token, 250 µs a prompt token, 200 ms of
        // base) so that these stay small beside them, asserted within 20 %. At 10 ms a completion
        // token the slope once read 22 % high under AddressSanitizer with the ThreadSanitizer build
        // beside it; at 100 µs a prompt token the prefill rate once read 23 % low under
        // ThreadSanitizer beside the live failure modes (each prompt token costs the sanitized
        // gateway and mock upstream parsing time, which a loaded machine stretches).
        QVERIFY2(within(ttft_base, kTtftBase, 0.20), fitted.c_str());
        QVERIFY2(within(prefill, kPrefill, 0.20), fitted.c_str());
        QVERIFY2(within(tpot, kTpot, 0.20), fitted.c_str());
        QVERIFY(QFile::exists(out));
    }

    // A database made before the calibration columns: opening it as the gateway does adds them,
    // and the rows already there keep their values (the new columns NULL).
    void anOldDatabaseGainsTheColumnsAndKeepsItsRows() {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/old.sqlite3").toStdString();
        {
            live::SqliteConnection c(path, true);
            c.exec("CREATE TABLE api_keys (id INTEGER PRIMARY KEY, name TEXT NOT NULL, prefix TEXT NOT NULL UNIQUE, salt BLOB NOT NULL, "
                   "hash BLOB NOT NULL, created_at TEXT NOT NULL DEFAULT 'x', revoked_at TEXT)");
            c.exec("CREATE TABLE usage (id INTEGER PRIMARY KEY, request_id TEXT NOT NULL UNIQUE, api_key_id INTEGER NOT NULL, "
                   "session_id INTEGER, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, created_at TEXT NOT NULL DEFAULT 'x')");
            c.exec("INSERT INTO api_keys (name, prefix, salt, hash) VALUES ('k', 'p', x'00', x'00')");
            c.exec("INSERT INTO usage (request_id, api_key_id, prompt_tokens, completion_tokens) VALUES ('r1', 1, 123, 45)");
        }
        live::SqliteStore::create(path);
        live::SqliteStore::create(path);  // a second time: nothing left to add
        live::SqliteConnection c(path, false);
        auto s = c.prepare("SELECT request_id, prompt_tokens, completion_tokens, model, latency_us, ttft_us, started_at_us, status FROM usage");
        QVERIFY(s.step());
        QCOMPARE(s.text(0), std::string("r1"));
        QCOMPARE(s.int64(1), std::int64_t{123});
        QCOMPARE(s.int64(2), std::int64_t{45});
        for (int col = 3; col < 8; ++col) QVERIFY(s.is_null(col));
        QVERIFY(!s.step());
        // New rows carry the calibration columns.
        live::SqliteStore store(path);
        live::UsageRow u;
        u.request_id = "r2";
        u.api_key_id = 1;
        u.prompt_tokens = 10;
        u.completion_tokens = 3;
        u.model = "m";
        u.started_at_us = 1'700'000'000'000'000;
        u.latency_us = 250'000;
        u.ttft_us = 90'000;
        store.commit_usage(u);
        // The reader sees both: the old row with tokens only, the new one whole.
        std::vector<sim::calibration::LogRecord> got;
        const auto stats = live::read_usage_table({live::DatabaseLocation::Engine::Sqlite, path}, [&](const sim::calibration::LogRecord& r) { got.push_back(r); });
        QCOMPARE(stats.records, std::uint64_t{2});
        QCOMPARE(got.size(), std::size_t{2});
        QVERIFY(!got[0].latency_us);
        QCOMPARE(got[0].prompt_tokens.value_or(-1), 123);
        QCOMPARE(got[0].http_status, 200);
        QCOMPARE(got[1].latency_us.value_or(-1), std::int64_t{250'000});
        QCOMPARE(got[1].ttft_us.value_or(-1), std::int64_t{90'000});
        QCOMPARE(got[1].start_us.value_or(-1), std::int64_t{1'700'000'000'000'000});
    }

    void aDatabaseThatIsNotTheGatewaysOrABadRowIsExit2() {
        QTemporaryDir dir;
        const std::string other = (dir.path() + "/other.sqlite3").toStdString();
        live::SqliteConnection(other, true).exec("CREATE TABLE t (x INTEGER)");
        QVERIFY(live::is_sqlite_file(other));
        const QString out = dir.filePath("cal.toml");
        test::ProgramRun r = gatetune_cli({"calibrate", q(other), "--out", out});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("without a usage table"), r.err.constData());

        const std::string db = (dir.path() + "/gw.sqlite3").toStdString();
        live::SqliteStore::create(db);
        live::SqliteConnection c(db, false);
        c.exec("INSERT INTO api_keys (name, prefix, salt, hash) VALUES ('k', 'p', x'00', x'00')");
        c.exec("INSERT INTO usage (request_id, api_key_id, prompt_tokens, completion_tokens, latency_us, status) VALUES ('a', 1, 10, 5, 1000, 200)");
        c.exec("INSERT INTO usage (request_id, api_key_id, prompt_tokens, completion_tokens, latency_us, status) VALUES ('b', 1, 10, 5, -7, 200)");
        r = gatetune_cli({"calibrate", q(db), "--out", out});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("gw.sqlite3:2: usage row id 2: latency_us: -7"), r.err.constData());
        QVERIFY(!QFile::exists(out));

        r = gatetune_cli({"calibrate", "postgresql://127.0.0.1:1/nodb", "--out", out});  // nothing listens on port 1
        QVERIFY2(r.err.contains("cannot read the usage table"), r.err.constData());
        QCOMPARE(r.code, 2);
        QVERIFY(!QFile::exists(out));
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestLiveCalibrate)
#include "test_live_calibrate.moc"
