// Stack model II: the load balancer, the gateway's limiter and fault windows — each mode with its
// exact cause and timing, and absent just inside the limit (docs/MODEL.md §5, §9).
#include "qtest_suite.hpp"

#include "sim/stack.hpp"

using namespace gatetune;
using sim::Cause;

namespace {
std::uint64_t count(const sim::RunResult& r, Cause c) { return r.by_cause[static_cast<std::size_t>(c)]; }

sim::Config base(double generation) {
    sim::Config c;
    c.name = "model2";
    c.server.worker_class = sim::WorkerClass::Uvicorn;
    c.upstream.ttft_base = generation;
    c.upstream.time_per_output_token = 0;
    c.upstream.router_overhead = sim::Distribution::constant(0);
    c.http_client.connect_timeout = c.http_client.read_timeout = c.http_client.write_timeout = c.http_client.pool_timeout = 600;
    c.workload.calls = {{100, 10}};
    c.workload.client_timeout = 600;
    return c;
}
}  // namespace

class TestStackModel2 : public QObject {
    Q_OBJECT
private slots:
    // §5: a non-streamed completion sends nothing until it is done; past the ALB's idle timeout
    // the client gets 504 while the gateway keeps working. Streamed, bytes flow and it passes.
    void albIdleTimeoutOnLongNonStreamedCall() {
        sim::Config c = base(70);
        c.load_balancer.enabled = true;
        auto r = sim::simulate(c);
        QCOMPARE(count(r, Cause::LbIdleTimeout), std::uint64_t{1});
        const auto& rec = r.records.at(0);
        QCOMPARE(rec.http_status, 504);
        QCOMPARE(rec.latency(), engine::from_seconds(60 + c.load_balancer.network_rtt / 2));
        QCOMPARE(r.upstream_calls, std::uint64_t{1});
        c.workload.stream = true;
        c.upstream.ttft_base = 1;
        c.upstream.time_per_output_token = 0.015;
        c.workload.calls = {{100, 4600}};  // the same ≈ 70 s, streamed
        auto s = sim::simulate(c);
        QCOMPARE(count(s, Cause::Ok), std::uint64_t{1});
        QVERIFY(s.records.at(0).latency() > 60 * engine::kSecond);
        sim::Config inside = base(59);
        inside.load_balancer.enabled = true;
        QCOMPARE(count(sim::simulate(inside), Cause::Ok), std::uint64_t{1});
    }

    // §5: gunicorn's keep-alive (2 s, passed to uvicorn) is shorter than the ALB idle timeout: a
    // target connection reused just as uvicorn closes it gives a 502. The rate follows from the
    // connections' idle times — and falls to zero when keep-alive exceeds the idle timeout.
    void keepaliveRaceFallsToZeroWhenKeepaliveExceedsIdleTimeout() {
        sim::Config c = base(0.05);
        c.load_balancer.enabled = true;
        c.load_balancer.race_window = 0.05;
        c.workload.think_time = sim::Distribution::uniform(1.5, 2.5);
        c.workload.repeats = 200;
        auto r = sim::simulate(c);
        const auto races = count(r, Cause::LbKeepaliveRace);
        QVERIFY2(races > 2 && races < 30, qPrintable(QString("races: %1 of %2").arg(races).arg(r.requests)));
        for (const auto& rec : r.records)
            if (rec.cause == Cause::LbKeepaliveRace) QCOMPARE(rec.http_status, 502);
        c.server.keepalive = 75;  // > idle_timeout 60
        QCOMPARE(count(sim::simulate(c), Cause::LbKeepaliveRace), std::uint64_t{0});
    }

    // §5 / O3: behind the ALB a killed worker's requests come back as 502, cause worker_killed.
    void workerKillBehindAlbIs502() {
        sim::Config c = base(40);
        c.server.worker_class = sim::WorkerClass::Sync;
        c.load_balancer.enabled = true;
        auto r = sim::simulate(c);
        QCOMPARE(count(r, Cause::WorkerKilled), std::uint64_t{1});
        QCOMPARE(r.records.at(0).http_status, 502);
    }

    // Fix #5: a burst of 20 calls on one API key against 10 requests per minute: 10 pass, 10 get
    // 429. The limiter lives in each worker process, so two workers admit up to twice as many.
    void limiterShedsABurstPerWorker() {
        sim::Config c = base(1);
        c.rate_limiter.enabled = true;
        c.rate_limiter.requests_per_minute = 10;
        c.workload.users = 20;
        c.workload.api_keys = 1;
        auto one = sim::simulate(c);
        QCOMPARE(count(one, Cause::GatewayRateLimited), std::uint64_t{10});
        QCOMPARE(count(one, Cause::Ok), std::uint64_t{10});
        QCOMPARE(one.limiter_by_key.at(0), (std::pair<std::uint64_t, std::uint64_t>{10, 10}));
        c.server.workers = 2;
        auto burst = sim::simulate(c);  // one instant: the worker that wakes first accepts all 20 (O7)
        QCOMPARE(count(burst, Cause::Ok), std::uint64_t{10});
        c.workload.start_spread = 1;  // over a second: each connection to whichever loop is free
        auto two = sim::simulate(c);
        QVERIFY(count(two, Cause::Ok) > 10);
        c.rate_limiter.per_worker = false;  // shared state: the configured limit holds
        QCOMPARE(count(sim::simulate(c), Cause::Ok), std::uint64_t{10});
        c.rate_limiter.requests_per_minute = 20;
        QCOMPARE(count(sim::simulate(c), Cause::GatewayRateLimited), std::uint64_t{0});
    }

    void limiterConcurrencyCapWithBoundedWait() {
        sim::Config c = base(5);
        c.rate_limiter.enabled = true;
        c.rate_limiter.per_worker = false;
        c.rate_limiter.max_concurrent = 4;
        c.rate_limiter.max_queue_wait = 2;
        c.workload.users = 6;
        auto r = sim::simulate(c);
        QCOMPARE(count(r, Cause::Ok), std::uint64_t{4});
        QCOMPARE(count(r, Cause::GatewayRateLimited), std::uint64_t{2});
        for (const auto& rec : r.records)
            if (rec.cause == Cause::GatewayRateLimited) QVERIFY(rec.latency() >= 2 * engine::kSecond && rec.latency() < 2100 * engine::kMillisecond);
        c.rate_limiter.max_queue_wait = 6;  // longer than one call: everyone gets a place
        QCOMPARE(count(sim::simulate(c), Cause::Ok), std::uint64_t{6});
    }

    // Faults: an upstream outage from 10 s to 20 s refuses connections (ConnectError), and the
    // service recovers after; a slowdown window stretches generation; a DB slowdown stretches
    // statements.
    void upstreamOutageAndRecovery() {
        sim::Config c = base(0.5);
        c.faults.upstream_outage = {{10, 20, 0}};
        c.workload.think_time = sim::Distribution::constant(0.5);
        c.workload.repeats = 30;
        auto r = sim::simulate(c);
        QVERIFY(count(r, Cause::UpstreamConnectError) > 5);
        for (const auto& rec : r.records) {
            const bool in_outage = rec.start >= 10 * engine::kSecond && rec.start < 20 * engine::kSecond;
            if (rec.cause == Cause::UpstreamConnectError) QVERIFY(in_outage);
            if (rec.start > 21 * engine::kSecond) QCOMPARE(rec.cause, Cause::Ok);
        }
        sim::Config slow = base(1);
        slow.faults.upstream_slowdown = {{0, 100, 3}};
        QVERIFY(sim::simulate(slow).records.at(0).latency() > 3 * engine::kSecond);
        sim::Config db = base(0.1);
        db.faults.db_slowdown = {{0, 100, 1000}};
        QVERIFY(sim::simulate(db).records.at(0).phases[static_cast<std::size_t>(sim::Phase::DbQuery)] > engine::kSecond);
    }

    void errorBurstRetriedAndRecovered() {
        sim::Config c = base(0.2);
        c.faults.upstream_error_burst = {{0, 5, 1.0}};
        c.http_client.max_attempts = 2;
        c.workload.think_time = sim::Distribution::constant(1);
        c.workload.repeats = 10;
        auto r = sim::simulate(c);
        QVERIFY(count(r, Cause::UpstreamError) > 0);
        for (const auto& rec : r.records)
            if (rec.start > 6 * engine::kSecond) QCOMPARE(rec.cause, Cause::Ok);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestStackModel2)
#include "test_stack_model2.moc"
