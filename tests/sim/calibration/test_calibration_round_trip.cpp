// Round trips: a preset with known upstream and workload parameters is simulated, its requests
// written as logs (`gatetune run --format csv`'s columns, or JSON Lines without TTFT), and
// calibration must recover the parameters within the tolerances below — and the calibrated
// preset, simulated again, must reproduce the logs' p50/p90/p99 and status mix within 10 %.
#include "qtest_suite.hpp"

#include <cmath>
#include <sstream>
#include <string>

#include "sim/calibration/calibrated_preset.hpp"
#include "sim/calibration/calibration.hpp"
#include "sim/calibration/reproduce_check.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"
#include "sim/stack.hpp"

using namespace gatetune;
using namespace gatetune::sim::calibration;
using engine::Distribution;

namespace {

// The gateway is sized so nothing but the upstream shapes latency; the read timeout is far
// above any generation, so no request is censored.
constexpr const char* kTruth = R"toml(
name = "truth"
[server]
workers = 4
worker_class = "uvicorn"
[http_client]
read_timeout = 120.0
[upstream]
ttft_base = 0.2
prefill_tokens_per_s = 5000.0
time_per_output_token = 0.02
latency_factor = { dist = "lognormal", median = 1.0, p99 = 2.0 }
[workload]
kind = "open"
rate = 10.0
duration = 900.0
input_tokens = { dist = "lognormal", median = 1000, p99 = 5000 }
output_tokens = { dist = "gamma", shape = 2.0, scale = 60 }
)toml";

bool near_rel(double got, double want, double tol) { return std::fabs(got - want) <= tol * std::fabs(want); }

#define VERIFY_NEAR_REL(got, want, tol) \
    QVERIFY2(near_rel((got), (want), (tol)), qPrintable(QString("%1 = %2, expected %3 ± %4 %").arg(#got).arg(got).arg(want).arg((tol) * 100)))

sim::Config truth(const std::string& extra = "") { return sim::parse_preset(std::string(kTruth) + extra, "truth"); }

std::string run_csv(const sim::Config& cfg) {
    std::ostringstream out;
    sim::write_csv_report(out, sim::simulate(cfg));
    return out.str();
}

// The same requests as JSON Lines with only what a client sees: no time to first token.
std::string run_json_lines(const sim::Config& cfg) {
    std::string out;
    for (const sim::RequestRecord& r : sim::simulate(cfg).records) {
        out += "{\"start\": " + std::to_string(r.start * 1e-6) + ", \"status\": \"" + sim::status_label(r) + "\", \"latency_ms\": " +
               std::to_string(r.latency() * 1e-3) + ", \"usage\": {\"prompt_tokens\": " + std::to_string(r.input_tokens) +
               ", \"completion_tokens\": " + std::to_string(r.output_tokens) + "}, \"model\": \"m\"}\n";
    }
    return out;
}

Calibration calibrate_text(const std::string& text) {
    Calibrator c;
    c.add_read("log", read_log_text(text, "log", LogFormat::Auto, [&](const LogRecord& r) { c.add(r); }));
    return c.finish();
}

double mean_of(const Distribution& d) { return d.mean(); }

}  // namespace

class TestCalibrationRoundTrip : public QObject {
    Q_OBJECT

private slots:
    void recoversUpstreamAndWorkloadFromTtftLogs() {
        const sim::Config t = truth();
        const Calibration c = calibrate_text(run_csv(t));
        QCOMPARE(c.models.size(), std::size_t(1));
        const UpstreamFit& m = c.models.front();
        QCOMPARE(m.factor_of, std::string("TTFT"));
        // F has mean 1 by construction: compare what the simulator multiplies, base · E[F].
        const double true_mean_f = t.upstream.latency_factor.mean();
        VERIFY_NEAR_REL(*m.ttft_base, 0.2 * true_mean_f, 0.10);
        VERIFY_NEAR_REL(*m.prefill_tokens_per_s, 5000.0 / true_mean_f, 0.10);
        VERIFY_NEAR_REL(*m.time_per_output_token, 0.02 * true_mean_f, 0.05);
        QVERIFY(m.latency_factor && !m.latency_factor->empirical);
        QCOMPARE(m.latency_factor->chosen.kind_name(), std::string_view("lognormal"));
        const double true_sigma = std::get<Distribution::LogNormal>(t.upstream.latency_factor.params()).sigma;
        VERIFY_NEAR_REL(std::get<Distribution::LogNormal>(m.latency_factor->chosen.params()).sigma, true_sigma, 0.10);
        // Workload: Poisson at 10/s, lognormal prompts, gamma completions.
        VERIFY_NEAR_REL(c.timing.rate, 10.0, 0.05);
        QCOMPARE(c.timing.arrival_kind, std::string("poisson"));
        QCOMPARE(c.prompt_tokens->chosen.kind_name(), std::string_view("lognormal"));
        VERIFY_NEAR_REL(mean_of(c.prompt_tokens->chosen), t.workload.input_tokens->mean(), 0.05);
        QCOMPARE(c.completion_tokens->chosen.kind_name(), std::string_view("gamma"));
        VERIFY_NEAR_REL(std::get<Distribution::Gamma>(c.completion_tokens->chosen.params()).shape, 2.0, 0.10);
        // Nothing queued and nothing was refused: said, not guessed.
        QVERIFY(!c.slot_estimate.found);
        QVERIFY(!c.timing.rpm);
        QCOMPARE(c.share("200"), 1.0);

        // The calibrated preset over a base with the upstream set wrong reproduces the logs.
        sim::Config base = t;
        base.upstream.ttft_base = 1.0;
        base.upstream.prefill_tokens_per_s = 500;
        base.upstream.time_per_output_token = 0.1;
        const CalibratedPreset p = calibrated_preset(c, base);
        sim::check_config(p.config, "calibrated");
        const ReproduceCheck check = reproduce_check(c, p.config);
        for (const ReproduceRow& row : check.rows) {
            QVERIFY2(row.pass(), qPrintable(QString::fromStdString(row.quantity) + QString(": logs %1, calibrated %2").arg(row.logs).arg(row.simulated)));
        }
        // The preset text reads back to the same configuration.
        const sim::Config again = sim::parse_preset(sim::write_preset(p.config), "again");
        QCOMPARE(again.upstream.latency_factor, p.config.upstream.latency_factor);
        QCOMPARE(again.workload.output_tokens, p.config.workload.output_tokens);
    }

    // Without TTFT the whole latency is regressed on both token counts.
    void recoversFromLatencyAloneWithoutTtft() {
        const sim::Config t = truth();
        const Calibration c = calibrate_text(run_json_lines(t));
        const UpstreamFit& m = c.models.front();
        QCOMPARE(m.model, std::string("m"));
        QCOMPARE(m.factor_of, std::string("latency"));
        const double true_mean_f = t.upstream.latency_factor.mean();
        VERIFY_NEAR_REL(*m.time_per_output_token, 0.02 * true_mean_f, 0.10);
        VERIFY_NEAR_REL(*m.prefill_tokens_per_s, 5000.0 / true_mean_f, 0.25);
        QVERIFY(std::any_of(m.not_identified.begin(), m.not_identified.end(), [](const std::string& s) { return s.starts_with("TTFT"); }));
        const CalibratedPreset p = calibrated_preset(c, t);
        const ReproduceCheck check = reproduce_check(c, p.config);
        for (const ReproduceRow& row : check.rows) {
            QVERIFY2(row.pass(), qPrintable(QString::fromStdString(row.quantity) + QString(": logs %1, calibrated %2").arg(row.logs).arg(row.simulated)));
        }
    }

    // Same log, same calibration, same preset text: byte for byte.
    void deterministic() {
        const std::string log = run_csv(truth());
        const Calibration a = calibrate_text(log);
        const Calibration b = calibrate_text(log);
        QCOMPARE(sim::write_preset(calibrated_preset(a, truth()).config), sim::write_preset(calibrated_preset(b, truth()).config));
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestCalibrationRoundTrip)
#include "test_calibration_round_trip.moc"
