// scale_durations: every seconds-valued key of the schema is multiplied, every rate divided, and
// nothing else changes — checked key by key from the schema itself, so a new duration key is
// covered the day it is added; and a simulated preset run on the scaled configuration shows the
// same outcomes at scaled times.
#include "qtest_suite.hpp"

#include <cmath>
#include <limits>

#include "qtest_std_string.hpp"
#include "sim/preset/config_schema.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/stack.hpp"
#include "sim/preset/time_scale.hpp"

using namespace gatetune::sim;
using gatetune::engine::Distribution;

namespace {

constexpr double kF = 0.25;  // a power of two: the scaled numbers are exact

// A value for `spec` that differs from every default and exercises its dimension.
Value probe(const KeySpec& spec) {
    switch (spec.type) {
        case KeyType::Duration: return 8.0;
        case KeyType::Distribution: return Distribution::lognormal_from_median_p99(0.5, 4.0).truncated(16.0);
        case KeyType::Float: return 40.0;
        case KeyType::Int: return std::int64_t{120};
        case KeyType::RateStepList: return std::vector<RateStep>{{10.0, 4.0}, {20.0, 8.0}};
        case KeyType::WindowList: return std::vector<FaultWindow>{{4.0, 12.0, spec.min == spec.max ? spec.min : 0.5}};
        default: return spec.get(Config{});
    }
}

bool near(double a, double b) { return std::fabs(a - b) <= 1e-12 * std::max(1.0, std::fabs(b)); }

}  // namespace

class TestTimeScale : public QObject {
    Q_OBJECT

private slots:
    // The schema's units decide: nothing measured in seconds is left unclassified.
    void every_seconds_key_has_a_time_dimension() {
        int seconds_keys = 0;
        for (const KeySpec& spec : config_schema()) {
            const bool seconds = spec.type == KeyType::Duration || spec.unit == "s" || spec.unit.starts_with("s/");
            if (!seconds) continue;
            ++seconds_keys;
            QVERIFY2(time_dimension(spec) == TimeDimension::Seconds, std::string(spec.key).c_str());
        }
        QVERIFY(seconds_keys >= 40);
        QVERIFY(time_dimension(*find_key("upstream.prefill_tokens_per_s")) == TimeDimension::PerSecond);
        QVERIFY(time_dimension(*find_key("workload.rate")) == TimeDimension::PerSecond);
        QVERIFY(time_dimension(*find_key("upstream.rpm")) == TimeDimension::PerMinute);
        QVERIFY(time_dimension(*find_key("rate_limiter.tokens_per_minute")) == TimeDimension::PerMinute);
        QVERIFY(time_dimension(*find_key("workload.steps")) == TimeDimension::RateSteps);
        QVERIFY(time_dimension(*find_key("faults.db_slowdown")) == TimeDimension::Windows);
        QVERIFY(time_dimension(*find_key("workload.time_scale")) == TimeDimension::Seconds);
        QVERIFY(time_dimension(*find_key("db_pool.pool_size")) == TimeDimension::None);
        QVERIFY(time_dimension(*find_key("upstream.latency_factor")) == TimeDimension::None);
        QVERIFY(time_dimension(*find_key("workload.input_tokens")) == TimeDimension::None);
    }

    // Each key on its own, set to a probe value: scaled by its dimension, and no other key moves.
    void every_key_scales_by_its_dimension() {
        for (const KeySpec& spec : config_schema()) {
            if (spec.write_only || time_dimension(spec) == TimeDimension::None) continue;
            Config cfg;
            const Value v = probe(spec);
            spec.set(cfg, v);
            const Config scaled = scale_durations(cfg, kF);
            const Value got = spec.get(scaled);
            const std::string name(spec.key);
            switch (time_dimension(spec)) {
                case TimeDimension::Seconds:
                    if (spec.type == KeyType::Distribution) {
                        const auto& d = std::get<Distribution>(got);
                        const auto& p = std::get<Distribution::LogNormal>(d.params());
                        QVERIFY2(near(p.given_a, 0.5 * kF) && near(p.given_b, 4.0 * kF), name.c_str());
                        QVERIFY2(d.cap() && near(*d.cap(), 16.0 * kF), name.c_str());
                    } else {
                        const double in = std::holds_alternative<double>(v) ? std::get<double>(v) : 40.0;
                        QVERIFY2(near(std::get<double>(got), in * kF), name.c_str());
                    }
                    break;
                case TimeDimension::PerSecond: QVERIFY2(near(std::get<double>(got), 40.0 / kF), name.c_str()); break;
                case TimeDimension::PerMinute: QVERIFY2(std::get<std::int64_t>(got) == 480, name.c_str()); break;
                case TimeDimension::RateSteps: {
                    const auto& steps = std::get<std::vector<RateStep>>(got);
                    QVERIFY2(steps.size() == 2 && near(steps[0].at, 2.5) && near(steps[0].rate, 16.0) &&
                                 near(steps[1].at, 5.0) && near(steps[1].rate, 32.0), name.c_str());
                    break;
                }
                case TimeDimension::Windows: {
                    const auto& w = std::get<std::vector<FaultWindow>>(got);
                    const auto& in = std::get<std::vector<FaultWindow>>(v);
                    QVERIFY2(w.size() == 1 && near(w[0].start, 1.0) && near(w[0].end, 3.0) && w[0].value == in[0].value,
                             name.c_str());
                    break;
                }
                case TimeDimension::None: break;
            }
            // Every key without a time dimension (and every other key) is untouched.
            const Config plain_scaled = scale_durations(Config{}, kF);
            for (const KeySpec& other : config_schema()) {
                if (other.write_only || &other == &spec || time_dimension(other) != TimeDimension::None) continue;
                // A limiter's per-minute key pins its defaulted burst on purpose (tested below).
                if (spec.table() == "rate_limiter" && other.key.starts_with("rate_limiter.burst_")) continue;
                QVERIFY2(values_equal(other.get(scaled), other.get(cfg)), (name + " moved " + std::string(other.key)).c_str());
                QVERIFY2(values_equal(other.get(plain_scaled), other.get(Config{})), std::string(other.key).c_str());
            }
        }
    }

    void sentinels_bursts_and_the_convenience_timeout() {
        Config cfg;
        cfg.db_pool.pool_recycle = -1;    // disabled stays disabled
        cfg.server.timeout = 0;           // 0 = no timeout stays 0
        cfg.http_client.connect_timeout = cfg.http_client.read_timeout = cfg.http_client.write_timeout =
            cfg.http_client.pool_timeout = 8;
        cfg.rate_limiter.requests_per_minute = 60;
        cfg.rate_limiter.tokens_per_minute = 6000;
        cfg.rate_limiter.burst_tokens = 100;
        const Config s = scale_durations(cfg, kF);
        QCOMPARE(s.db_pool.pool_recycle, -1.0);
        QCOMPARE(s.server.timeout, 0.0);
        // http_client.timeout writes all four: scaling must not apply twice.
        QCOMPARE(s.http_client.read_timeout, 2.0);
        QCOMPARE(s.http_client.pool_timeout, 2.0);
        QCOMPARE(s.rate_limiter.requests_per_minute, 240);
        QCOMPARE(s.rate_limiter.burst_requests, 60);   // the bucket's size, not its rate
        QCOMPARE(s.rate_limiter.tokens_per_minute, 24000);
        QCOMPARE(s.rate_limiter.burst_tokens, 100);
        // A limit never rounds down to 0 (= unlimited).
        Config slow;
        slow.upstream.rpm = 1;
        QCOMPARE(scale_durations(slow, 10.0).upstream.rpm, 1);
    }

    void rejects_bad_factors() {
        for (const double f : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
            try {
                (void)scale_durations(Config{}, f);
                QFAIL("no error");
            } catch (const std::invalid_argument& e) {
                QVERIFY(std::string(e.what()).find("time scale must be a positive") != std::string::npos);
            }
        }
    }

    // The simulator on the scaled preset: the same outcomes, latencies scaled.
    void simulated_preset_keeps_its_outcomes() {
        const Config cfg = load_preset(std::string(GATETUNE_SOURCE_DIR) + "/presets/failure-modes/db-pool-exhaustion.toml");
        const RunResult a = simulate(cfg);
        const RunResult b = simulate(scale_durations(cfg, 0.5));
        QCOMPARE(b.requests, a.requests);
        QVERIFY(a.error_rate() > 0);
        for (std::size_t i = 0; i < kCauseCount; ++i) QCOMPARE(b.by_cause[i], a.by_cause[i]);
        const double p50a = gatetune::engine::to_seconds(a.latency.percentile(50));
        const double p50b = gatetune::engine::to_seconds(b.latency.percentile(50));
        QVERIFY2(std::fabs(p50b - 0.5 * p50a) <= 0.01 * p50a, (std::to_string(p50a) + " vs " + std::to_string(p50b)).c_str());
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestTimeScale)
#include "test_time_scale.moc"
