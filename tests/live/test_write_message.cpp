// write_message's serializer gives exactly the bytes Beast's own writer gives, for the messages
// the live mode writes (requests and responses with string bodies, custom reasons, HTTP/1.0,
// empty bodies) and for the chunked ones it hands to Beast's serializer.
#include "qtest_suite.hpp"

#include <sstream>

#include "app/live/net/write_message.hpp"
#include "qtest_std_string.hpp"

using namespace gatetune::live;

namespace {

template <bool isRequest, class Body, class Fields>
std::string beast_bytes(const http::message<isRequest, Body, Fields>& m) {
    std::ostringstream os;
    os << m;
    return os.str();
}

template <bool isRequest, class Body, class Fields>
std::string ours(http::message<isRequest, Body, Fields>& m) {
    beast::error_code ec;
    std::string s = serialize(m, ec);
    if (ec) return "error: " + ec.message();
    return s;
}

}  // namespace

class TestWriteMessage : public QObject {
    Q_OBJECT
private slots:
    void requestsMatchBeast() {
        Request r{http::verb::post, "/v1/chat/completions?x=1", 11};
        r.set(http::field::host, "127.0.0.1:8080");
        r.set(http::field::content_type, "application/json");
        r.set("x-custom", "a b  c");
        r.body() = R"({"model":"m","messages":[]})";
        r.prepare_payload();
        QCOMPARE(ours(r), beast_bytes(r));
        QVERIFY(ours(r).starts_with("POST /v1/chat/completions?x=1 HTTP/1.1\r\n"));

        Request get{http::verb::get, "/healthz", 10};
        get.prepare_payload();
        QCOMPARE(ours(get), beast_bytes(get));
    }

    void responsesMatchBeast() {
        for (auto status : {http::status::ok, http::status::too_many_requests, http::status::gateway_timeout,
                            static_cast<http::status>(599)}) {
            Response r{status, 11};
            r.set(http::field::content_type, "application/json");
            r.set("x-gatetune-cause", "ok");
            r.body() = "{\"error\":{}}";
            r.keep_alive(false);
            r.prepare_payload();
            QCOMPARE(ours(r), beast_bytes(r));
        }
        Response custom{http::status::ok, 10};
        custom.reason("Fine Thanks");
        custom.prepare_payload();
        QCOMPARE(ours(custom), beast_bytes(custom));
        QVERIFY(ours(custom).starts_with("HTTP/1.0 200 Fine Thanks\r\n"));
    }

    void chunkedGoesThroughBeast() {
        Response r{http::status::ok, 11};
        r.body() = "data: x\n\n";
        r.chunked(true);
        QCOMPARE(ours(r), beast_bytes(r));
        QVERIFY(ours(r).find("Transfer-Encoding: chunked") != std::string::npos);
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestWriteMessage)
#include "test_write_message.moc"
