// The load generator against a scripted HTTP server on loopback: what it sends (bodies, keys,
// connections), when it sends it (sessions, open-loop schedule kept while the server is slow,
// time scale), and how every outcome is recorded (timeouts, refused and dropped connections,
// the O1 close after a 500, gateway headers, SSE streams), through the shared report writers.
#include "qtest_suite.hpp"

#include <atomic>
#include <cmath>
#include <sstream>

#include "app/live/load/load_run.hpp"
#include "app/live/load/load_target.hpp"
#include "engine/random.hpp"
#include "live/scripted_gateway.hpp"
#include "qtest_std_string.hpp"
#include "sim/arrival_schedule.hpp"
#include "sim/report.hpp"

using namespace gatetune;
using namespace test_live;
using sim::Cause;
using sim::ClientError;

namespace {

sim::Config sessions(int users, int repeats) {
    sim::Config cfg;
    cfg.name = "test-load";
    cfg.workload.kind = sim::WorkloadKind::Sessions;
    cfg.workload.users = users;
    cfg.workload.repeats = repeats;
    cfg.workload.calls = {{5, 2}, {7, 3}};
    cfg.workload.api_keys = 2;
    cfg.workload.client_timeout = 5;
    return cfg;
}

live::LoadOutcome load(const sim::Config& cfg, const std::string& url, double scale = 1.0,
                       std::function<bool()> stop = {}) {
    live::LoadOptions o;
    o.target = url;
    o.api_keys = {"key-a", "key-b"};
    o.time_scale = scale;
    o.stop_requested = std::move(stop);
    return live::run_load(cfg, o);
}

double seconds(engine::SimTime t) { return engine::to_seconds(t); }

// Every record (the test runs keep them) has this outcome.
bool all_end_as(const sim::RunResult& r, int status, Cause cause, ClientError err) {
    for (const auto& rec : r.records)
        if (rec.http_status != status || rec.cause != cause || rec.client_error != err) return false;
    return !r.records.empty();
}

}  // namespace

class TestLoadGenerator : public QObject {
    Q_OBJECT

private slots:
    void sessions_send_the_script_on_kept_alive_connections() {
        ScriptedGateway gw([](const Seen&) { return Reply{}; });
        const auto out = load(sessions(3, 2), gw.url());
        const sim::RunResult& r = out.result;
        QCOMPARE(r.mode, std::string("live"));
        QCOMPARE(r.requests, std::uint64_t{12});
        QCOMPARE(r.by_status.at("200"), std::uint64_t{12});
        QCOMPARE(r.calls.size(), std::size_t{2});
        QCOMPARE(r.calls[1].requests, std::uint64_t{6});
        QCOMPARE(gw.connections(), 3);  // one keep-alive connection per user
        const auto seen = gw.seen();
        QCOMPARE(seen.size(), std::size_t{12});
        for (const Seen& s : seen) {
            const std::string user = s.body["user"].get<std::string>();
            const int u = std::stoi(user.substr(5));
            QCOMPARE(user.substr(0, 5), std::string("user-"));
            QCOMPARE(s.authorization, std::string(u % 2 == 0 ? "Bearer key-a" : "Bearer key-b"));
            QVERIFY(s.prompt_words == 5 || s.prompt_words == 7);
            QCOMPARE(s.body["max_tokens"].get<int>(), s.prompt_words == 5 ? 2 : 3);
            QCOMPARE(s.body["model"].get<std::string>(), std::string("gatetune-mock"));
            QCOMPARE(s.body["stream"].get<bool>(), false);
        }
        // Without the gateway's cause header the status decided (and the run says so).
        QCOMPARE(out.cause_from_status, std::uint64_t{12});
    }

    void no_keepalive_means_a_connection_per_call() {
        ScriptedGateway gw([](const Seen&) { return Reply{}; });
        sim::Config cfg = sessions(2, 1);
        cfg.workload.keepalive = false;
        const auto out = load(cfg, gw.url());
        QCOMPARE(out.result.requests, std::uint64_t{4});
        QCOMPARE(gw.connections(), 4);
        for (const Seen& s : gw.seen()) QVERIFY(!s.keep_alive);
    }

    // A slow server must not slow the senders down: every arrival is sent at its instant.
    void open_loop_keeps_its_schedule_while_the_server_is_slow() {
        ScriptedGateway gw([](const Seen&) {
            Reply r;
            r.delay = Ms(400);
            return r;
        });
        sim::Config cfg;
        cfg.workload.kind = sim::WorkloadKind::Open;
        cfg.workload.rate = 40;
        cfg.workload.duration = 1.0;
        cfg.workload.calls = {{3, 1}};
        cfg.workload.api_keys = 3;
        const auto plan = sim::open_loop_arrivals(cfg.workload, engine::RngStreams(cfg.simulation.seed));
        QVERIFY(plan.size() > 20);
        const auto t0 = Clock::now();
        const auto out = load(cfg, gw.url());
        const auto seen = gw.seen();
        QCOMPARE(seen.size(), plan.size());
        QCOMPARE(out.result.requests, plan.size());
        QCOMPARE(gw.connections(), static_cast<int>(plan.size()));  // each on its own connection
        std::vector<double> sent;
        for (const Seen& s : seen) sent.push_back(std::chrono::duration<double>(s.at - t0).count());
        std::sort(sent.begin(), sent.end());
        // A sender that waited for answers would fall behind by the server's 400 ms per answer
        // awaited; the allowance is half of one, for a machine busy enough (sanitizers, a build
        // beside the tests) to deliver a send late by a scheduling quantum or more.
        for (std::size_t i = 0; i < plan.size(); ++i) {
            const double due = seconds(plan[i].at);
            QVERIFY2(std::fabs(sent[i] - due) < 0.2, (std::to_string(i) + ": sent " + std::to_string(sent[i]) +
                                                        " s, due " + std::to_string(due) + " s").c_str());
        }
        QVERIFY(seconds(out.result.latency.min()) >= 0.39);
        QVERIFY(out.result.peaks.in_flight >= 10);  // many outstanding at once: no waiting for responses
        for (const auto& rec : out.result.records) QCOMPARE(rec.user, -1);
    }

    void client_timeout() {
        ScriptedGateway gw([](const Seen&) {
            Reply r;
            r.delay = Ms(600);
            return r;
        });
        sim::Config cfg = sessions(1, 1);
        cfg.workload.calls = {{1, 1}};
        cfg.workload.client_timeout = 0.15;
        const auto out = load(cfg, gw.url());
        QVERIFY(all_end_as(out.result, 0, Cause::ClientTimeout, ClientError::ReadTimeout));
        const double latency = seconds(out.result.records[0].latency());
        QVERIFY2(latency >= 0.15 && latency < 0.4, std::to_string(latency).c_str());
        QCOMPARE(out.result.by_status.at("ReadTimeout"), std::uint64_t{1});
    }

    void connection_refused() {
        unsigned short port = 0;
        {
            asio::io_context ioc;
            tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
            port = a.local_endpoint().port();
        }  // closed: nobody listens there now
        const auto out = load(sessions(1, 1), "http://127.0.0.1:" + std::to_string(port));
        QCOMPARE(out.result.requests, std::uint64_t{2});
        QVERIFY(all_end_as(out.result, 0, Cause::BacklogFull, ClientError::ConnectError));
    }

    // The worker died with the request: the connection closes without a response.
    void dropped_connection_is_worker_killed() {
        ScriptedGateway gw([](const Seen&) {
            Reply r;
            r.drop = true;
            return r;
        });
        const auto out = load(sessions(1, 1), gw.url());
        QVERIFY(all_end_as(out.result, 0, Cause::WorkerKilled, ClientError::RemoteProtocolError));
        QCOMPARE(out.result.by_status.at("RemoteProtocolError"), std::uint64_t{2});
    }

    // Behind the ALB, a reused connection closed at once without a response is the ALB's idle
    // close crossing the request (the ALB answers a target's failure with its own 502); direct to
    // the gateway, the same drop is a worker that died.
    void reused_connection_closed_at_once_behind_the_alb_is_its_idle_close() {
        for (const bool alb : {true, false}) {
            std::atomic<int> n{0};
            ScriptedGateway gw([&n](const Seen&) {
                Reply r;
                r.drop = n++ > 0;
                return r;
            });
            sim::Config cfg = sessions(1, 1);
            cfg.load_balancer.enabled = alb;
            const auto out = load(cfg, gw.url());
            QCOMPARE(out.result.records.size(), std::size_t{2});
            const auto& second = out.result.records.at(1);
            QCOMPARE(out.result.records.at(0).http_status, 200);
            QCOMPARE(second.cause, alb ? Cause::LbClientIdleClose : Cause::WorkerKilled);
            QCOMPARE(second.client_error, ClientError::RemoteProtocolError);
        }
    }

    void gateway_headers_give_cause_worker_attempts_and_phases() {
        ScriptedGateway gw([](const Seen&) {
            Reply r;
            r.status = 500;
            r.headers = {{"x-gatetune-cause", "db_pool_timeout"},
                         {"x-gatetune-worker", "3"},
                         {"x-gatetune-attempts", "2"},
                         {"server-timing", R"(db_pool_wait;dur=120.5;desc="pool, waited", cpu;dur=1.5, nonsense;dur=9)"}};
            r.body = R"({"error":{"message":"QueuePool limit","type":"server_error","code":"db_pool_timeout"}})";
            return r;
        });
        sim::Config cfg = sessions(1, 1);
        cfg.workload.calls = {{1, 1}};
        const auto out = load(cfg, gw.url(), 0.5);
        QVERIFY(all_end_as(out.result, 500, Cause::DbPoolTimeout, ClientError::None));
        const auto& rec = out.result.records[0];
        QCOMPARE(rec.worker, 3);
        QCOMPARE(rec.attempts, 2);
        // Wall milliseconds ÷ the time scale: preset microseconds.
        QCOMPARE(rec.phases[static_cast<std::size_t>(sim::Phase::DbPoolWait)], engine::SimTime{241'000});
        QCOMPARE(rec.phases[static_cast<std::size_t>(sim::Phase::Cpu)], engine::SimTime{3'000});
        QCOMPARE(out.cause_from_status, std::uint64_t{0});
    }

    void error_body_code_without_cause_header() {
        ScriptedGateway gw([](const Seen&) {
            Reply r;
            r.status = 500;
            r.body = R"({"error":{"message":"x","type":"server_error","code":"http_pool_timeout"}})";
            return r;
        });
        sim::Config cfg = sessions(1, 1);
        cfg.workload.calls = {{1, 1}};
        const auto out = load(cfg, gw.url());
        QVERIFY(all_end_as(out.result, 500, Cause::HttpPoolTimeout, ClientError::None));
    }

    // O1: the next call on the kept-alive connection goes out before uvicorn's close arrives.
    void request_racing_the_close_after_a_500_is_read_error() {
        std::atomic<int> n{0};
        ScriptedGateway gw([&n](const Seen&) {
            Reply r;
            if (n++ == 0) {
                r.status = 500;
                r.headers = {{"x-gatetune-cause", "upstream_error"}};
                r.close_after = Ms(100);
            }
            return r;
        });
        const auto out = load(sessions(1, 1), gw.url());
        QCOMPARE(out.result.requests, std::uint64_t{2});
        std::vector<sim::RequestRecord> recs = out.result.records;
        std::sort(recs.begin(), recs.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
        QCOMPARE(recs[0].cause, Cause::UpstreamError);
        QCOMPARE(recs[1].cause, Cause::ClosedAfterError);
        QCOMPARE(recs[1].client_error, ClientError::ReadError);
    }

    // After the close arrived, the client opens a new connection instead (httpcore's check).
    void closed_idle_connection_is_replaced() {
        std::atomic<int> n{0};
        ScriptedGateway gw([&n](const Seen&) {
            Reply r;
            if (n++ == 0) {
                r.status = 500;
                r.close_after = Ms(0);
            }
            return r;
        });
        sim::Config cfg = sessions(1, 1);
        cfg.workload.think_time = engine::Distribution::constant(0.2);
        const auto out = load(cfg, gw.url());
        QCOMPARE(out.result.by_status.at("200"), std::uint64_t{1});
        QCOMPARE(out.result.by_status.at("500"), std::uint64_t{1});
        QCOMPARE(gw.connections(), 2);
    }

    void sse_stream_to_done() {
        ScriptedGateway gw([](const Seen&) {
            Reply r;
            r.headers = {{"x-gatetune-cause", "ok"}};
            r.events = std::vector<std::string>(5, R"({"choices":[{"delta":{"content":"w "}}]})");
            r.events->push_back("[DONE]");
            r.event_gap = Ms(40);
            return r;
        });
        sim::Config cfg = sessions(1, 1);
        cfg.workload.stream = true;
        const auto out = load(cfg, gw.url());
        QVERIFY(all_end_as(out.result, 200, Cause::Ok, ClientError::None));
        QVERIFY(seconds(out.result.latency.min()) >= 0.23);  // the stream's end, not its first byte
        for (const Seen& s : gw.seen()) QCOMPARE(s.body["stream"].get<bool>(), true);
    }

    void sse_stream_ending_in_an_error_event() {
        ScriptedGateway gw([](const Seen&) {
            Reply r;
            r.headers = {{"x-gatetune-cause", "ok"}};
            r.events = {R"({"choices":[]})",
                        R"({"error":{"message":"upstream silent","type":"server_error","code":"upstream_read_timeout"}})"};
            r.cut_stream = true;
            return r;
        });
        sim::Config cfg = sessions(1, 1);
        cfg.workload.stream = true;
        const auto out = load(cfg, gw.url());
        QVERIFY(all_end_as(out.result, 500, Cause::UpstreamReadTimeout, ClientError::None));
    }

    void sse_stream_cut_without_an_error_event() {
        ScriptedGateway gw([](const Seen&) {
            Reply r;
            r.events = {R"({"choices":[]})"};
            r.cut_stream = true;
            return r;
        });
        sim::Config cfg = sessions(1, 1);
        cfg.workload.stream = true;
        const auto out = load(cfg, gw.url());
        QVERIFY(all_end_as(out.result, 0, Cause::WorkerKilled, ClientError::RemoteProtocolError));
    }

    // At --time-scale 0.5 the run takes half the wall time; the report stays in preset seconds.
    // A scheduled send is never early, but a busy machine (sanitizers, parallel tests) makes it
    // late by an unknown amount: each check is exact below and loose above, and the spans are long
    // enough that "loose above" still tells scale 0.5 from unscaled (1.0) and from scaled twice.
    void time_scale_halves_wall_time_and_keeps_preset_seconds() {
        ScriptedGateway gw([](const Seen&) {
            Reply r;
            r.delay = Ms(400);
            return r;
        });
        sim::Config cfg = sessions(1, 1);
        cfg.workload.calls = {{1, 1}};
        cfg.workload.start_spread = 2.0;  // the user starts somewhere in [0, 2) preset s
        std::optional<engine::SimTime> start;
        for (cfg.simulation.seed = 1;; ++cfg.simulation.seed) {  // a seed whose start is long
            start = sim::SessionPacing(cfg.workload, engine::RngStreams(cfg.simulation.seed), 0).start_delay();
            QVERIFY(start);
            if (seconds(*start) >= 1.6) break;
        }
        const auto t0 = Clock::now();
        const auto out = load(cfg, gw.url(), 0.5);
        const auto& rec = out.result.records.at(0);
        const double want_wall = 0.5 * seconds(*start);
        const double sent_wall = std::chrono::duration<double>(gw.seen().at(0).at - t0).count();
        QVERIFY2(sent_wall >= want_wall - 0.005 && sent_wall < 0.75 * seconds(*start),
                 (std::to_string(sent_wall) + " s, want " + std::to_string(want_wall)).c_str());
        QVERIFY2(seconds(rec.start) >= seconds(*start) - 0.01 && seconds(rec.start) < 1.5 * seconds(*start),
                 std::to_string(seconds(rec.start)).c_str());
        // 400 ms of wall time is 0.8 preset s: unscaled it would read 0.4, scaled twice 1.6.
        QVERIFY2(seconds(rec.latency()) >= 0.79 && seconds(rec.latency()) < 1.5, std::to_string(seconds(rec.latency())).c_str());
    }

    void stop_request_ends_the_run_and_keeps_what_ended() {
        std::atomic<int> n{0};
        ScriptedGateway gw([&n](const Seen&) {
            Reply r;
            r.delay = n++ < 2 ? Ms(0) : Ms(5000);
            return r;
        });
        const auto t0 = Clock::now();
        const auto out = load(sessions(2, 3), gw.url(), 1.0, [t0] { return Clock::now() - t0 > Ms(300); });
        QVERIFY(out.interrupted);
        QVERIFY(Clock::now() - t0 < Ms(2000));
        QCOMPARE(out.result.requests, std::uint64_t{2});
        QCOMPARE(out.unfinished, std::uint64_t{2});
    }

    void reports_are_written_by_the_simulator_writers() {
        ScriptedGateway gw([](const Seen&) { return Reply{}; });
        const auto out = load(sessions(2, 1), gw.url());
        std::ostringstream text, json, csv;
        sim::write_report(text, out.result, sim::ReportFormat::Text);
        sim::write_report(json, out.result, sim::ReportFormat::Json);
        sim::write_report(csv, out.result, sim::ReportFormat::Csv);
        QVERIFY(text.str().find("live") != std::string::npos);
        QVERIFY(text.str().find("Per call of the session script") != std::string::npos);
        const auto j = nlohmann::json::parse(json.str());
        QCOMPARE(j["mode"].get<std::string>(), std::string("live"));
        QCOMPARE(j["timeseries"]["columns"][0].get<std::string>(), std::string("in_flight"));
        const std::string rows = csv.str();
        QCOMPARE(std::count(rows.begin(), rows.end(), '\n'), std::ptrdiff_t{5});  // header + 4 requests
    }

    void bad_input_is_a_clear_error() {
        const auto message = [](const std::string& url, double scale, std::vector<std::string> keys) {
            live::LoadOptions o;
            o.target = url;
            o.time_scale = scale;
            o.api_keys = std::move(keys);
            try {
                live::run_load(sessions(1, 1), o);
            } catch (const live::LoadInputError& e) {
                return std::string(e.what());
            }
            return std::string("(no error)");
        };
        QVERIFY(message("https://x:1", 1, {"k"}).find("https is not supported") != std::string::npos);
        QVERIFY(message("http://127.0.0.1:1", 0, {"k"}).find("--time-scale must be a positive") != std::string::npos);
        QVERIFY(message("http://127.0.0.1:1", 1, {}).find("no API key") != std::string::npos);
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestLoadGenerator)
#include "test_load_generator.moc"
