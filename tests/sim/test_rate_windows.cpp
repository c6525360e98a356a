// The three ways a per-minute limit is counted (sim/minute_budget.hpp) and the two ways an
// upstream counts tokens (requested or served), on the shared rules and through the stack: a
// sequential session whose outcome depends on which one the provider uses.
#include <QtTest>

#include "qtest_suite.hpp"
#include "sim/gateway_limits.hpp"
#include "sim/minute_budget.hpp"
#include "sim/stack.hpp"
#include "sim/upstream_rate_limits.hpp"

using namespace gatetune;
using sim::kMinute;
using sim::RateWindow;
constexpr engine::SimTime kS = engine::kSecond;

namespace {
std::uint64_t count(const sim::RunResult& r, sim::Cause c) { return r.by_cause[static_cast<std::size_t>(c)]; }

// 12 sequential calls 5 s apart against 10 requests per minute, counted `window`'s way.
sim::RunResult twelve_calls(RateWindow window) {
    sim::Config c;
    c.name = "rate-windows";
    c.server.worker_class = sim::WorkerClass::Uvicorn;
    c.upstream.rpm = 10;
    c.upstream.rate_window = window;
    c.upstream.ttft_base = 0.05;
    c.upstream.time_per_output_token = 0;
    c.http_client.max_attempts = 1;
    c.workload.calls = {{100, 10}};
    c.workload.repeats = 12;
    c.workload.think_time = sim::Distribution::constant(5);
    return sim::simulate(c);
}
}  // namespace

class TestRateWindows : public QObject {
    Q_OBJECT
private slots:
    // 10 per minute, 10 taken at t = 0..9 s.
    void eachWindowGivesBackItsOwnWay() {
        sim::MinuteBudget bucket(RateWindow::TokenBucket, 10, 10), rolling(RateWindow::Rolling, 10, 10),
            fixed(RateWindow::Fixed, 10, 10);
        for (int i = 0; i < 10; ++i)
            for (auto* b : {&bucket, &rolling, &fixed}) {
                QCOMPARE(b->wait_time(i * kS, 1), engine::SimTime{0});
                b->take(i * kS, 1);
            }
        // The bucket refilled one every 6 s meanwhile: one is back 6 s after the first was taken.
        QCOMPARE(bucket.left(9 * kS), std::int64_t{1});
        // The rolling minute gives the first back a minute after it was taken (t = 60 s).
        QCOMPARE(rolling.wait_time(9 * kS, 1), 51 * kS);
        // The fixed minute gives all ten back at the boundary (t = 60 s), and not before.
        QCOMPARE(fixed.wait_time(9 * kS, 1), 51 * kS);
        QCOMPARE(fixed.wait_time(59 * kS, 1), 1 * kS);
        QCOMPARE(fixed.left(60 * kS), std::int64_t{10});
        QCOMPARE(rolling.left(60 * kS), std::int64_t{1});
        QCOMPARE(rolling.left(70 * kS), std::int64_t{10});
        // More than the limit never fits: try again in a minute.
        QCOMPARE(fixed.wait_time(60 * kS, 11), kMinute);
        QCOMPARE(bucket.wait_time(60 * kS, 11), kMinute);
    }

    // A fixed window lets a burst before the boundary and another right after it both through.
    void fixedWindowsPassTwoBurstsAcrossTheBoundary() {
        sim::MinuteBudget fixed(RateWindow::Fixed, 10, 10), rolling(RateWindow::Rolling, 10, 10);
        for (auto* b : {&fixed, &rolling}) b->take(59 * kS, 10);
        QCOMPARE(fixed.wait_time(61 * kS, 10), engine::SimTime{0});
        QCOMPARE(rolling.wait_time(61 * kS, 10), 58 * kS);
    }

    // requested: prompt + max_tokens up front, a refusal takes nothing. served: any room admits,
    // and the call's tokens count when it completes, so calls in flight can take the minute over.
    void servedTokensCountWhenTheCallCompletes() {
        sim::UpstreamConfig cfg;
        cfg.tpm = 1000;
        sim::UpstreamRateLimits requested(cfg);
        QVERIFY(!requested.admit(0, 600));
        QVERIFY(requested.admit(0, 600).has_value());  // 600 more would exceed 1000
        QCOMPARE(*requested.tokens_left(0), std::int64_t{400});
        cfg.tpm_counts = sim::TokenCount::Served;
        sim::UpstreamRateLimits served(cfg);
        QVERIFY(!served.admit(0, 600));
        QVERIFY(!served.admit(0, 600));  // nothing served yet: both run
        served.served(kS, 600);
        served.served(kS, 600);
        QCOMPARE(*served.tokens_left(kS), std::int64_t{-200});
        QVERIFY(served.admit(kS, 10).has_value());  // over the limit: refused until it refills
    }

    // The gateway's own limiter counts the same three ways (rate_limiter.window).
    void theGatewayLimiterUsesTheSameWindows() {
        sim::RateLimiterConfig cfg;
        cfg.enabled = true;
        cfg.requests_per_minute = 2;
        cfg.window = RateWindow::Fixed;
        sim::GatewayKeyLimits fixed(cfg);
        QVERIFY(!fixed.admit(1, 58 * kS, 0));
        QVERIFY(!fixed.admit(1, 59 * kS, 0));
        const auto refused = fixed.admit(1, 59 * kS + kS / 2, 0);
        QVERIFY(refused.has_value());
        QCOMPARE(refused->retry_after, kS);  // the boundary is half a second away: Retry-After 1
        QVERIFY(!fixed.admit(1, 60 * kS, 0));
        cfg.window = RateWindow::TokenBucket;
        sim::GatewayKeyLimits bucket(cfg);
        QVERIFY(!bucket.admit(1, 58 * kS, 0));
        QVERIFY(!bucket.admit(1, 59 * kS, 0));
        QVERIFY(bucket.admit(1, 60 * kS, 0).has_value());  // 1 s refilled 1/30 of a request
    }

    // Through the stack: 12 calls 5 s apart (one call at t = 0, 5, …, 55 s) against 10 per minute.
    // The token bucket refills one every 6 s, so the 11th and 12th calls find one each; the rolling
    // minute and the fixed window still hold all ten when they come (t = 50 s, 55 s).
    void aSequentialSessionDependsOnTheWindow() {
        const auto bucket = twelve_calls(RateWindow::TokenBucket);
        const auto rolling = twelve_calls(RateWindow::Rolling);
        const auto fixed = twelve_calls(RateWindow::Fixed);
        QCOMPARE(count(bucket, sim::Cause::UpstreamRateLimited), std::uint64_t{0});
        QCOMPARE(count(rolling, sim::Cause::UpstreamRateLimited), std::uint64_t{2});
        QCOMPARE(count(fixed, sim::Cause::UpstreamRateLimited), std::uint64_t{2});
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestRateWindows)
#include "test_rate_windows.moc"
