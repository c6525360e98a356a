// Observations (sim/diagnosis/observation.hpp): every input format from real-shaped samples in
// tests/data/observations, a simulated run's own output read back, several files merged, and every
// kind of bad input refused with its exact file:line message. The expectations are whole
// descriptions (observation_description.hpp), so any field read differently fails the test.
#include "qtest_suite.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "observation_description.hpp"
#include "qtest_std_string.hpp"
#include "sim/diagnosis/observation.hpp"
#include "sim/diagnosis/signatures.hpp"
#include "sim/diagnosis/timestamp.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"
#include "sim/stack.hpp"

using namespace gatetune;
using namespace gatetune::sim::diagnosis;

namespace {

std::string sample_path(const std::string& name) { return std::string(GATETUNE_SOURCE_DIR) + "/tests/data/observations/" + name; }

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The ObservationError's text, or "(no error)".
std::string error_of(std::string_view text, const std::string& name, ObservationFormat format = ObservationFormat::Auto) {
    try {
        parse_observation(text, name, format);
    } catch (const ObservationError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string read_error(const std::vector<std::string>& paths) {
    try {
        read_observation(paths);
    } catch (const ObservationError& e) {
        return e.what();
    }
    return "(no error)";
}

const std::string kAllCauses =
    "ok, db_pool_timeout, db_too_many_clients, http_pool_timeout, upstream_connect_timeout, upstream_connect_error, "
    "upstream_read_timeout, upstream_error, upstream_rate_limited, context_length_exceeded, worker_killed, lb_idle_timeout, "
    "lb_keepalive_race, lb_target_closed, concurrency_limit, backlog_full, client_timeout, gateway_rate_limited, "
    "closed_after_error, session_create_race, db_error, invalid_request, invalid_api_key, lb_client_idle_close";

sim::RunResult pool_exhaustion_run() {
    return sim::simulate(sim::load_preset(std::string(GATETUNE_SOURCE_DIR) + "/presets/failure-modes/db-pool-exhaustion.toml"));
}

}  // namespace

class TestObservation : public QObject {
    Q_OBJECT

private slots:
    // Each sample read on its own: the format sniffed, every request and every evidence row.
    void samples_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* file, const char* format, const char* expected) {
            QTest::newRow(file) << QString(file) << QString(format) << QString::fromUtf8(expected);
        };
        row("k6.json", "k6", "#0 t=0.000000 lat=1.731763 200/200 cause=- sig=- s=1 c=0 tok=-/- @k6.json:6\n"
            "#1 t=0.000353 lat=1.899402 200/200 cause=- sig=- s=2 c=0 tok=-/- @k6.json:23\n"
            "#2 t=1.732324 lat=3.775404 200/200 cause=- sig=- s=1 c=1 tok=-/- @k6.json:40\n"
            "#3 t=1.902136 lat=60.000815 ReadTimeout/0 cause=client_timeout sig=client_timeout s=2 c=1 tok=-/- err=\"request timeout\" @k6.json:62\n"
            "#4 t=5.508077 lat=30.049886 500/500 cause=- sig=- s=1 c=2 tok=-/- @k6.json:53\n"
            "#5 t=36.098355 lat=0.000531 RemoteProtocolError/0 cause=worker_killed sig=client_disconnected s=1 c=3 tok=-/- err=\"EOF\" @k6.json:75\n"
            "note: k6.json: 15 Metric lines and 14 points of other metrics (vus, iterations, checks, …) not used\n");
        row("jmeter.jtl", "jtl", "#0 t=0.000000 lat=1.742000 200/200 cause=- sig=- s=Chat users 1-1 c=0 tok=-/- @jmeter.jtl:2\n"
            "#1 t=0.011000 lat=1.903000 200/200 cause=- sig=- s=Chat users 1-2 c=0 tok=-/- @jmeter.jtl:3\n"
            "#2 t=1.750000 lat=30.051000 500/500 cause=db_pool_timeout sig=queuepool_timeout s=Chat users 1-1 c=1 tok=-/- err=\"TimeoutError: QueuePool limit of size 5 \" @jmeter.jtl:4\n"
            "#3 t=1.922000 lat=60.007000 ReadTimeout/0 cause=client_timeout sig=client_timeout s=Chat users 1-2 c=1 tok=-/- err=\"java.net.SocketTimeoutException: Read ti\" @jmeter.jtl:5\n"
            "#4 t=31.809000 lat=0.004000 RemoteProtocolError/0 cause=worker_killed sig=client_disconnected s=Chat users 1-1 c=2 tok=-/- err=\"org.apache.http.NoHttpResponseException:\" @jmeter.jtl:6\n"
            "#5 t=61.931000 lat=1.011000 ConnectError/0 cause=- sig=client_connect_refused s=Chat users 1-2 c=2 tok=-/- err=\"java.net.ConnectException: Connection re\" @jmeter.jtl:7\n");
        row("alb.log", "alb", "#0 t=0.000000 lat=1.742000 200/200 cause=- sig=- s=203.0.113.10 c=0 tok=-/- @alb.log:1\n"
            "#1 t=0.043000 lat=0.903000 200/200 cause=- sig=- s=198.51.100.7 c=0 tok=-/- @alb.log:2\n"
            "#2 t=2.514000 lat=60.002011 504/504 cause=lb_idle_timeout sig=alb_504_target_timeout s=203.0.113.10 c=1 tok=-/- @alb.log:4\n"
            "#3 t=3.397000 lat=0.001551 502/502 cause=- sig=alb_502_no_target_response s=198.51.100.7 c=1 tok=-/- @alb.log:3\n"
            "#4 t=4.106000 lat=5.005000 500/500 cause=- sig=- s=198.51.100.7 c=2 tok=-/- @alb.log:5\n"
            "#5 t=10.091000 lat=30.005211 460/460 cause=client_timeout sig=alb_460_client_closed s=203.0.113.22 c=0 tok=-/- @alb.log:6\n"
            "alb_502_no_target_response x1 [lb_keepalive_race lb_target_closed worker_killed] @alb.log:3 \"http 2024-05-01T12:00:03.402551Z app/gateway-alb/5\"\n"
            "alb_504_target_timeout x1 [lb_idle_timeout] @alb.log:4 \"http 2024-05-01T12:01:02.520011Z app/gateway-alb/5\"\n"
            "alb_460_client_closed x1 [client_timeout] @alb.log:6 \"https 2024-05-01T12:00:40.100211Z app/gateway-alb/\"\n");
        row("gunicorn-error.log", "gunicorn", "worker_timeout x1 [worker_killed] @gunicorn-error.log:52 \"[2024-05-01 12:01:05 +0000] [1] [CRITICAL] WORKER \"\n"
            "worker_sigabrt x1 [worker_killed] @gunicorn-error.log:53 \"[2024-05-01 12:01:06 +0000] [1] [ERROR] Worker (pi\"\n"
            "worker_sigterm x2 [] @gunicorn-error.log:62 \"[2024-05-01 12:05:01 +0000] [1] [INFO] Worker (pid\"\n"
            "worker_boot x5 [] @gunicorn-error.log:4 \"[2024-05-01 12:00:00 +0000] [7] [INFO] Booting wor\"\n"
            "master_signal x1 [] @gunicorn-error.log:58 \"[2024-05-01 12:05:00 +0000] [1] [INFO] Handling si\"\n"
            "server_start x4 [] @gunicorn-error.log:1 \"[2024-05-01 12:00:00 +0000] [1] [INFO] Starting gu\"\n"
            "app_exception x2 [] @gunicorn-error.log:12 \"[2024-05-01 12:00:33 +0000] [7] [ERROR] Exception \"\n"
            "queuepool_timeout x1 [db_pool_timeout] @gunicorn-error.log:51 \"sqlalchemy.exc.TimeoutError: QueuePool limit of si\"\n"
            "upstream_read_timeout x1 [upstream_read_timeout] @gunicorn-error.log:30 \"httpcore.ReadTimeout\"\n");
        row("uvicorn.log", "uvicorn", "#0 t=- lat=- 200/200 cause=- sig=- s=172.18.0.5 c=0 tok=-/- @uvicorn.log:5\n"
            "#1 t=- lat=- 200/200 cause=- sig=- s=172.18.0.6 c=0 tok=-/- @uvicorn.log:6\n"
            "#2 t=- lat=- 503/503 cause=- sig=- s=172.18.0.7 c=0 tok=-/- @uvicorn.log:8\n"
            "#3 t=- lat=- 500/500 cause=- sig=- s=172.18.0.5 c=1 tok=-/- @uvicorn.log:9\n"
            "#4 t=- lat=- 200/200 cause=- sig=- s=172.18.0.6 c=1 tok=-/- @uvicorn.log:15\n"
            "server_start x1 [] @uvicorn.log:1 \"INFO:     Started server process [1]\"\n"
            "app_exception x1 [] @uvicorn.log:10 \"ERROR:    Exception in ASGI application\"\n"
            "concurrency_limit x1 [concurrency_limit] @uvicorn.log:7 \"WARNING:  Exceeded concurrency limit.\"\n"
            "too_many_clients x1 [db_too_many_clients] @uvicorn.log:14 \"asyncpg.exceptions.TooManyConnectionsError: sorry,\"\n"
            "note: uvicorn.log: 5 requests from access lines: status and client only (no start time, no latency)\n"
            "note: requests without a start time or order: kept in the order they were read\n");
        row("app-traceback.log", "python", "too_many_clients x1 [db_too_many_clients] @app-traceback.log:39 \"asyncpg.exceptions.TooManyConnectionsError: remain\"\n"
            "unique_violation x1 [session_create_race] @app-traceback.log:7 \"asyncpg.exceptions.UniqueViolationError: duplicate\"\n"
            "httpx_pool_timeout x1 [http_pool_timeout] @app-traceback.log:40 \"httpx.PoolTimeout\"\n"
            "upstream_connect_timeout x1 [upstream_connect_timeout] @app-traceback.log:42 \"httpx.ConnectTimeout\"\n"
            "upstream_connect_error x1 [upstream_connect_error] @app-traceback.log:41 \"httpx.ConnectError: [Errno 111] Connection refused\"\n"
            "upstream_rate_limited x1 [upstream_rate_limited] @app-traceback.log:23 \"httpx.HTTPStatusError: Client error '429 Too Many \"\n"
            "context_length_exceeded x1 [context_length_exceeded] @app-traceback.log:31 \"2024-05-01 12:00:11,020 WARNING [app.proxy] upstre\"\n"
            "upstream_bad_request x1 [context_length_exceeded] @app-traceback.log:36 \"httpx.HTTPStatusError: Client error '400 Bad Reque\"\n"
            "upstream_server_error x1 [upstream_error] @app-traceback.log:29 \"httpx.HTTPStatusError: Server error '502 Bad Gatew\"\n");
        row("records.csv", "records", "#0 t=0.000000 lat=1.731000 200/200 cause=- sig=- s=alice c=0 tok=664/2 @records.csv:2\n"
            "#1 t=0.250000 lat=1.402000 200/200 cause=- sig=- s=bob c=0 tok=664/2 @records.csv:5\n"
            "#2 t=1.660000 lat=60.004000 ReadTimeout/0 cause=client_timeout sig=client_timeout s=bob c=1 tok=2280/55 err=\"httpx.ReadTimeout: timed out\" @records.csv:8\n"
            "#3 t=1.735000 lat=3.775000 200/200 cause=- sig=- s=alice c=1 tok=2280/55 @records.csv:3\n"
            "#4 t=5.512000 lat=4.102000 200/200 cause=- sig=- s=alice c=2 tok=3737/321 @records.csv:4\n"
            "#5 t=9.620000 lat=30.051000 500/500 cause=db_pool_timeout sig=queuepool_timeout s=alice c=3 tok=1371/89 err=\"sqlalchemy.exc.TimeoutError: QueuePool l\" @records.csv:6\n"
            "#6 t=39.680000 lat=0.412000 RemoteProtocolError/0 cause=worker_killed sig=client_disconnected s=alice c=4 tok=1517/45 err=\"Server disconnected without sending a re\" @records.csv:9\n");
        row("records.jsonl", "records", "#0 t=0.000000 lat=1.731000 200/200 cause=- sig=- s=u-1 c=0 tok=664/2 @records.jsonl:1\n"
            "#1 t=0.500000 lat=0.012500 503/503 cause=concurrency_limit sig=concurrency_limit s=u-2 c=0 tok=664/2 err=\"Exceeded concurrency limit.\" @records.jsonl:5\n"
            "#2 t=1.740000 lat=3.775000 200/200 cause=- sig=- s=u-1 c=1 tok=2280/55 @records.jsonl:2\n"
            "#3 t=5.520000 lat=30.051000 500/500 cause=upstream_rate_limited sig=upstream_rate_limited s=u-1 c=2 tok=3737/321 err=\"HTTPStatusError: Client error '429 Too M\" @records.jsonl:3\n"
            "#4 t=35.580000 lat=5.002000 ConnectTimeout/0 cause=backlog_full sig=client_connect_timeout s=u-1 c=3 tok=1371/89 err=\"httpx.ConnectTimeout\" @records.jsonl:6\n");
    }
    void samples() {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(QString, expected);
        const std::string name = file.toStdString();
        const Observation o = parse_observation(slurp(sample_path(name)), name);
        QCOMPARE(o.files, std::vector<std::string>{name});
        QCOMPARE(o.formats.size(), std::size_t{1});
        QCOMPARE(std::string(to_string(o.formats.front())), format.toStdString());
        QCOMPARE(test::describe(o), expected.toStdString());
    }

    // The format given overrides sniffing: the gunicorn log read as uvicorn's is the same evidence.
    void formatOverride() {
        const std::string text = slurp(sample_path("gunicorn-error.log"));
        const Observation forced = parse_observation(text, "gunicorn-error.log", ObservationFormat::UvicornLog);
        QCOMPARE(forced.formats.front(), ObservationFormat::UvicornLog);
        QCOMPARE(test::describe(forced), test::describe(parse_observation(text, "gunicorn-error.log")));
        // Forced onto a format it is not, every line is a problem.
        QVERIFY(error_of(text, "gunicorn-error.log", ObservationFormat::K6).starts_with("gunicorn-error.log:1: invalid JSON"));
    }

    void formatNames() {
        const std::vector<std::pair<std::string, ObservationFormat>> names = {
            {"auto", ObservationFormat::Auto},     {"records", ObservationFormat::Records},       {"k6", ObservationFormat::K6},
            {"jtl", ObservationFormat::Jtl},       {"alb", ObservationFormat::AlbLog},            {"gunicorn", ObservationFormat::GunicornLog},
            {"uvicorn", ObservationFormat::UvicornLog}, {"python", ObservationFormat::PythonLog}};
        for (const auto& [name, format] : names) {
            ObservationFormat parsed = ObservationFormat::Records;
            QVERIFY2(parse_observation_format(name, parsed), name.c_str());
            QCOMPARE(parsed, format);
            QCOMPARE(std::string(to_string(format)), name);
        }
        ObservationFormat untouched = ObservationFormat::K6;
        QVERIFY(!parse_observation_format("csv", untouched));
        QVERIFY(!parse_observation_format("K6", untouched));
        QCOMPARE(untouched, ObservationFormat::K6);
    }

    // Sniffing from the first lines, the name breaking ties. A file sniffed as a format it then
    // does not read as is refused by that format's reader, which says what it expected.
    void sniffing_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("refusal");
        auto row = [](const char* tag, const char* name, const char* text, const char* format, const char* refusal = "") {
            QTest::newRow(tag) << QString(name) << QString::fromUtf8(text) << QString(format) << QString::fromUtf8(refusal);
        };
        row("records csv by header", "x.txt", "\n\nStatus,Start_S,Latency_s\n200,0,1\n", "records");
        row("records jsonl", "x", "{\"order\": 1, \"status\": 200, \"latency\": 1}\n", "records");
        row("json array", "x.json", "[\n  {\"order\": 1, \"status\": 200, \"latency\": 1}\n]\n", "records");
        row("k6 line", "out",
            "{\"type\":\"Point\",\"data\":{\"time\":\"2024-05-01T12:00:00Z\",\"value\":1,\"tags\":{\"status\":\"200\"}},\"metric\":\"http_reqs\"}\n",
            "k6");
        row("jtl by header", "results.csv", "timeStamp,elapsed,label,responseCode\n1714564800120,10,a,200\n", "jtl");
        row("alb entry", "x.log",
            "h2 2024-05-01T12:00:00.1Z app/a/b 1.2.3.4:5 6.7.8.9:80 0.0 0.1 0.0 200 200 1 2 \"GET http://a:80/ HTTP/2.0\" \"-\"\n", "alb");
        row("gunicorn prefix", "x", "[2024-05-01 12:00:00 +0000] [1] [INFO] Starting gunicorn 23.0.0\n", "gunicorn");
        row("uvicorn level", "x", "INFO:     Started server process [1]\n", "uvicorn");
        row("python exception", "x", "something\nhttpx.ReadTimeout\n", "python");
        row("a .log of anything", "app.log", "hello\n", "python", "app.log: no recognisable line");
        row("a .csv of anything", "data.csv", "a,b\n1,2\n", "records", "data.csv:1: missing column status");
        row("a .jtl without its columns", "r.jtl", "a,b\n1,2\n", "jtl", "r.jtl:1: missing column timeStamp");
    }
    void sniffing() {
        QFETCH(QString, name);
        QFETCH(QString, text);
        QFETCH(QString, format);
        QFETCH(QString, refusal);
        const std::string error = error_of(text.toStdString(), name.toStdString());
        if (!refusal.isEmpty()) {
            QVERIFY2(error.starts_with(refusal.toStdString()), error.c_str());
            return;
        }
        QCOMPARE(error, std::string("(no error)"));
        const Observation o = parse_observation(text.toStdString(), name.toStdString());
        QCOMPARE(std::string(to_string(o.formats.front())), format.toStdString());
    }

    // What `gatetune run --format csv|json` writes reads back request for request: start, latency,
    // status, cause, tokens, user as session, call.
    void runOutputReadsBack_data() {
        QTest::addColumn<QString>("format");
        QTest::newRow("csv") << QString("csv");
        QTest::newRow("json") << QString("json");
    }
    void runOutputReadsBack() {
        QFETCH(QString, format);
        const sim::RunResult run = pool_exhaustion_run();
        std::ostringstream written;
        if (format == "csv") sim::write_csv_report(written, run);
        else sim::write_report(written, run, sim::ReportFormat::Json);
        const std::string name = "run." + format.toStdString();
        const Observation o = parse_observation(written.str(), name);
        QCOMPARE(o.formats.front(), ObservationFormat::Records);

        // The observation is sorted by start (ties in file order) and starts at 0.
        std::vector<const sim::RequestRecord*> records;
        for (const sim::RequestRecord& r : run.records) records.push_back(&r);
        std::stable_sort(records.begin(), records.end(), [](auto* a, auto* b) { return a->start < b->start; });
        QCOMPARE(o.requests.size(), records.size());
        QVERIFY(records.size() > 40);
        std::size_t failures = 0;
        for (std::size_t i = 0; i < records.size(); ++i) {
            const sim::RequestRecord& r = *records[i];
            const ObservedRequest& q = o.requests[i];
            const std::string where = name + " request " + std::to_string(i);
            QCOMPARE(q.order, i);
            QVERIFY2(q.start == r.start - records.front()->start, where.c_str());
            QVERIFY2(q.latency == r.latency(), where.c_str());
            QCOMPARE(q.status, sim::status_label(r));
            QCOMPARE(q.http_status, r.http_status);
            QVERIFY2(q.cause == r.cause, where.c_str());
            QCOMPARE(q.prompt_tokens, std::optional<int>(r.input_tokens));
            QCOMPARE(q.completion_tokens, std::optional<int>(r.output_tokens));
            QCOMPARE(q.session, std::optional<std::string>(std::to_string(r.user)));
            QCOMPARE(q.call, std::optional<int>(r.call));
            failures += r.cause == sim::Cause::DbPoolTimeout;
        }
        QVERIFY2(failures > 0, "the preset's pool timeouts are in the run");
        QVERIFY(o.evidence.empty());
        QCOMPARE(o.notes.size(), std::size_t{1});
        QVERIFY2(o.notes.front().starts_with(name + ": not used: "), o.notes.front().c_str());
    }

    // Several files: clocks aligned to the earliest start, evidence summed per signature with the
    // first occurrence kept, access lines dropped when clients' records are given.
    void filesAreMerged() {
        const Observation o = read_observation({sample_path("k6.json"), sample_path("uvicorn.log"), sample_path("gunicorn-error.log"),
                                                sample_path("jmeter.jtl")});
        QCOMPARE(o.formats, (std::vector<ObservationFormat>{ObservationFormat::K6, ObservationFormat::UvicornLog,
                                                             ObservationFormat::GunicornLog, ObservationFormat::Jtl}));
        QCOMPARE(o.requests.size(), std::size_t{12});  // 6 from k6, 6 from JMeter; none from uvicorn's access lines
        QCOMPARE(*o.requests.front().start, sim::SimTime{0});
        // The JMeter run started 117.641 ms after k6's first request: its first sample keeps that offset.
        QCOMPARE(o.requests[2].source, sample_path("jmeter.jtl") + ":2");
        QCOMPARE(*o.requests[2].start, sim::SimTime{117'641});
        for (std::size_t i = 1; i < o.requests.size(); ++i) QVERIFY(*o.requests[i - 1].start <= *o.requests[i].start);
        auto count = [&](std::string_view id) {
            for (const LogEvidence& e : o.evidence) {
                if (e.signature == id) return e.count;
            }
            return std::uint64_t{0};
        };
        QCOMPARE(count("app_exception"), std::uint64_t{3});
        QCOMPARE(count("server_start"), std::uint64_t{5});
        QCOMPARE(count("too_many_clients"), std::uint64_t{1});
        QCOMPARE(o.evidence.front().signature, std::string("worker_timeout"));  // table order, not file order
        for (const LogEvidence& e : o.evidence) {
            if (e.signature == "server_start") QCOMPARE(e.first_source, sample_path("uvicorn.log") + ":1");
        }
        QCOMPARE(o.notes.back(), sample_path("uvicorn.log") + ": 5 access lines not used as requests (the client-side records were given)");
    }

    // Out-of-order rows are sorted by start, stably: equal starts keep file order, across files too.
    void sortingIsStable() {
        const Observation o = parse_observation("start,status,latency,session\n"
                                                "2.5,200,1,c\n"
                                                "1,500,1,a\n"
                                                "2.5,200,1,d\n"
                                                "1,200,1,b\n",
                                                "s.csv");
        std::string sessions;
        for (const ObservedRequest& q : o.requests) sessions += *q.session;
        QCOMPARE(sessions, std::string("abcd"));
        QCOMPARE(*o.requests[1].start, sim::SimTime{0});
        QCOMPARE(*o.requests[3].start, sim::SimTime{1'500'000});

        // By the order column when there are no times.
        const Observation by_order = parse_observation("order,status,latency\n3,200,1\n1,200,2\n2,200,3\n", "o.csv");
        QCOMPARE(*by_order.requests[0].latency, sim::SimTime{2'000'000});
        QCOMPARE(*by_order.requests[2].latency, sim::SimTime{1'000'000});
        QVERIFY(!by_order.requests[0].start);
    }

    // Every kind of bad input: refused with the exact file:line message, nothing returned.
    void badInput_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("text");  // bytes: the gzip case is not UTF-8
        QTest::addColumn<QString>("message");
        auto row = [](const char* tag, const char* name, const std::string& text, const std::string& message) {
            QTest::newRow(tag) << QString(name) << QByteArray::fromStdString(text) << QString::fromStdString(message);
        };
        const std::string statuses =
            "an HTTP status 100 to 599, or a client error: ReadTimeout, RemoteProtocolError, ReadError, ConnectError, ConnectTimeout, no_response";
        row("missing column", "r.csv", "start,latency\n0,1\n", "r.csv:1: missing column status (also read as status_code, http_status or code)");
        row("missing start and order", "r.csv", "status,latency\n200,1\n",
            "r.csv:1: missing column start or order (when each request was sent, or its position)");
        row("empty latency cell", "r.csv", "status,order,latency\n200,1,\n",
            "r.csv:2: latency: missing (allowed: seconds ≥ 0, in latency, latency_ms or end)");
        row("unknown status", "r.csv", "start,status,latency\n0,abc,1\n",
            "r.csv:2: status: \"abc\" is not an HTTP status or a known client error (allowed: " + statuses + ")");
        row("status out of range", "r.jsonl", "{\"start\": 0, \"status\": 700, \"latency\": 1}\n",
            "r.jsonl:1: status: \"700\" is not an HTTP status or a known client error (allowed: " + statuses + ")");
        row("empty status cell", "r.csv", "start,status,latency\n0,,1\n", "r.csv:2: status: missing (allowed: " + statuses + ")");
        row("bad number", "r.csv", "start,status,latency\n0,200,1.2.3\n", "r.csv:2: latency: \"1.2.3\" is not a duration (allowed: seconds ≥ 0)");
        row("negative latency in ms", "r.csv", "start,status,latency_ms\n0,200,-5\n",
            "r.csv:2: latency_ms: \"-5\" is not a duration (allowed: milliseconds ≥ 0)");
        row("bad time", "r.csv", "start,status,latency\nyesterday,200,1\n",
            "r.csv:2: start: \"yesterday\" is not a time (allowed: an ISO 8601 time such as 2024-05-01T12:00:00.250Z, epoch seconds or "
            "milliseconds, or seconds from the start)");
        row("impossible date", "r.csv", "start,status,latency\n2024-02-30T00:00:00Z,200,1\n",
            "r.csv:2: start: \"2024-02-30T00:00:00Z\" is not a time (allowed: an ISO 8601 time such as 2024-05-01T12:00:00.250Z, epoch "
            "seconds or milliseconds, or seconds from the start)");
        row("unknown cause", "r.csv", "start,status,latency,cause\n0,500,1,oom\n",
            "r.csv:2: cause: \"oom\" is not a cause (allowed: " + kAllCauses + ")");
        row("bad tokens", "r.csv", "start,status,latency,prompt_tokens\n0,200,1,12.5\n",
            "r.csv:2: prompt_tokens: \"12.5\" is not a token count (allowed: an integer 0 to 10000000)");
        row("bad call", "r.csv", "start,status,latency,call\n0,200,1,-3\n",
            "r.csv:2: call: \"-3\" is not a call index (allowed: an integer ≥ 0 (0 is the session's first call), or -1 for none)");
        row("wrong field count", "r.csv", "start,status,latency\n0,200\n", "r.csv:2: expected 3 fields (start, status, latency), got 2");
        row("values instead of a header", "r.csv", "0,200,1\n",
            "r.csv:1: expected a header line naming the columns (status, start or order, latency, …), got a row of values");
        row("unclosed quote", "r.csv", "start,status,latency,error\n0,500,1,\"QueuePool\n",
            "r.csv:2: a quoted field is not closed (a \" without its closing \")");
        row("empty file", "r.csv", "",
            "r.csv: empty file (expected per-request records, k6 JSON output, a JMeter JTL file, an ALB access log or a server log)");
        row("blank file", "r.jsonl", "\n  \r\n\t\n",
            "r.jsonl: empty file (expected per-request records, k6 JSON output, a JMeter JTL file, an ALB access log or a server log)");
        row("header only", "r.csv", "start,status,latency\n", "r.csv: no requests in the file (a header or metric declarations only)");
        row("gzip", "alb.log.gz", std::string("\x1f\x8b\x08\x00", 4),
            "alb.log.gz: a gzip-compressed file (decompress it first, e.g. gunzip; ALB logs and k6 .gz output are compressed)");
        row("unrecognised format", "notes", "hello world\n",
            "notes: unrecognised format: the first line \"hello world\" is none of per-request records (CSV with a header, JSON Lines, "
            "gatetune run JSON), k6 JSON output, a JMeter JTL file, an ALB access log or a gunicorn/uvicorn/Python log (or give the "
            "format: records, k6, jtl, alb, gunicorn, uvicorn, python)");
        row("no recognisable log line", "app.log", "starting\nready\n",
            "app.log: no recognisable line (expected gunicorn's error log — WORKER TIMEOUT, Booting worker, …; uvicorn's log and access "
            "lines; or Python exceptions such as QueuePool limit …, TooManyConnectionsError, httpx.ReadTimeout)");
        row("mixed: k6 in records", "r.jsonl",
            "{\"start\": 0, \"status\": 200, \"latency\": 1}\n"
            "{\"type\":\"Point\",\"data\":{\"time\":\"2024-05-01T12:00:00Z\",\"value\":1,\"tags\":{}},\"metric\":\"http_reqs\"}\n",
            "r.jsonl:2: a k6 output line in a file of per-request records (one format per file)");
        row("mixed: records in k6", "k.json",
            "{\"type\":\"Metric\",\"data\":{\"name\":\"http_reqs\",\"type\":\"counter\"},\"metric\":\"http_reqs\"}\n"
            "{\"start\": 0, \"status\": 200, \"latency\": 1}\n",
            "k.json:2: not a k6 output line (expected {\"type\": \"Point\" or \"Metric\", \"metric\": …, \"data\": …}; one format per file)");
        row("mixed: JSON in CSV", "r.csv", "start,status,latency\n0,200,1\n{\"start\": 1, \"status\": 200, \"latency\": 1}\n",
            "r.csv:3: a JSON line in a CSV file (one format per file: CSV with a header, or JSON Lines)");
        row("mixed: ALB in a server log", "g.log",
            "[2024-05-01 12:00:00 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:8)\n"
            "http 2024-05-01T12:00:01.0Z app/a/b 1.2.3.4:5 - -1 -1 -1 502 - 1 2 \"GET http://a:80/ HTTP/1.1\" \"-\"\n",
            "g.log:2: a line of an ALB access log in a server log (one format per file)");
        row("mixed: log in ALB", "a.log",
            "http 2024-05-01T12:00:01.0Z app/a/b 1.2.3.4:5 - -1 -1 -1 502 - 1 2 \"GET http://a:80/ HTTP/1.1\" \"-\"\n"
            "[2024-05-01 12:00:00 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:8)\n",
            "a.log:2: not an ALB access log entry (expected: type time elb client:port target:port … with type http, https, h2, grpcs, ws or "
            "wss; one format per file)");
        row("invalid JSON line", "r.jsonl", "{\"start\": 0, \"status\": 200,\n",
            "r.jsonl:1: invalid JSON: syntax error while parsing object key - unexpected end of input; expected string literal");
        row("not an object", "r.jsonl", "{\"start\": 0, \"status\": 200, \"latency\": 1}\n[1, 2]\n",
            "r.jsonl:2: expected a JSON object such as {\"start\": 0.5, \"status\": 200, \"latency\": 1.2}, got [1,2]");
        row("JSON document: bad record at its line", "run.json", "{\n  \"requests\": [\n    {\"start_s\": 0, \"status\": \"200\", \"latency_s\": 1},\n"
            "    {\"start_s\": 1,\n     \"status\": \"teapot\", \"latency_s\": 1}\n  ]\n}\n",
            "run.json:4: status: \"teapot\" is not an HTTP status or a known client error (allowed: " + statuses + ")");
        row("JSON document: broken", "run.json", "{\n  \"requests\": [\n    {\"start_s\": 0,,\n  ]\n}\n",
            "run.json:3: invalid JSON: syntax error while parsing object key - unexpected ','; expected string literal");
        row("run JSON without requests", "run.json", "{\n  \"preset\": \"x\",\n  \"summary\": {}\n}\n",
            "run.json: a JSON document without a \"requests\" array (expected gatetune run --format json output written without "
            "--no-requests, a JSON array of request objects, or JSON Lines)");
        row("JTL: missing column", "r.jtl", "timeStamp,label,responseCode\n1714564800120,a,200\n",
            "r.jtl:1: missing column elapsed (a JTL header needs timeStamp, elapsed and responseCode: save them with "
            "jmeter.save.saveservice.time, .response_code and print_field_names=true)");
        row("JTL: unknown exception", "r.jtl",
            "timeStamp,elapsed,responseCode,responseMessage\n1714564800120,5,Non HTTP response code: javax.net.ssl.SSLHandshakeException,"
            "Non HTTP response message: Remote host terminated the handshake\n",
            "r.jtl:2: responseCode: \"Non HTTP response code: javax.net.ssl.SSLHandshakeException\" is not a known client error (known: "
            "java.net.SocketTimeoutException, java.net.ConnectException, java.net.SocketException, java.net.UnknownHostException, "
            "org.apache.http.NoHttpResponseException, org.apache.http.ConnectionClosedException, "
            "org.apache.http.conn.ConnectTimeoutException, org.apache.http.conn.HttpHostConnectException)");
        row("JTL: bad elapsed", "r.jtl", "timeStamp,elapsed,responseCode\n1714564800120,fast,200\n",
            "r.jtl:2: elapsed: \"fast\" is not a duration (allowed: milliseconds ≥ 0)");
        row("k6: unknown error code", "k.json",
            "{\"type\":\"Point\",\"data\":{\"time\":\"2024-05-01T12:00:00Z\",\"value\":1,\"tags\":{\"status\":\"0\",\"error\":\"x509: unknown "
            "authority\",\"error_code\":\"1310\"}},\"metric\":\"http_reqs\"}\n",
            "k.json:1: status 0 with error_code \"1310\" and error \"x509: unknown authority\" is not a known client error (known: error_code "
            "1050 (request timeout), 1100-1101 (DNS), 1200-1213 (dial), 1220 (connection reset), or an EOF error)");
        row("k6: no status tag", "k.json",
            "{\"type\":\"Point\",\"data\":{\"time\":\"2024-05-01T12:00:00Z\",\"value\":1,\"tags\":{\"name\":\"x\"}},\"metric\":\"http_reqs\"}\n",
            "k.json:1: a request without a status tag (allowed: k6's default system tags, which include status)");
        row("k6: bad time", "k.json",
            "{\"type\":\"Point\",\"data\":{\"time\":\"noon\",\"value\":1,\"tags\":{\"status\":\"200\"}},\"metric\":\"http_reqs\"}\n",
            "k.json:1: data.time: \"noon\" is not an RFC 3339 time (allowed: as k6 writes it, e.g. 2024-05-01T12:00:00.123456789Z)");
        row("k6: no requests", "k.json",
            "{\"type\":\"Point\",\"data\":{\"time\":\"2024-05-01T12:00:00Z\",\"value\":2,\"tags\":null},\"metric\":\"vus\"}\n",
            "k.json: no requests in the file (a header or metric declarations only)");
        row("ALB: bad status", "a.log",
            "http 2024-05-01T12:00:01.0Z app/a/b 1.2.3.4:5 - -1 -1 -1 abc - 1 2 \"GET http://a:80/ HTTP/1.1\" \"-\"\n",
            "a.log:1: elb_status_code: \"abc\" is not an HTTP status (allowed: 100 to 599)");
        row("ALB: bad processing time", "a.log",
            "http 2024-05-01T12:00:01.0Z app/a/b 1.2.3.4:5 - 0.1 soon 0.0 200 200 1 2 \"GET http://a:80/ HTTP/1.1\" \"-\"\n",
            "a.log:1: field 7 (a processing time): \"soon\" is not seconds (allowed: a number ≥ 0, or -1)");
        row("ALB: truncated entry", "a.log", "http 2024-05-01T12:00:01.0Z app/a/b 1.2.3.4:5 - 0.1\n",
            "a.log:1: an ALB entry with 6 fields (allowed: at least 13, up to \"request\")");
    }
    void badInput() {
        QFETCH(QString, name);
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        QCOMPARE(error_of(text.toStdString(), name.toStdString()), message.toStdString());
    }

    // Every bad row is listed, up to 20, then counted; all files' problems together.
    void problemsAreListedThenCounted() {
        std::string text = "start,status,latency\n";
        for (int i = 0; i < 25; ++i) text += "0,nope,1\n";
        try {
            parse_observation(text, "many.csv");
            QFAIL("no error");
        } catch (const ObservationError& e) {
            QCOMPARE(e.issues().size(), std::size_t{20});
            QCOMPARE(e.more(), std::size_t{5});
            QCOMPARE(e.issues().back().line, 21);
            const std::string what = e.what();
            QVERIFY(what.ends_with("\n… and 5 more problems"));
            QCOMPARE(std::count(what.begin(), what.end(), '\n'), std::ptrdiff_t{20});
        }
        // One row with two problems reports both.
        QCOMPARE(error_of("start,status,latency\nnever,abc,1\n", "two.csv"),
                 std::string("two.csv:2: status: \"abc\" is not an HTTP status or a known client error (allowed: an HTTP status 100 to 599, "
                             "or a client error: ReadTimeout, RemoteProtocolError, ReadError, ConnectError, ConnectTimeout, no_response)\n"
                             "two.csv:2: start: \"never\" is not a time (allowed: an ISO 8601 time such as 2024-05-01T12:00:00.250Z, epoch "
                             "seconds or milliseconds, or seconds from the start)"));
    }

    void filesThatCannotBeRead() {
        const std::string dir = std::filesystem::temp_directory_path().string();
        const std::string missing = dir + "/gatetune-no-such-observation.csv";
        const std::string error = read_error({missing, sample_path("k6.json"), dir});
        QCOMPARE(error, missing + ": no such file\n" + dir + ": not a regular file");
        QCOMPARE(read_error({}), std::string("no observation files given"));
        // A bad file among good ones refuses the whole observation.
        const std::string bad = dir + "/gatetune-bad-observation.csv";
        std::ofstream(bad) << "start,status,latency\n0,200,x\n";
        QCOMPARE(read_error({sample_path("records.csv"), bad}), bad + ":2: latency: \"x\" is not a duration (allowed: seconds ≥ 0)");
        std::filesystem::remove(bad);
    }

    void timestamps_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qlonglong>("us");  // -1: not a time
        auto row = [](const char* text, qlonglong us) { QTest::newRow(text) << QString(text) << us; };
        row("1970-01-01T00:00:00Z", 0);
        row("2024-05-01T12:00:00Z", 1714564800000000);
        row("2024-05-01T12:00:00.250Z", 1714564800250000);
        row("2024-05-01T12:00:00.123456789Z", 1714564800123457);  // k6's nanoseconds, rounded
        row("2024-05-01T14:00:00+02:00", 1714564800000000);
        row("2024-05-01T07:30:00-0430", 1714564800000000);
        row("2024-05-01 12:00:00 +0000", 1714564800000000);   // gunicorn
        row("2024/05/01 12:00:00", 1714564800000000);         // JMeter's timestamp_format
        row("2024-05-01 12:00:04,117", 1714564804117000);     // Python logging
        row("2024-02-29T00:00:00Z", 1709164800000000);
        row("2023-02-29T00:00:00Z", -1);
        row("2024-05-01T24:00:00Z", -1);
        row("2024-05-01T12:00:00.Z", -1);
        row("2024-05-01T12:00:00+25:00", -1);
        row("2024-05-01X12:00:00", -1);
        row("12:00:00", -1);
    }
    void timestamps() {
        QFETCH(QString, text);
        QFETCH(qlonglong, us);
        const auto t = parse_iso_time(text.toStdString());
        QCOMPARE(t ? static_cast<qlonglong>(*t) : -1, us);
    }

    // Numbers as starts: epoch milliseconds, epoch seconds, or seconds from the start.
    void numericStarts() {
        QCOMPARE(parse_start_time("1714564800123")->us, std::int64_t{1714564800123000});
        QVERIFY(parse_start_time("1714564800123")->epoch);
        QCOMPARE(parse_start_time("1714564800.5")->us, std::int64_t{1714564800500000});
        QVERIFY(parse_start_time("1714564800.5")->epoch);
        QCOMPARE(parse_start_time("12.000001")->us, std::int64_t{12000001});
        QVERIFY(!parse_start_time("12.5")->epoch);
        QVERIFY(!parse_start_time("-1"));
        QVERIFY(!parse_start_time("nan"));
    }

    // The table: unique ids, a meaning for each, text rows matchable and load balancer rows not.
    void signatureTableIsWellFormed() {
        std::set<std::string_view> ids;
        for (const Signature& s : signature_table()) {
            QVERIFY2(ids.insert(s.id).second, std::string(s.id).c_str());
            QVERIFY2(!s.meaning.empty(), std::string(s.id).c_str());
            QVERIFY2(s.where != 0, std::string(s.id).c_str());
            const bool load_balancer = s.where == kFromLoadBalancer;
            QVERIFY2(load_balancer == (s.all_of.empty() && s.any_of.empty()), std::string(s.id).c_str());
            for (const sim::Cause c : s.causes) QVERIFY(c != sim::Cause::Ok && c != sim::Cause::Count);
            QCOMPARE(find_signature(s.id), &s);
        }
        QVERIFY(!find_signature("no_such_signature"));
    }

    // Texts quoted from the real components, and where each applies.
    void signatureMatching_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("where");
        QTest::addColumn<QString>("id");
        auto row = [](const char* text, int where, const char* id) { QTest::newRow(text) << QString::fromUtf8(text) << where << QString(id); };
        row("[2024-05-01 12:01:05 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:8)", kInLog, "worker_timeout");
        row("[2024-05-01 12:01:06 +0000] [1] [ERROR] Worker (pid:8) was sent SIGKILL! Perhaps out of memory?", kInLog, "worker_sigkill");
        row("[2024-05-01 12:01:06 +0000] [1] [ERROR] Worker (pid:8) exited with code 1.", kInLog, "worker_exit_code");
        row("[2024-05-01 12:05:00 +0000] [1] [INFO] Handling signal: term", kInLog, "master_signal");
        row("TCP: request_sock_TCP: Possible SYN flooding on port 8000. Sending cookies.", kInLog, "listen_queue_overflow");
        row("asyncpg.exceptions.TooManyConnectionsError: remaining connection slots are reserved for roles with the SUPERUSER attribute",
            kInLog, "too_many_clients");
        row("sqlalchemy.exc.IntegrityError: (sqlalchemy.dialects.postgresql.asyncpg.IntegrityError) duplicate key value violates unique "
            "constraint", kInLog, "unique_violation");
        row("httpx.HTTPStatusError: Server error '503 Service Unavailable' for url 'http://router/v1/chat/completions'", kInLog,
            "upstream_server_error");
        row("httpx.RemoteProtocolError: Server disconnected without sending a response.", kInLog, "server_disconnected");
        row("httpx.ReadError", kInLog, "connection_reset");
        row("ReadTimeout", kInServerError, "upstream_read_timeout");
        row("ReadTimeout", kInClientError, "client_timeout");
        row("RemoteProtocolError", kInServerError, "upstream_disconnected");
        row("RemoteProtocolError", kInClientError, "client_disconnected");
        row("httpx.ConnectTimeout", kInClientError, "client_connect_timeout");
        row("TimeoutError", kInServerError, "");
        row("[2024-05-01 12:00:00 +0000] [1] [INFO] Using worker: uvicorn.workers.UvicornWorker", kInLog, "");
    }
    void signatureMatching() {
        QFETCH(QString, text);
        QFETCH(int, where);
        QFETCH(QString, id);
        const std::string t = text.toStdString();
        const Signature* s = where == kInLog ? match_log_line(t) : match_error_text(t, where == kInServerError);
        QCOMPARE(s ? std::string(s->id) : std::string(), id.toStdString());
    }

    // A traceback with its chained exceptions is one event; separate records count separately.
    void evidenceCountsOncePerRecord() {
        const Observation o = parse_observation("2024-05-01 12:00:00,001 ERROR [app] failed\n"
                                                "Traceback (most recent call last):\n"
                                                "  File \"x.py\", line 1, in f\n"
                                                "httpcore.ReadTimeout\n"
                                                "\n"
                                                "The above exception was the direct cause of the following exception:\n"
                                                "\n"
                                                "Traceback (most recent call last):\n"
                                                "  File \"y.py\", line 2, in g\n"
                                                "httpx.ReadTimeout\n"
                                                "2024-05-01 12:00:01,001 ERROR [app] failed again\n"
                                                "httpx.ReadTimeout\n"
                                                "httpx.ReadTimeout: timed out\n",
                                                "app.log");
        QCOMPARE(o.evidence.size(), std::size_t{1});
        QCOMPARE(o.evidence.front().count, std::uint64_t{3});
        QCOMPARE(o.evidence.front().first_source, std::string("app.log:4"));
        QCOMPARE(o.evidence.front().example, std::string("httpcore.ReadTimeout"));
    }

    // Access lines in each layout they are written in: uvicorn's own (coloured on a TTY), uvicorn's
    // through gunicorn's handlers, and gunicorn's access log (sync and gthread workers).
    void accessLines() {
        const Observation o = parse_observation(
            "INFO:     \x1b[1m172.18.0.5:51234\x1b[0m - \"POST /v1/chat/completions HTTP/1.1\" \x1b[31m500 Internal Server Error\x1b[0m\n"
            "[2024-05-01 12:00:00 +0000] [7] [INFO] 10.0.0.9:40000 - \"POST /v1/chat/completions HTTP/1.1\" 200\n"
            "10.0.0.7 - - [01/May/2024:12:00:00 +0000] \"POST /v1/chat/completions HTTP/1.1\" 502 21 \"-\" \"python-httpx/0.23.3\"\n"
            "10.0.0.8 - alice [01/May/2024:12:00:01 +0000] \"GET /health HTTP/1.1\" 200 2 \"-\" \"curl/8.0\"\n"
            "INFO:     Shutting down - \"not a request\" 200\n",
            "access.log");
        QCOMPARE(test::describe(o), std::string("#0 t=- lat=- 500/500 cause=- sig=- s=172.18.0.5 c=0 tok=-/- @access.log:1\n"
                                                "#1 t=- lat=- 200/200 cause=- sig=- s=10.0.0.9 c=0 tok=-/- @access.log:2\n"
                                                "#2 t=- lat=- 502/502 cause=- sig=- s=10.0.0.7 c=0 tok=-/- @access.log:3\n"
                                                "#3 t=- lat=- 200/200 cause=- sig=- s=10.0.0.8 c=0 tok=-/- @access.log:4\n"
                                                "note: access.log: 4 requests from access lines: status and client only (no start time, no latency)\n"
                                                "note: requests without a start time or order: kept in the order they were read\n"));
    }

    // Examples are cut at 200 bytes without splitting a character.
    void examplesAreTrimmed() {
        std::string line = "WORKER TIMEOUT (pid:1) ";
        while (line.size() < 199) line += "x";
        line += "éééé";  // bytes 199 and 200 are one character: the cut at 200 goes back before it
        const Observation o = parse_observation(line + "\n", "g.log");
        const std::string& example = o.evidence.front().example;
        QCOMPARE(example.size(), std::size_t{199});
        QVERIFY(example.ends_with("x"));
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestObservation)
#include "test_observation.moc"
