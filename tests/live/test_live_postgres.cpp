// The live gateway on a real PostgreSQL server (`--db postgresql://…`), started for this suite
// on loopback: the request path and key management through libpq, the server's own
// max_connections refusing the gateway's pools with PostgreSQL's message, and the unique key
// of a chat session deciding a real race. Skips, saying why, only where no server can start.
#include <QProcess>
#include "qtest_suite.hpp"

#include <chrono>
#include <map>
#include <thread>

#include "app/live/db/postgres_store.hpp"
#include "app/live/db/usage_log.hpp"
#include "live/live_stack.hpp"
#include "live/pg_server.hpp"
#include "live/raw_http.hpp"

using namespace gatetune;
using test::raw_exchange;

namespace {

constexpr int kMaxConnections = 12;
constexpr int kReserved = 3;  // an ordinary role gets 12 − 3 = 9 connections

const char* kBase = R"(name = "live-pg-test"
[server]
workers = 1
worker_class = "uvicorn"
timeout = 30
[upstream]
ttft_base = 0.02
time_per_output_token = 0.001
[workload]
users = 1
calls = [[10, 5]]
)";

struct CliResult {
    int code = -1;
    std::string out, err;
};

CliResult gatetune_cli(const QStringList& args) {
    QProcess p;
    p.start(GATETUNE_CLI, args);
    p.waitForFinished(60'000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput().toStdString(),
            p.readAllStandardError().toStdString()};
}

}  // namespace

class TestLivePostgres : public QObject {
    Q_OBJECT

    test::PgServer pg_;
    std::string skip_;  // why no server runs here (then every PostgreSQL test skips)
    int databases_ = 0;

    // A fresh database owned by the ordinary role `gatetune`; its URI.
    std::string fresh_database() {
        const std::string name = "gt" + std::to_string(++databases_);
        live::PgConnection admin(superuser_uri("postgres"));
        admin.exec(("CREATE DATABASE " + name + " OWNER gatetune").c_str());
        return name;
    }
    std::string superuser_uri(const std::string& db) const { return pg_.uri("postgres", db); }
    std::int64_t scalar(const std::string& db, const char* sql) {
        live::PgConnection c(superuser_uri(db));
        return c.exec(sql).int64(0, 0);
    }

private slots:
    void initTestCase() {
        skip_ = pg_.unavailable();
        if (!skip_.empty()) return;
        QVERIFY2(pg_.start(kMaxConnections, kReserved), pg_.error().c_str());
        live::PgConnection admin(superuser_uri("postgres"));
        admin.exec("CREATE ROLE gatetune LOGIN");
    }

    // Needs no server: bad --db text is refused before anything starts.
    void rejectsMalformedDatabaseUris() {
        auto bad_param = gatetune_cli({"keys", "list", "--db", "postgresql://127.0.0.1/db?nosuchoption=1"});
        QCOMPARE(bad_param.code, 2);
        QVERIFY2(bad_param.err.find("malformed PostgreSQL URI") != std::string::npos, bad_param.err.c_str());
        QVERIFY2(bad_param.err.find("nosuchoption") != std::string::npos, bad_param.err.c_str());
        auto scheme = gatetune_cli({"serve", GATETUNE_SOURCE_DIR "/presets/load.toml", "--db", "mysql://127.0.0.1/db"});
        QCOMPARE(scheme.code, 2);
        QVERIFY2(scheme.err.find("unsupported database URL scheme \"mysql://\"") != std::string::npos, scheme.err.c_str());
        // A password in a URI that cannot be used is never echoed.
        auto refused = gatetune_cli({"keys", "list", "--db", "postgresql://u:secret@127.0.0.1:1/db"});
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.find("postgresql://u@127.0.0.1:1/db") != std::string::npos, refused.err.c_str());
        QVERIFY(refused.err.find("secret") == std::string::npos);
    }

    void requestPathAndKeysOnPostgres() {
        if (!skip_.empty()) QSKIP(skip_.c_str());
        const std::string db = fresh_database();
        const std::string uri = pg_.uri("gatetune", db);
        // `gatetune keys` creates the schema and manages keys on the server.
        auto added = gatetune_cli({"keys", "add", "--name", "cli", "--db", QString::fromStdString(uri)});
        QVERIFY2(added.code == 0, added.err.c_str());
        const std::string cli_key = added.out.substr(0, added.out.find('\n'));
        QVERIFY(cli_key.starts_with("gt-"));
        auto listed = gatetune_cli({"keys", "list", "--json", "--db", QString::fromStdString(uri)});
        QVERIFY2(listed.out.find("\"name\":\"cli\"") != std::string::npos, listed.out.c_str());
        QVERIFY(listed.out.find(cli_key.substr(0, 12)) != std::string::npos);
        QVERIFY(listed.out.find(cli_key) == std::string::npos);  // never the key itself

        test::LiveStack s;
        s.database = uri;
        QVERIFY2(s.start(kBase, 1.0), s.gateway_log().c_str());
        QVERIFY(s.gateway_log().find("database postgresql://gatetune@127.0.0.1:") != std::string::npos);
        auto r = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5, false, "alice")));
        QCOMPARE(r.status(), 200);
        QCOMPARE(r.header("x-gatetune-cause"), std::string("ok"));
        QVERIFY(r.body().find("\"completion_tokens\":5") != std::string::npos);
        QCOMPARE(raw_exchange(s.gateway_port, test::chat_request(cli_key, test::chat_body(10, 5, true, "alice"))).status(), 200);
        QCOMPARE(scalar(db, "SELECT count(*) FROM usage"), std::int64_t{2});
        QCOMPARE(scalar(db, "SELECT count(*) FROM usage WHERE completion_tokens = 5 AND prompt_tokens > 0 AND session_id IS NOT NULL"), std::int64_t{2});
        QCOMPARE(scalar(db, "SELECT count(*) FROM chat_sessions WHERE owner = 'alice'"), std::int64_t{2});  // one per key
        QCOMPARE(scalar(db, "SELECT sum(requests) FROM chat_sessions"), std::int64_t{2});
        // The rows carry what `gatetune calibrate` reads from this URI (app/live/db/usage_log.hpp).
        std::vector<sim::calibration::LogRecord> rows;
        std::vector<std::string> models;
        const auto read = live::read_usage_table(live::parse_database_location(uri), [&](const sim::calibration::LogRecord& rec) {
            rows.push_back(rec);
            models.emplace_back(rec.model);
        });
        QCOMPARE(read.records, std::uint64_t{2});
        QCOMPARE(read.bad, std::uint64_t{0});
        QCOMPARE(models[0], std::string("gatetune-mock"));
        QCOMPARE(rows[0].http_status, 200);
        QVERIFY(rows[0].latency_us.value_or(0) > 0 && rows[0].start_us.value_or(0) > 0);
        QVERIFY(!rows[0].ttft_us);                          // not streamed
        QVERIFY(rows[1].ttft_us.value_or(0) > 0);           // streamed
        QVERIFY(*rows[1].ttft_us <= *rows[1].latency_us);

        // Wrong and revoked keys are refused; nothing is written for them.
        QCOMPARE(raw_exchange(s.gateway_port, test::chat_request("gt-" + std::string(48, '0'), test::chat_body(10, 5))).status(), 401);
        auto revoked = gatetune_cli({"keys", "revoke", "cli", "--db", QString::fromStdString(uri)});
        QVERIFY2(revoked.code == 0, revoked.err.c_str());
        QCOMPARE(raw_exchange(s.gateway_port, test::chat_request(cli_key, test::chat_body(10, 5))).status(), 401);
        QCOMPARE(scalar(db, "SELECT count(*) FROM usage"), std::int64_t{2});
        // The gauges behind /metrics count the real connections.
        auto m = raw_exchange(s.gateway_port, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QVERIFY2(m.body().find("gatetune_db_connections_total 1") != std::string::npos, m.body().c_str());
        // …and so does the server (the `keys` commands' backends may take a moment to exit).
        QVERIFY(QTest::qWaitFor([&] { return scalar(db, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'gatetune'") == 1; }, 5000));
    }

    // A usage table made before the calibration columns gains them when the gateway's schema
    // set-up runs, without losing its rows.
    void anOldUsageTableGainsTheCalibrationColumns() {
        if (!skip_.empty()) QSKIP(skip_.c_str());
        const std::string db = fresh_database();
        const std::string uri = pg_.uri("gatetune", db);
        {
            live::PgConnection c(uri);
            c.exec("CREATE TABLE usage (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, request_id TEXT NOT NULL UNIQUE, "
                   "api_key_id BIGINT NOT NULL, session_id BIGINT, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL)");
            c.exec("INSERT INTO usage (request_id, api_key_id, prompt_tokens, completion_tokens) VALUES ('old', 1, 12, 34)");
        }
        live::create_database(live::parse_database_location(uri));
        live::create_database(live::parse_database_location(uri));  // again: nothing to add
        QCOMPARE(scalar(db, "SELECT count(*) FROM usage WHERE request_id = 'old' AND prompt_tokens = 12 AND completion_tokens = 34 "
                            "AND model IS NULL AND latency_us IS NULL AND ttft_us IS NULL AND started_at_us IS NULL AND status IS NULL"),
                 std::int64_t{1});
    }

    // 2 workers × (pool 5 + overflow 5) = 20 connections wanted, 9 allowed by the real server;
    // the preset's own [db_server] would allow 97, so every refusal is PostgreSQL's. A worker
    // whose connects all failed leaves its waiting checkouts asleep for the whole pool_timeout,
    // after which they connect (and succeed or are refused) [docs/MODEL.md O2]: the clients wait
    // well beyond pool_timeout, or such a request would read as no reply at all.
    void realMaxConnectionsRefusesThePools() {
        if (!skip_.empty()) QSKIP(skip_.c_str());
        const std::string db = fresh_database();
        test::LiveStack s;
        s.database = pg_.uri("gatetune", db);
        QVERIFY2(s.start(kBase, 1.0, {},
                         {"server.workers=2", "db_pool.pool_size=5", "db_pool.max_overflow=5", "db_pool.pool_timeout=5",
                          "db_server.max_connections=100", "upstream.ttft_base=0.6", "request.session_lookup=false"}),
                 s.gateway_log().c_str());
        constexpr int kRequests = 30;
        std::vector<test::RawReply> replies(kRequests);
        std::vector<std::thread> clients;
        for (int i = 0; i < kRequests; ++i)
            clients.emplace_back([&, i] {
                replies[static_cast<std::size_t>(i)] =
                    raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5, false, std::string("u").append(std::to_string(i)))), 60);
            });
        for (auto& c : clients) c.join();
        std::map<std::string, int> causes;
        std::string refusal;
        for (const auto& r : replies) {
            causes[std::to_string(r.status()) + " " + r.header("x-gatetune-cause")]++;
            if (r.header("x-gatetune-cause") == "db_too_many_clients") refusal = r.body();
        }
        std::string seen;
        for (const auto& [k, n] : causes) seen += k + " ×" + std::to_string(n) + "; ";
        QVERIFY2(causes["500 db_too_many_clients"] >= 1, seen.c_str());
        QVERIFY2(causes["200 ok"] >= 9, seen.c_str());
        QVERIFY2(causes["200 ok"] + causes["500 db_too_many_clients"] == kRequests, seen.c_str());
        // libpq's report of the server's FATAL, not the emulation's text.
        QVERIFY2(refusal.find("connection to server at \\\"127.0.0.1\\\", port " + std::to_string(pg_.port()) + " failed") != std::string::npos,
                 refusal.c_str());
        QVERIFY2(refusal.find("remaining connection slots are reserved") != std::string::npos ||
                     refusal.find("too many clients already") != std::string::npos,
                 refusal.c_str());
        QVERIFY(pg_.log().find("remaining connection slots are reserved") != std::string::npos ||
                pg_.log().find("too many clients already") != std::string::npos);
        QCOMPARE(scalar(db, "SELECT count(*) FROM usage"), std::int64_t{causes["200 ok"]});
    }

    // The server ends a pooled connection (pg_terminate_backend, as a restart or an idle
    // timeout would): without pre-ping the next request fails on it (db_error, 503) and the
    // connection is invalidated, so the one after reconnects; with pool_pre_ping the dead
    // connection is replaced at checkout and no request fails.
    void prePingReplacesATerminatedConnection() {
        if (!skip_.empty()) QSKIP(skip_.c_str());
        for (const bool pre_ping : {false, true}) {
            const std::string db = fresh_database();
            test::LiveStack s;
            s.database = pg_.uri("gatetune", db);
            QVERIFY2(s.start(kBase, 1.0, {}, {pre_ping ? "db_pool.pool_pre_ping=true" : "db_pool.pool_pre_ping=false"}), s.gateway_log().c_str());
            QCOMPARE(raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5))).status(), 200);
            QCOMPARE(scalar(db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 'gatetune'"), std::int64_t{1});
            auto r = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5)));
            QCOMPARE(r.status(), pre_ping ? 200 : 503);
            QCOMPARE(r.header("x-gatetune-cause"), std::string(pre_ping ? "ok" : "db_error"));
            QCOMPARE(raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5))).status(), 200);
            QCOMPARE(scalar(db, "SELECT count(*) FROM usage"), std::int64_t{pre_ping ? 3 : 2});
        }
    }

    // O4 for real: two first requests of one user both miss the session; a lock held by the test
    // keeps both INSERTs waiting until both have missed, then the unique key fails one (23505).
    void uniqueViolationIsTheSessionRace() {
        if (!skip_.empty()) QSKIP(skip_.c_str());
        const std::string db = fresh_database();
        test::LiveStack s;
        s.database = pg_.uri("gatetune", db);
        QVERIFY2(s.start(kBase, 1.0, {}, {"request.session_create_race=true"}), s.gateway_log().c_str());
        live::PgConnection holder(superuser_uri(db));
        holder.exec("BEGIN");
        holder.exec("LOCK TABLE chat_sessions IN SHARE MODE");  // SELECTs pass, INSERTs wait
        test::RawReply a, b;
        std::thread ta([&] { a = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5, false, "racer")), 30); });
        std::thread tb([&] { b = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5, false, "racer")), 30); });
        const bool both_waiting = QTest::qWaitFor(
            [&] {
                return scalar(db, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'gatetune' AND wait_event_type = 'Lock'") == 2;
            },
            15'000);
        holder.exec("COMMIT");
        ta.join();
        tb.join();
        QVERIFY(both_waiting);
        const bool a_won = a.status() == 200;
        const test::RawReply& lost = a_won ? b : a;
        QCOMPARE((a_won ? a : b).status(), 200);
        QCOMPARE(lost.status(), 500);
        QCOMPARE(lost.header("x-gatetune-cause"), std::string("session_create_race"));
        QVERIFY2(lost.body().find("duplicate key value violates unique constraint") != std::string::npos, lost.body().c_str());
        QVERIFY(lost.body().find("racer") == std::string::npos);  // the row's values stay out of the answer
        QCOMPARE(scalar(db, "SELECT count(*) FROM chat_sessions WHERE owner = 'racer'"), std::int64_t{1});
        QCOMPARE(scalar(db, "SELECT count(*) FROM usage"), std::int64_t{1});
        // The losing connection went back to the pool usable: the next request succeeds.
        QCOMPARE(raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5, false, "racer"))).status(), 200);
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestLivePostgres)
#include "test_live_postgres.moc"
