// The live gateway under faults: an upstream that answers garbage, resets mid-stream or stalls;
// a database that stays locked; the whole gateway killed with SIGKILL during load and started
// again. Each request fails with a clear status and cause; no usage row is lost for a request
// that got a 200, none is half-written, and the database passes its integrity check.
#include "qtest_suite.hpp"

#include <thread>
#include <vector>

#include "live/live_stack.hpp"
#include "live/raw_http.hpp"

using namespace gatetune;
using test::integrity;
using test::raw_exchange;
using test::usage_rows;

namespace {

const char* kBase = R"(name = "live-faults"
[server]
workers = 2
worker_class = "uvicorn"
[http_client]
read_timeout = 0.5
[upstream]
ttft_base = 0.02
time_per_output_token = 0.001
[workload]
users = 1
calls = [[10, 5]]
)";


std::string chunk(const std::string& data) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx", data.size());
    return std::string(size) + "\r\n" + data + "\r\n";
}

}  // namespace

class TestLiveFaults : public QObject {
    Q_OBJECT
private slots:
    void upstreamAnswersGarbage() {
        test::FakeUpstream bad("this is not HTTP\r\n\r\n");
        test::LiveStack s;
        QVERIFY(s.start(kBase, 1.0, {}, {}, bad.port()));
        auto r = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5)));
        QCOMPARE(r.status(), 500);
        QCOMPARE(r.header("x-gatetune-cause"), std::string("upstream_error"));
        QCOMPARE(usage_rows(s.db_path), std::int64_t{0});
    }

    void upstreamResetsMidStream() {
        const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
        test::FakeUpstream cut(head + chunk("data: {\"choices\":[{\"delta\":{\"content\":\"tok\"}}]}\n\n"));
        test::LiveStack s;
        QVERIFY(s.start(kBase, 1.0, {}, {}, cut.port()));
        auto r = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5, true)));
        QCOMPARE(r.status(), 200);  // the headers had gone out: the failure is an SSE error event
        QVERIFY2(r.body().find("\"code\":\"upstream_error\"") != std::string::npos, r.body().c_str());
        QVERIFY(r.body().find("[DONE]") == std::string::npos);
        QCOMPARE(usage_rows(s.db_path), std::int64_t{0});
    }

    void upstreamStallsBeforeHeaders() {
        test::FakeUpstream slow("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", 2.0);
        test::LiveStack s;
        QVERIFY(s.start(kBase, 1.0, {}, {}, slow.port()));
        auto r = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5)));
        QCOMPARE(r.status(), 500);
        QCOMPARE(r.header("x-gatetune-cause"), std::string("upstream_read_timeout"));
    }

    void lockedDatabaseAnswers503AndLogsIt() {
        test::LiveStack s;
        QVERIFY(s.start(kBase, 1.0));
        live::SqliteConnection holder(s.db_path, false);
        holder.exec("BEGIN EXCLUSIVE");  // another process holds the write lock past busy_timeout
        auto r = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5)), 20);
        holder.exec("ROLLBACK");
        QCOMPARE(r.status(), 503);
        QCOMPARE(r.header("x-gatetune-cause"), std::string("db_error"));
        QVERIFY(r.body().find("locked") != std::string::npos);
        QVERIFY(s.wait_for_log("request failed on the database").find("database is locked") != std::string::npos);
        QCOMPARE(usage_rows(s.db_path), std::int64_t{0});
        // The gateway recovers once the lock is gone.
        QCOMPARE(raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5))).status(), 200);
        QCOMPARE(usage_rows(s.db_path), std::int64_t{1});
    }

    void sigkillDuringLoadLosesNoCommittedRow() {
        test::LiveStack s;
        QVERIFY(s.start(kBase, 1.0, {}, {"upstream.ttft_base=0.05", "upstream.time_per_output_token=0.01"}));
        std::atomic<int> ok{0};
        std::vector<std::thread> callers;
        for (int i = 0; i < 24; ++i)
            callers.emplace_back([&, i] {
                ::usleep(static_cast<useconds_t>(i * 20'000));
                const bool stream = i % 2 == 1;
                std::string user = "u";  // appended, not "u" + …: GCC 12 warns falsely (-Wrestrict) on that
                user += std::to_string(i);
                auto r = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 20, stream, user)), 10);
                // A complete answer: the JSON body, or a stream that reached [DONE] (sent after the commit).
                const bool complete = stream ? r.body().find("data: [DONE]") != std::string::npos
                                             : r.body().find("\"usage\"") != std::string::npos;
                if (r.status() == 200 && complete) ++ok;
            });
        QTest::qWait(600);
        s.gateway->kill_all();  // the master and every worker, mid-load
        for (auto& t : callers) t.join();
        QVERIFY(ok.load() > 0);
        QVERIFY(ok.load() < 24);
        QCOMPARE(integrity(s.db_path), std::string("ok"));
        QVERIFY2(usage_rows(s.db_path) >= ok.load(), "a request that got a 200 has no usage row");
        // Started again on the same database, it serves and records.
        const std::int64_t before = usage_rows(s.db_path);
        QVERIFY(s.start_gateway({s.path("preset.toml")}, {}));
        QCOMPARE(raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5))).status(), 200);
        QCOMPARE(usage_rows(s.db_path), before + 1);
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestLiveFaults)
#include "test_live_faults.moc"
