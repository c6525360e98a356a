// The Live tab's standard-C++ parts: the Prometheus text parser (as the gateway writes /metrics,
// and bad input), the reduction to a chart sample, the live report read back into
// sim::Comparison, and a live report turned into a run-history record.
#include "qtest_suite.hpp"

#include <cmath>

#include "sim/comparison.hpp"
#include "sim/history/report_record.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"
#include "sim/stack.hpp"
#include "sim/live_report.hpp"
#include "ui/live_sample.hpp"
#include "ui/prometheus_text.hpp"

using namespace gatetune;

namespace {

// The shape app/live/gateway/metrics.cpp writes, two workers.
const char* kMetrics = R"(# HELP gatetune_requests_total Requests answered by the gateway, by HTTP status and cause.
# TYPE gatetune_requests_total counter
gatetune_requests_total{status="200",cause="ok"} 40
gatetune_requests_total{status="429",cause="rate_limited"} 7
gatetune_requests_total{status="500",cause="db_pool_timeout"} 3
gatetune_request_duration_seconds_bucket{le="0.005"} 2
gatetune_request_duration_seconds_bucket{le="+Inf"} 50
gatetune_request_duration_seconds_sum 12.500000
# TYPE gatetune_in_flight gauge
gatetune_in_flight{worker="0"} 4
gatetune_in_flight{worker="1"} 6
gatetune_db_pool_checked_out{worker="0"} 5
gatetune_db_pool_checked_out{worker="1"} 5
gatetune_db_pool_waiting{worker="0"} 2
gatetune_db_pool_waiting{worker="1"} 1
gatetune_upstream_in_flight{worker="0"} 3
gatetune_upstream_in_flight{worker="1"} 0
gatetune_db_connections_total 10
gatetune_worker_timeouts_total 1
)";

}  // namespace

class TestLiveParsing : public QObject {
    Q_OBJECT
private slots:
    void parsesTheGatewaysMetrics() {
        const auto p = ui::parse_prometheus_text(kMetrics);
        QVERIFY2(p.errors.empty(), p.errors.empty() ? "" : p.errors.front().c_str());
        QCOMPARE(p.samples.size(), std::size_t(16));
        QCOMPARE(p.samples[0].name, std::string("gatetune_requests_total"));
        QCOMPARE(p.samples[0].labels.at("cause"), std::string("ok"));
        QCOMPARE(ui::sum_samples(p.samples, "gatetune_in_flight").value(), 10.0);
        QCOMPARE(ui::sum_samples(p.samples, "gatetune_in_flight", {{"worker", "1"}}).value(), 6.0);
        QCOMPARE(ui::sum_samples(p.samples, "gatetune_request_duration_seconds_bucket", {{"le", "+Inf"}}).value(), 50.0);
        QCOMPARE(ui::sum_samples(p.samples, "gatetune_request_duration_seconds_sum").value(), 12.5);
        QVERIFY(!ui::sum_samples(p.samples, "no_such_metric"));
    }

    void readsEscapesSpecialValuesAndTimestamps() {
        const auto p = ui::parse_prometheus_text("a{path=\"x\\\"y\\\\z\\n\", b = \"2\" } +Inf 1700000000000\r\nb NaN\nc -1.5e3\n\n");
        QVERIFY(p.errors.empty());
        QCOMPARE(p.samples.size(), std::size_t(3));
        QCOMPARE(p.samples[0].labels.at("path"), std::string("x\"y\\z\n"));
        QCOMPARE(p.samples[0].labels.at("b"), std::string("2"));
        QVERIFY(std::isinf(p.samples[0].value));
        QVERIFY(std::isnan(p.samples[1].value));
        QCOMPARE(p.samples[2].value, -1500.0);
    }

    void badLinesAreReportedAndSkipped() {
        const auto p = ui::parse_prometheus_text("ok 1\n{x=\"1\"} 2\nm{x=\"1\" 3\nm{x=1} 4\nm twelve\nm{x=\"open} 5\nlast 6");
        QCOMPARE(p.samples.size(), std::size_t(2));
        QCOMPARE(p.samples[1].name, std::string("last"));
        QCOMPARE(p.errors.size(), std::size_t(5));
        QVERIFY(p.errors[0].rfind("line 2:", 0) == 0);
        QVERIFY(p.errors[3].find("twelve") != std::string::npos);
        QVERIFY(ui::parse_prometheus_text("").samples.empty());
    }

    void reducesToALiveSample() {
        const auto s = ui::live_sample(ui::parse_prometheus_text(kMetrics).samples);
        QVERIFY(s);
        QCOMPARE(s->okTotal, 40.0);
        QCOMPARE(s->failedTotal, 10.0);
        QCOMPARE(s->inFlight, 10.0);
        QCOMPARE(s->dbCheckedOut, 10.0);
        QCOMPARE(s->dbWaiting, 3.0);
        QCOMPARE(s->dbConnections, 10.0);
        QCOMPARE(s->upstreamInFlight, 3.0);
        QCOMPARE(s->workerTimeouts, 1.0);
        std::string why;
        QVERIFY(!ui::live_sample(ui::parse_prometheus_text("<html>not metrics</html>").samples, &why));
        QVERIFY(why.find("gatetune_in_flight") != std::string::npos);
        QCOMPARE(ui::per_second(10, 30, 0.5), 40.0);
        QCOMPARE(ui::per_second(30, 10, 0.5), 0.0);  // a restarted gateway
        QCOMPARE(ui::per_second(10, 30, 0), 0.0);
    }

    void readsTheLiveReportBack() {
        sim::Config cfg = sim::load_preset(GATETUNE_SOURCE_DIR "/presets/failure-modes/gateway-limiter-429.toml");
        const sim::RunResult a = sim::simulate(cfg);
        cfg.simulation.seed += 1;
        const sim::RunResult b = sim::simulate(cfg);
        const sim::LiveReport written = sim::LiveReport::of(b, a, 0.2);
        const sim::Comparison& cmp = written.comparison;
        const sim::Agreement& agreement = written.agreement;
        const nlohmann::json j = written.to_json();
        const sim::LiveReport r = sim::LiveReport::parse(j.dump());
        QCOMPARE(r.time_scale, 0.2);
        QCOMPARE(r.agreement.agrees, agreement.agrees);
        QCOMPARE(r.comparison.left_label, std::string("simulated"));
        QCOMPARE(r.comparison.right_requests, cmp.right_requests);
        QCOMPARE(r.comparison.by_cause.size(), cmp.by_cause.size());
        QCOMPARE(r.comparison.by_status.front().name, cmp.by_status.front().name);
        QCOMPARE(r.comparison.latency.size(), std::size_t(4));
        QVERIFY(r.live["summary"]["requests"] == j["live"]["summary"]["requests"]);

        // A record for the run history, its latency CDF rebuilt from the requests.
        const auto rec = sim::history::record_from_report(r.live, cfg, "", "gui");
        QCOMPARE(rec.requests(), b.requests);
        QCOMPARE(rec.preset_name, std::string("gateway-limiter-429"));
        QVERIFY(!rec.summary["latency_cdf"].empty());
        QCOMPARE(rec.summary["latency_cdf"].back()[1].get<double>(), 1.0);
        QVERIFY(!sim::history::series_times(rec.timeseries).empty());
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, sim::history::record_from_report(nlohmann::json::object(), cfg, "", "gui"));
    }

    void badReportsSayWhatIsWrong() {
        const auto message = [](const std::string& text) -> std::string {
            try {
                sim::LiveReport::parse(text);
            } catch (const std::runtime_error& e) {
                return e.what();
            }
            return "";
        };
        QVERIFY(message("{not json").find("not valid JSON") != std::string::npos);
        QVERIFY(message("{}").find("\"live\"") != std::string::npos);
        const std::string partial = R"({"live": {}, "simulated": {}, "comparison": {"left": {"label": "s", "requests": 1, "error_rate": 0},
            "right": {"label": "l", "requests": "many", "error_rate": 0}}})";
        QVERIFY(message(partial).find("comparison.right.requests") != std::string::npos);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestLiveParsing)
#include "test_live_parsing.moc"
