// The live gateway over real loopback sockets: the request path and its answers, every bad
// input answered with the right 4xx (and the gateway still healthy after), streaming, and a
// worker killed by the arbiter mid-request with no lost or half-written usage row.
#include "qtest_suite.hpp"

#include <thread>

#include "live/live_stack.hpp"
#include "live/raw_http.hpp"

using namespace gatetune;
using test::integrity;
using test::raw_exchange;
using test::usage_rows;

namespace {

const char* kBase = R"(name = "live-test"
[server]
workers = 2
worker_class = "uvicorn"
timeout = 30
[upstream]
ttft_base = 0.02
time_per_output_token = 0.001
[workload]
users = 1
calls = [[10, 5]]
)";


}  // namespace

class TestLiveGateway : public QObject {
    Q_OBJECT
private slots:
    void completesAndRecordsUsage() {
        test::LiveStack s;
        QVERIFY2(s.start(kBase, 1.0), s.gateway_log().c_str());
        auto r = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5)));
        QCOMPARE(r.status(), 200);
        QCOMPARE(r.header("x-gatetune-cause"), std::string("ok"));
        QVERIFY(r.header("server-timing").find("db_query;dur=") != std::string::npos);
        QVERIFY(r.body().find("\"completion_tokens\":5") != std::string::npos);
        QCOMPARE(usage_rows(s.db_path), std::int64_t{1});
        QCOMPARE(test::usage_completion_tokens(s.db_path), std::int64_t{5});
    }

    void streamsServerSentEvents() {
        test::LiveStack s;
        QVERIFY(s.start(kBase, 1.0));
        auto r = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 8, true)));
        QCOMPARE(r.status(), 200);
        QCOMPARE(r.header("content-type"), std::string("text/event-stream"));
        QVERIFY(r.body().find("chat.completion.chunk") != std::string::npos);
        QVERIFY(r.body().find("data: [DONE]") != std::string::npos);
        QCOMPARE(usage_rows(s.db_path), std::int64_t{1});
        QCOMPARE(test::usage_completion_tokens(s.db_path), std::int64_t{8});  // from the last event's usage
    }

    void rejectsBadInputWithTheRightStatus() {
        test::LiveStack s;
        QVERIFY(s.start(kBase, 1.0, {"--max-body", "2048", "--max-header", "4096", "--max-url", "1024"}));
        const auto port = s.gateway_port;
        const std::string body = test::chat_body(10, 5);
        QCOMPARE(raw_exchange(port, test::chat_request("", body)).status(), 401);
        QCOMPARE(raw_exchange(port, test::chat_request("gt-" + std::string(48, '0'), body)).status(), 401);
        QCOMPARE(raw_exchange(port, test::chat_request("not-a-key", body)).status(), 401);
        auto bad_json = raw_exchange(port, test::chat_request(s.key, "{\"model\": "));
        QCOMPARE(bad_json.status(), 400);
        QVERIFY(bad_json.body().find("\"code\":\"invalid_request\"") != std::string::npos);
        QCOMPARE(raw_exchange(port, test::chat_request(s.key, R"({"model":"m","messages":"hi"})")).status(), 400);
        QCOMPARE(raw_exchange(port, test::chat_request(s.key, R"({"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":"5"})")).status(), 400);
        QCOMPARE(raw_exchange(port, test::chat_request(s.key, R"({"model":"m","messages":[{"role":"user","content":"x"}],"stream":1})")).status(), 400);
        QCOMPARE(raw_exchange(port, test::chat_request(s.key, std::string(4096, ' '))).status(), 413);
        QCOMPARE(raw_exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(8192, 'a') + "\r\n\r\n").status(), 431);
        std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 150; ++i) many += "X-H" + std::to_string(i) + ": 1\r\n";
        QCOMPARE(raw_exchange(port, many + "\r\n").status(), 431);
        QCOMPARE(raw_exchange(port, "GET /" + std::string(2000, 'u') + " HTTP/1.1\r\nHost: x\r\n\r\n").status(), 414);
        QCOMPARE(raw_exchange(port, "BLAH BLAH BLAH\r\n\r\n").status(), 400);
        QCOMPARE(raw_exchange(port, "POST /v1/chat/completions HTTP/1.1\r\nContent-Length: -5\r\n\r\n").status(), 400);
        QCOMPARE(raw_exchange(port, "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status(), 404);
        QCOMPARE(raw_exchange(port, "GET /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status(), 405);
        // Nothing above may have hurt the gateway or written usage.
        QCOMPARE(raw_exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status(), 200);
        QCOMPARE(usage_rows(s.db_path), std::int64_t{0});
        QVERIFY(s.gateway_log().find("WORKER TIMEOUT") == std::string::npos);
    }

    // Authentication comes before anything the request says: a caller without a valid key
    // learns nothing about request validation, and its 401s have their own cause in /metrics.
    void aBadKeyIsRefusedWhateverTheBody() {
        test::LiveStack s;
        QVERIFY(s.start(kBase, 1.0, {"--max-body", "2048"}));
        const auto port = s.gateway_port;
        const std::string unknown = "gt-" + std::string(48, '0');
        for (const std::string& key : {std::string(), unknown, std::string("not-a-key")}) {
            auto r = raw_exchange(port, test::chat_request(key, "{\"model\": "));
            QCOMPARE(r.status(), 401);
            QCOMPARE(r.header("x-gatetune-cause"), std::string("invalid_api_key"));
            QVERIFY(r.body().find("\"code\":\"invalid_api_key\"") != std::string::npos);
            QVERIFY(r.body().find("JSON") == std::string::npos);  // nothing about the body
            QCOMPARE(raw_exchange(port, test::chat_request(key, R"({"model":"m","messages":"hi"})")).status(), 401);
        }
        // The body limit is the server's, as nginx's client_max_body_size is: 413 from the
        // Content-Length alone, before the key is looked at, and the body is never sent here.
        const std::string oversize = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + unknown +
                                     "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{";
        QCOMPARE(raw_exchange(port, oversize).status(), 413);
        auto m = raw_exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QVERIFY2(m.body().find("gatetune_requests_total{status=\"401\",cause=\"invalid_api_key\"} 6") != std::string::npos, m.body().c_str());
        QVERIFY(m.body().find("status=\"401\",cause=\"invalid_request\"") == std::string::npos);
        QCOMPARE(usage_rows(s.db_path), std::int64_t{0});
    }

    void slowClientGets408() {
        test::LiveStack s;
        QVERIFY(s.start(kBase, 1.0, {"--header-timeout", "0.3"}));
        auto r = raw_exchange(s.gateway_port, "GET /healthz HTTP/1.1\r\nHost: x\r\n", 3, "X-Late: 1\r\n\r\n", 1.0);
        QCOMPARE(r.status(), 408);
    }

    void metricsAreprometheusText() {
        test::LiveStack s;
        QVERIFY(s.start(kBase, 1.0));
        QCOMPARE(raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5))).status(), 200);
        auto m = raw_exchange(s.gateway_port, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QCOMPARE(m.status(), 200);
        QVERIFY(m.header("content-type").starts_with("text/plain; version=0.0.4"));
        QVERIFY(m.body().find("gatetune_requests_total{status=\"200\",cause=\"ok\"} 1") != std::string::npos);
        QVERIFY(m.body().find("# TYPE gatetune_request_duration_seconds histogram") != std::string::npos);
        QVERIFY(m.body().find("gatetune_db_pool_checked_out{worker=\"1\"} 0") != std::string::npos);
    }

    void limitsConnectionsPerClientAndGuardsMetrics() {
        test::LiveStack s;
        QVERIFY(s.start(kBase, 1.0, {"--max-client-connections", "2", "--metrics-key"}, {"server.workers=1"}));
        // Two idle keep-alive connections are fine; the third from the same address is refused.
        const auto hold = [&] { return raw_exchange(s.gateway_port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 1.5); };
        std::thread a(hold), b(hold);
        QTest::qWait(300);
        auto third = raw_exchange(s.gateway_port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 1.0);
        a.join();
        b.join();
        QCOMPARE(third.status(), 429);
        // /metrics answers only with a valid key here.
        QCOMPARE(raw_exchange(s.gateway_port, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status(), 401);
        auto m = raw_exchange(s.gateway_port, "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.key +
                                                  "\r\nConnection: close\r\n\r\n");
        QCOMPARE(m.status(), 200);
        QVERIFY(m.body().find(s.key) == std::string::npos);
        QVERIFY(s.gateway_log().find(s.key.substr(12)) == std::string::npos);  // keys are never logged
    }

    // A blocked event loop silences the uvicorn heartbeat: the master kills the worker, the
    // client's connection drops without a response, a replacement boots, and the usage table
    // holds exactly the requests that got a 200 — nothing half-written.
    void killedWorkerLosesNoUsageRow() {
        test::LiveStack s;
        const std::string preset = std::string(kBase) + R"(
[request]
blocking_call = 4.0
blocking_probability = 0.0
)";
        QVERIFY(s.start(preset, 1.0, {}, {"server.timeout=2", "server.boot_time=0.2", "server.workers=1"}));
        int ok = 0;
        for (int i = 0; i < 3; ++i) {
            std::string user = "u";
            user += std::to_string(i);
            ok += raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5, false, user))).status() == 200;
        }
        QCOMPARE(ok, 3);
        s.gateway->stop();
        // Now with every request blocking the loop for 4 s against a 2 s timeout.
        test::LiveStack k;
        QVERIFY(k.start(preset, 1.0, {}, {"server.timeout=2", "server.boot_time=0.2", "server.workers=1", "request.blocking_probability=1"}));
        auto r = raw_exchange(k.gateway_port, test::chat_request(k.key, test::chat_body(10, 5)), 15);
        QVERIFY(r.connected);
        QCOMPARE(r.status(), 0);  // connection closed without a response: RemoteProtocolError
        const std::string log = k.wait_for_log("was sent SIGABRT");
        QVERIFY2(log.find("WORKER TIMEOUT") != std::string::npos, log.c_str());
        QVERIFY2(log.find("was sent SIGABRT") != std::string::npos, log.c_str());
        QCOMPARE(usage_rows(k.db_path), std::int64_t{0});
        QCOMPARE(integrity(k.db_path), std::string("ok"));
        QCOMPARE(usage_rows(s.db_path), std::int64_t{3});
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestLiveGateway)
#include "test_live_gateway.moc"
