// Reports of a hand-built RunResult: the cause/phase vocabulary, JSON shape and counts, CSV rows
// and quoting, aligned text tables, and byte-identical output when written twice.
#include "qtest_suite.hpp"

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/outcome.hpp"
#include "sim/report.hpp"
#include "sim/run_result.hpp"
#include "sim/text_table.hpp"

using namespace gatetune;
using namespace gatetune::sim;
using engine::kMillisecond;
using engine::kSecond;

namespace {

RequestRecord make_record(std::uint64_t id, int user, int call, SimTime start, SimTime end, int http,
                          ClientError err, Cause cause) {
    RequestRecord rec;
    rec.id = id;
    rec.user = user;
    rec.call = call;
    rec.input_tokens = call == 0 ? 664 : 2280;
    rec.output_tokens = call == 0 ? 2 : 55;
    rec.worker = 0;
    rec.attempts = cause == Cause::Ok ? 1 : 0;
    rec.start = start;
    rec.end = end;
    rec.http_status = http;
    rec.client_error = err;
    rec.cause = cause;
    rec.phases[static_cast<std::size_t>(Phase::Cpu)] = kMillisecond;
    return rec;
}

// Five requests (two calls of a two-user session plus one open-loop arrival), summary fields
// filled from them the way the model does, a short time series and one explanation.
RunResult make_result() {
    // RunResult's default timeseries{1'000'000, {}} throws (TimeSeries needs a column), so
    // replace it in the initializer; the other members keep their defaults on purpose.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
    RunResult r{.timeseries = engine::TimeSeries(kSecond, {"in_flight", "db_waiting"})};
#pragma GCC diagnostic pop
    r.preset = "02b_pool_exhaustion_no_keepalive";
    r.seed = 42;
    r.version = "0.1.0";
    r.duration = 4 * kSecond;

    auto ok = make_record(1, 0, 0, 0, 1'500'000, 200, ClientError::None, Cause::Ok);
    ok.phases[static_cast<std::size_t>(Phase::Ttft)] = 1'200'000;
    r.records = {
        ok,
        make_record(2, 1, 0, 0, 1'000'123, 500, ClientError::None, Cause::DbPoolTimeout),
        make_record(3, 0, 1, 1'500'000, 3'500'000, 0, ClientError::RemoteProtocolError, Cause::WorkerKilled),
        make_record(4, 1, 1, 1'000'123, 3'000'000, 200, ClientError::None, Cause::Ok),
        make_record(5, -1, -1, 2'000'000, 2'000'500, 503, ClientError::None, Cause::ConcurrencyLimit),
    };
    r.calls.resize(2);
    for (int c = 0; c < 2; ++c) {
        r.calls[static_cast<std::size_t>(c)].call = c;
        r.calls[static_cast<std::size_t>(c)].input_tokens = c == 0 ? 664 : 2280;
        r.calls[static_cast<std::size_t>(c)].output_tokens = c == 0 ? 2 : 55;
        r.calls[static_cast<std::size_t>(c)].cumulative_tokens = c == 0 ? 666 : 3001;
    }
    for (const RequestRecord& rec : r.records) {
        ++r.requests;
        ++r.by_status[status_label(rec)];
        ++r.by_cause[static_cast<std::size_t>(rec.cause)];
        r.latency.record(rec.latency());
        r.latency_by_status[status_label(rec)].record(rec.latency());
        if (rec.call >= 0) {
            CallRow& row = r.calls[static_cast<std::size_t>(rec.call)];
            ++row.requests;
            ++row.by_status[status_label(rec)];
            ++row.by_cause[std::string(to_string(rec.cause))];
            row.latency.record(rec.latency());
        }
    }
    r.peaks = Peaks{5, 2, {2}, 3, 1, 2, 0};
    r.worker_timeouts = 1;
    r.worker_boots = 2;
    r.upstream_calls = 3;
    r.upstream_abandoned = 1;
    r.engine_events = 1234;
    r.explanations.push_back(
        {Cause::DbPoolTimeout, 2,
         "Request 2 waited 1.000 s for a QueuePool connection: both of the worker's 2 pool connections "
         "were checked out by requests awaiting the upstream, and max_overflow is 0, so SQLAlchemy "
         "raised TimeoutError after pool_timeout."});
    const std::vector<std::vector<double>> samples{{1, 0}, {4, 2}, {2, 0.5}};
    for (std::size_t i = 0; i < samples.size(); ++i) {
        r.timeseries.record(static_cast<SimTime>(i) * kSecond, samples[i]);
    }
    return r;
}

std::string render(const RunResult& r, ReportFormat f) {
    std::ostringstream out;
    write_report(out, r, f);
    return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// The lines of the text section titled `title` (up to the next blank line).
std::vector<std::string> section_lines(const std::string& text, const std::string& title) {
    const auto all = lines_of(text);
    std::vector<std::string> out;
    bool in = false;
    for (const auto& line : all) {
        if (in && line.empty()) break;
        if (in) out.push_back(line);
        if (line == title) in = true;
    }
    return out;
}

}  // namespace

class TestReport : public QObject {
    Q_OBJECT

private slots:
    void causeNamesAreDistinctAndRoundTrip() {
        std::set<std::string_view> names;
        for (std::size_t i = 0; i < kCauseCount; ++i) {
            const auto c = static_cast<Cause>(i);
            const std::string_view name = to_string(c);
            QVERIFY(!name.empty());
            QVERIFY(!info(c).summary.empty());
            QVERIFY(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos);
            QVERIFY(names.insert(name).second);
            Cause back = Cause::Count;
            QVERIFY(parse_cause(name, back));
            QCOMPARE(back, c);
        }
        QCOMPARE(names.size(), kCauseCount);
        Cause unchanged = Cause::UpstreamError;
        QVERIFY(!parse_cause("TimeoutError", unchanged));
        QVERIFY(!parse_cause("", unchanged));
        QCOMPARE(unchanged, Cause::UpstreamError);

        QCOMPARE(to_string(Cause::Ok), std::string_view("ok"));
        QCOMPARE(to_string(Cause::DbPoolTimeout), std::string_view("db_pool_timeout"));
        QCOMPARE(to_string(Cause::SessionCreateRace), std::string_view("session_create_race"));
        QVERIFY(info(Cause::DbPoolTimeout).summary.find("QueuePool limit of size") != std::string_view::npos);
        QVERIFY(info(Cause::DbTooManyClients).summary.find("sorry, too many clients already") !=
                std::string_view::npos);
        QVERIFY(info(Cause::WorkerKilled).summary.find("WORKER TIMEOUT") != std::string_view::npos);
    }

    void phaseAndClientErrorNames() {
        std::set<std::string_view> names;
        for (std::size_t i = 0; i < kPhaseCount; ++i) {
            const std::string_view name = to_string(static_cast<Phase>(i));
            QVERIFY(!name.empty());
            QVERIFY(names.insert(name).second);
        }
        QCOMPARE(to_string(Phase::WorkerWait), std::string_view("worker_wait"));
        QCOMPARE(to_string(Phase::HttpPoolWait), std::string_view("http_pool_wait"));
        QCOMPARE(to_string(Phase::Retry), std::string_view("retry"));
        QCOMPARE(to_string(ClientError::None), std::string_view(""));
        QCOMPARE(to_string(ClientError::ReadError), std::string_view("ReadError"));
    }

    void statusLabels() {
        RequestRecord rec;
        rec.http_status = 200;
        QCOMPARE(status_label(rec), std::string("200"));
        rec.http_status = 502;
        QCOMPARE(status_label(rec), std::string("502"));
        rec.http_status = 0;
        rec.client_error = ClientError::RemoteProtocolError;
        QCOMPARE(status_label(rec), std::string("RemoteProtocolError"));
        rec.client_error = ClientError::ConnectTimeout;
        QCOMPARE(status_label(rec), std::string("ConnectTimeout"));
        rec.client_error = ClientError::ReadTimeout;
        rec.cause = Cause::ClientTimeout;
        QCOMPARE(outcome_key(rec), std::string("ReadTimeout:client_timeout"));
    }

    void throughputAndFormats() {
        RunResult r = make_result();
        QCOMPARE(r.throughput(), 5.0 / 4.0);
        r.duration = 0;
        QCOMPARE(r.throughput(), 0.0);

        ReportFormat f = ReportFormat::Text;
        QVERIFY(parse_report_format("json", f));
        QCOMPARE(f, ReportFormat::Json);
        QVERIFY(parse_report_format("csv", f));
        QCOMPARE(f, ReportFormat::Csv);
        QVERIFY(!parse_report_format("JSON", f));
        QCOMPARE(f, ReportFormat::Csv);
        QVERIFY(parse_report_format(to_string(ReportFormat::Text), f));
        QCOMPARE(f, ReportFormat::Text);
    }

    void jsonShapeAndCounts() {
        const RunResult r = make_result();
        const nlohmann::json j = report_json(r);
        std::set<std::string> keys;
        for (const auto& [k, v] : j.items()) keys.insert(k);
        const std::set<std::string> want{"preset", "seed", "version", "mode", "summary",
                                         "calls", "explanations", "requests", "timeseries"};
        QVERIFY(keys == want);
        QCOMPARE(j["preset"].get<std::string>(), r.preset);
        QCOMPARE(j["seed"].get<std::uint64_t>(), 42u);
        QCOMPARE(j["mode"].get<std::string>(), std::string("simulation"));

        const auto& s = j["summary"];
        for (const char* k : {"requests", "by_status", "by_cause", "latency_s", "latency_by_status_s",
                              "error_rate", "throughput_rps", "duration_s", "peaks", "worker_timeouts",
                              "worker_boots", "upstream_calls", "upstream_abandoned", "engine_events"}) {
            QVERIFY2(s.contains(k), k);
        }
        QCOMPARE(s["requests"].get<int>(), 5);
        QCOMPARE(s["by_status"]["200"].get<int>(), 2);
        QCOMPARE(s["by_status"]["RemoteProtocolError"].get<int>(), 1);
        QCOMPARE(s["by_cause"].size(), std::size_t{4});  // only non-zero causes
        QCOMPARE(s["by_cause"]["ok"].get<int>(), 2);
        QCOMPARE(s["by_cause"]["db_pool_timeout"].get<int>(), 1);
        QVERIFY(!s["by_cause"].contains("upstream_error"));
        QCOMPARE(s["error_rate"].get<double>(), 0.6);
        QCOMPARE(s["duration_s"].get<double>(), 4.0);
        QCOMPARE(s["latency_s"]["max"].get<double>(), 2.0);
        QCOMPARE(s["latency_s"]["n"].get<int>(), 5);
        QCOMPARE(s["latency_by_status_s"]["500"]["p50"].get<double>(), 1.000123);
        QCOMPARE(s["peaks"]["db_checked_out_per_worker"][0].get<int>(), 2);
        QCOMPARE(s["engine_events"].get<int>(), 1234);

        QCOMPARE(j["calls"].size(), std::size_t{2});
        const auto& c0 = j["calls"][0];
        QCOMPARE(c0["call"].get<int>(), 0);
        QCOMPARE(c0["by_status"]["200"].get<int>(), 1);
        QCOMPARE(c0["by_status"]["500:db_pool_timeout"].get<int>(), 1);
        QCOMPARE(c0["main_failing_cause"].get<std::string>(), std::string("db_pool_timeout"));
        QCOMPARE(j["calls"][1]["by_status"]["RemoteProtocolError:worker_killed"].get<int>(), 1);

        QCOMPARE(j["explanations"].size(), std::size_t{1});
        QCOMPARE(j["explanations"][0]["cause"].get<std::string>(), std::string("db_pool_timeout"));
        QCOMPARE(j["explanations"][0]["request_id"].get<int>(), 2);

        QCOMPARE(j["requests"].size(), r.records.size());
        const auto& q0 = j["requests"][0];
        QCOMPARE(q0["status"].get<std::string>(), std::string("200"));
        QVERIFY(q0["client_error"].is_null());
        QCOMPARE(q0["phases_s"].size(), std::size_t{2});  // only non-zero phases
        QCOMPARE(q0["phases_s"]["ttft"].get<double>(), 1.2);
        QCOMPARE(q0["latency_s"].get<double>(), 1.5);
        const auto& q2 = j["requests"][2];
        QCOMPARE(q2["client_error"].get<std::string>(), std::string("RemoteProtocolError"));
        QCOMPARE(q2["cause"].get<std::string>(), std::string("worker_killed"));
        QCOMPARE(q2["http_status"].get<int>(), 0);

        const auto& ts = j["timeseries"];
        QCOMPARE(ts["interval_s"].get<double>(), 1.0);
        QCOMPARE(ts["columns"].size(), std::size_t{2});
        QCOMPARE(ts["t_s"].size(), std::size_t{3});
        QCOMPARE(ts["rows"].size(), std::size_t{3});
        QCOMPARE(ts["rows"][1][1].get<double>(), 2.0);  // row-major
        QCOMPARE(ts["layout"].get<std::string>(), std::string("row-major"));
    }

    void jsonParsesBack() {
        const RunResult r = make_result();
        const std::string text = render(r, ReportFormat::Json);
        const auto parsed = nlohmann::json::parse(text);
        QVERIFY(parsed == report_json(r));
        QCOMPARE(parsed["summary"]["requests"].get<int>(), 5);
    }

    void callOutcomesWithoutRecords() {
        RunResult r = make_result();
        r.records.clear();
        const auto c0 = call_outcomes(r, r.calls[0]);  // one failing cause: key gets it
        QCOMPARE(c0.at("500:db_pool_timeout"), 1u);
        QCOMPARE(c0.at("200"), 1u);
        CallRow mixed = r.calls[0];
        mixed.by_status["502"] = 1;
        mixed.by_cause["lb_target_closed"] = 1;
        const auto m = call_outcomes(r, mixed);  // two failing causes: plain labels, no guessing
        QCOMPARE(m.at("500"), 1u);
        QCOMPARE(m.at("502"), 1u);
        QCOMPARE(format_counts(r.calls[0].by_status), std::string("200×1 500×1"));
    }

    void csvRowsAndQuoting() {
        const RunResult r = make_result();
        const auto lines = lines_of(render(r, ReportFormat::Csv));
        QCOMPARE(lines.size(), r.records.size() + 1);
        QVERIFY(lines[0].rfind("id,user,call,start_s,end_s,latency_s,status,cause,worker,attempts,"
                               "input_tokens,output_tokens,worker_wait_s,cpu_s,",
                               0) == 0);
        const auto commas = [](const std::string& l) { return std::count(l.begin(), l.end(), ','); };
        for (const auto& line : lines) QCOMPARE(commas(line), static_cast<long>(11 + kPhaseCount));
        QVERIFY(lines[2].rfind("2,1,0,0.000000,1.000123,1.000123,500,db_pool_timeout,0,0,664,2,", 0) == 0);
        QVERIFY(lines[5].rfind("5,-1,-1,", 0) == 0);

        QCOMPARE(csv_field("plain"), std::string("plain"));
        QCOMPARE(csv_field("a,b"), std::string("\"a,b\""));
        QCOMPARE(csv_field("say \"hi\""), std::string("\"say \"\"hi\"\"\""));
        QCOMPARE(csv_field("two\nlines"), std::string("\"two\nlines\""));
        QCOMPARE(csv_field(""), std::string(""));
    }

    void textTablesAligned() {
        const RunResult r = make_result();
        const std::string text = render(r, ReportFormat::Text);
        QVERIFY(text.rfind("Gatetune report: preset 02b_pool_exhaustion_no_keepalive, seed 42, version "
                           "0.1.0, simulation, 4.000 s simulated\n",
                           0) == 0);

        // Every line of a table whose last column is right-aligned has the same width.
        for (const char* title : {"Requests by status", "Latency (s)", "Peaks and counters"}) {
            const auto lines = section_lines(text, title);
            QVERIFY2(lines.size() >= 3, title);
            for (const auto& line : lines) QCOMPARE(display_width(line), display_width(lines[0]));
        }
        const auto status = section_lines(text, "Requests by status");
        QCOMPARE(status[0], std::string("  status               requests     %"));
        QCOMPARE(status[2], std::string("  200                         2  40.0"));

        const auto calls = section_lines(text, "Per call of the session script");
        QCOMPARE(calls.size(), std::size_t{4});  // header, rule, two calls
        QVERIFY(calls[0].find("main failing cause") != std::string::npos);
        QVERIFY(calls[2].rfind("     1    664       2         666         2  200×1 500×1   ", 0) == 0);
        // The p50 is the histogram's (bucket midpoint, within 0.4 %), not the exact 1.000123 s.
        const std::string tail = format_seconds(r.calls[0].latency.percentile(50)) + "  db_pool_timeout";
        QVERIFY(calls[2].size() > tail.size());
        QCOMPARE(calls[2].substr(calls[2].size() - tail.size()), tail);
        // The cause starts in the column of its header.
        const auto column_of = [](const std::string& line, const std::string& what) {
            return display_width(line.substr(0, line.find(what)));
        };
        QCOMPARE(column_of(calls[2], "db_pool_timeout"), column_of(calls[0], "main failing cause"));
        QCOMPARE(column_of(calls[3], "worker_killed"), column_of(calls[0], "main failing cause"));
        QVERIFY(calls[3].find("200×1 RemoteProtocolError×1") != std::string::npos);
        QVERIFY(calls[3].find("worker_killed") != std::string::npos);

        const auto why = section_lines(text, "Why requests failed");
        QVERIFY(why.size() >= 2);  // wrapped
        QVERIFY(why[0].rfind("  db_pool_timeout (first seen in request 2): Request 2", 0) == 0);
        for (const auto& line : why) QVERIFY(display_width(line) <= 100);

        QVERIFY(text.find("throughput (req/s)") != std::string::npos);
        QVERIFY(text.find("\n  db_pool_timeout: sqlalchemy.exc.TimeoutError: QueuePool limit") != std::string::npos);
        // Prose (cause meanings, explanations) wraps at 100 columns; only the header line and
        // wide tables may be longer, and this fixture has no wide table.
        const auto all = lines_of(text);
        for (std::size_t i = 1; i < all.size(); ++i) QVERIFY(display_width(all[i]) <= 100);
        QVERIFY(text.find("concurrency_limit") != std::string::npos);
    }

    void outputIsByteIdentical() {
        const RunResult a = make_result();
        const RunResult b = make_result();
        for (const auto f : {ReportFormat::Text, ReportFormat::Json, ReportFormat::Csv}) {
            const std::string first = render(a, f);
            QVERIFY(!first.empty());
            QCOMPARE(render(a, f), first);
            QCOMPARE(render(b, f), first);
        }
    }

    void textTableHelper() {
        TextTable t({{"name", Align::Left}, {"n", Align::Right}});
        t.add_row({"a×b", "7"});
        t.add_row({"long name", "1234"});
        t.add_rule();
        t.add_row({"x"});  // padded with an empty cell
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, t.add_row({"1", "2", "3"}));
        QCOMPARE(t.str(""), std::string("name          n\n"
                                        "---------  ----\n"
                                        "a×b           7\n"
                                        "long name  1234\n"
                                        "---------  ----\n"
                                        "x\n"));
        TextTable kv({{"", Align::Left}, {"", Align::Right}});
        kv.add_row({"k", "1"});
        QCOMPARE(kv.str(), std::string("  k  1\n"));  // no header, no rule

        QCOMPARE(display_width("200×38"), std::size_t{6});
        QCOMPARE(wrap_text("aa bb cc dd", 7, "  "), std::string("  aa bb\n  cc dd\n"));
        QCOMPARE(wrap_text("averyveryverylongword x", 8), std::string("averyveryverylongword\nx\n"));
        QCOMPARE(wrap_text("   ", 10), std::string());
        QCOMPARE(wrap_text("k: aa bb  cc", 8, " ", 2), std::string(" k: aa\n   bb cc\n"));
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestReport)
#include "test_report.moc"
