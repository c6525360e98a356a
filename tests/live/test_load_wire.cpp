// The load generator's side of the wire contract, without a network: target URLs, API keys, the
// request body, Server-Timing and the x-gatetune-* headers, error objects and SSE scanning.
#include "qtest_suite.hpp"

#include <nlohmann/json.hpp>

#include "app/live/load/api_keys.hpp"
#include "app/live/load/chat_request.hpp"
#include "app/live/load/gateway_response.hpp"
#include "app/live/load/load_target.hpp"
#include "app/live/load/sse_scanner.hpp"
#include "qtest_std_string.hpp"

using namespace gatetune;
using namespace gatetune::live;

namespace {

std::string target_error(std::string_view url) {
    try {
        parse_load_target(url);
    } catch (const LoadInputError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

class TestLoadWire : public QObject {
    Q_OBJECT

private slots:
    void targets() {
        const LoadTarget a = parse_load_target("http://127.0.0.1:8080");
        QCOMPARE(a.host, std::string("127.0.0.1"));
        QCOMPARE(a.port, std::string("8080"));
        QCOMPARE(a.chat_completions_path(), std::string("/v1/chat/completions"));
        const LoadTarget b = parse_load_target("http://[::1]:9000/gw/");
        QCOMPARE(b.host, std::string("::1"));
        QCOMPARE(b.host_header(), std::string("[::1]:9000"));
        QCOMPARE(b.chat_completions_path(), std::string("/gw/v1/chat/completions"));
        QCOMPARE(parse_load_target("http://gateway").port, std::string("80"));
        QVERIFY(target_error("127.0.0.1:8080").find("must start with http://") != std::string::npos);
        QVERIFY(target_error("http://:8080").find("host is missing") != std::string::npos);
        QVERIFY(target_error("http://h:0").find("port must be a number from 1 to 65535") != std::string::npos);
        QVERIFY(target_error("http://h:80x").find("port must be") != std::string::npos);
        QVERIFY(target_error("http://h:").find("port must be") != std::string::npos);
        QVERIFY(target_error("http://h/x?y=1").find("query") != std::string::npos);
        QVERIFY(target_error("http://h:1").find("allowed: http://HOST:PORT") == std::string::npos);  // no error
    }

    void api_keys() {
        QCOMPARE(resolve_api_keys({"a", " b "}, "x,y"), (std::vector<std::string>{"a", "b"}));
        QCOMPARE(resolve_api_keys({}, " x , ,y,"), (std::vector<std::string>{"x", "y"}));
        try {
            resolve_api_keys({}, nullptr);
            QFAIL("no error");
        } catch (const LoadInputError& e) {
            QVERIFY(std::string(e.what()).find("GATETUNE_API_KEYS") != std::string::npos);
        }
        try {
            resolve_api_keys({"ok", "bad\r\nX-Injected: 1"}, nullptr);
            QFAIL("no error");
        } catch (const LoadInputError& e) {
            QVERIFY(std::string(e.what()).find("API key 2") != std::string::npos);
        }
        const std::vector<std::string> keys{"k0", "k1"};
        QCOMPARE(api_key_for(keys, 3), std::string("k1"));
        QVERIFY(api_key_shortfall(2, 5).value_or("").find("share 5 API keys but 2 were given") != std::string::npos);
        QVERIFY(!api_key_shortfall(5, 5));
    }

    void request_body() {
        sim::RequestRecord user;
        user.user = 4;
        sim::RequestRecord arrival;
        arrival.api_key = 2;
        QCOMPARE(session_owner(user), std::string("user-4"));
        QCOMPARE(session_owner(arrival), std::string("key-2"));
        const auto j = nlohmann::json::parse(chat_request_body(3, 9, true, "user-4"));
        QCOMPARE(j["messages"][0]["content"].get<std::string>(), std::string("w w w"));
        QCOMPARE(j["messages"][0]["role"].get<std::string>(), std::string("user"));
        QCOMPARE(j["max_tokens"].get<int>(), 9);
        QCOMPARE(j["stream"].get<bool>(), true);
        QCOMPARE(j["user"].get<std::string>(), std::string("user-4"));
        QCOMPARE(j["model"].get<std::string>(), std::string("gatetune-mock"));
    }

    void server_timing() {
        const auto m = parse_server_timing(R"(db_query;dur=2.25;desc="a, b; c", cache;desc=x, ttft ; dur = 150 , ;dur=1, decode;dur=abc)");
        QCOMPARE(m.size(), std::size_t{4});
        QCOMPARE(m[0].name, std::string("db_query"));
        QCOMPARE(*m[0].dur_ms, 2.25);
        QVERIFY(!m[1].dur_ms);
        QCOMPARE(m[2].name, std::string("ttft"));
        QCOMPARE(*m[2].dur_ms, 150.0);
        QVERIFY(!m[3].dur_ms);  // not a number
    }

    void gateway_headers() {
        sim::RequestRecord rec;
        const auto g = read_gateway_headers("worker_killed", "2", "1", "ttft;dur=150, decode;dur=20.5, retry;dur=-3", 0.1, rec);
        QVERIFY(g.cause && *g.cause == sim::Cause::WorkerKilled);
        QCOMPARE(rec.worker, 2);
        QCOMPARE(rec.attempts, 1);
        QCOMPARE(rec.phases[static_cast<std::size_t>(sim::Phase::Ttft)], engine::SimTime{1'500'000});
        QCOMPARE(rec.phases[static_cast<std::size_t>(sim::Phase::Decode)], engine::SimTime{205'000});
        QCOMPARE(rec.phases[static_cast<std::size_t>(sim::Phase::Retry)], engine::SimTime{0});
        sim::RequestRecord other;
        const auto unknown = read_gateway_headers("no_such_cause", "x", "", "", 1.0, other);
        QVERIFY(unknown.cause_header_present && !unknown.cause);
        QCOMPARE(other.worker, -1);
        QCOMPARE(cause_from_status(200), sim::Cause::Ok);
        QCOMPARE(cause_from_status(429), sim::Cause::GatewayRateLimited);
        QCOMPARE(cause_from_status(503), sim::Cause::ConcurrencyLimit);
        QCOMPARE(cause_from_status(401), sim::Cause::UpstreamError);
        QCOMPARE(cause_from_status(500), sim::Cause::UpstreamError);
    }

    void error_objects() {
        const auto e = parse_error_object(R"({"error":{"message":"m","type":"t","code":"db_too_many_clients","status":503}})");
        QVERIFY(e && e->cause && *e->cause == sim::Cause::DbTooManyClients);
        QCOMPARE(*e->status, 503);
        QVERIFY(parse_error_object(R"({"error":{"code":"nope"}})") && !parse_error_object(R"({"error":{"code":"nope"}})")->cause);
        QVERIFY(!parse_error_object("not json"));
        QVERIFY(!parse_error_object(R"({"choices":[]})"));
    }

    // Any split of the bytes gives the same events.
    void sse_scanning() {
        const std::string stream =
            "data: {\"choices\":[{\"delta\":{\"content\":\"w\"}}]}\r\n\r\n: comment\n\n"
            "data: {\"error\":{\"message\":\"m\",\n"
            "data: \"code\":\"upstream_error\"}}\n\n"
            "data: [DONE]\n\n";
        for (std::size_t piece = 1; piece <= stream.size(); ++piece) {
            SseScanner s;
            for (std::size_t i = 0; i < stream.size(); i += piece) s.feed(std::string_view(stream).substr(i, piece));
            QVERIFY(s.done());
            QCOMPARE(s.events(), std::size_t{3});
            QVERIFY(s.error() && s.error()->cause && *s.error()->cause == sim::Cause::UpstreamError);
        }
        SseScanner unfinished;
        unfinished.feed("data: [DONE]\n");  // no blank line yet: the event is not complete
        QVERIFY(!unfinished.done());
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestLoadWire)
#include "test_load_wire.moc"
