// Each failure-mode preset shows its cause, and a neighbouring configuration just inside the
// limit shows none (DuckDB-style: the cases are data, one driver runs them).
#include "qtest_suite.hpp"

#include <sstream>

#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"
#include "sim/stack.hpp"

using namespace gatetune;

namespace {
std::string preset(const char* rel) { return std::string(GATETUNE_SOURCE_DIR) + "/presets/" + rel; }
std::uint64_t count(const sim::RunResult& r, sim::Cause c) { return r.by_cause[static_cast<std::size_t>(c)]; }
}  // namespace

class TestFailureModes : public QObject {
    Q_OBJECT
private slots:
    void causeAppearsAndNeighbourIsClean_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("cause");
        QTest::addColumn<QString>("neighbour");
        auto row = [](const char* name, const char* file, sim::Cause c, const char* fix) {
            QTest::newRow(name) << QString(file) << int(c) << QString(fix);
        };
        row("pool exhaustion", "failure-modes/db-pool-exhaustion.toml", sim::Cause::DbPoolTimeout, "db_pool.pool_size=40");
        row("max_connections", "failure-modes/db-max-connections.toml", sim::Cause::DbTooManyClients, "db_server.other_connections=0");
        row("read timeout", "failure-modes/upstream-read-timeout.toml", sim::Cause::UpstreamReadTimeout, "http_client.read_timeout=40");
        row("slot collapse", "failure-modes/upstream-slot-collapse.toml", sim::Cause::UpstreamReadTimeout, "upstream.slots=0");
        row("blocked loop", "failure-modes/blocked-loop-kill.toml", sim::Cause::WorkerKilled, "request.blocking_call=10");
        row("sync kill", "failure-modes/sync-worker-kill.toml", sim::Cause::WorkerKilled, "server.worker_class=uvicorn");
        row("tpm 429", "failure-modes/upstream-tpm-429.toml", sim::Cause::UpstreamRateLimited, "upstream.tpm=100000");
        row("limit_concurrency", "failure-modes/concurrency-limit-503.toml", sim::Cause::ConcurrencyLimit, "server.limit_concurrency=0");
        row("alb idle 504", "failure-modes/alb-idle-timeout-504.toml", sim::Cause::LbIdleTimeout, "workload.stream=true");
        row("alb keep-alive race", "failure-modes/alb-keepalive-race-502.toml", sim::Cause::LbKeepaliveRace, "server.keepalive=75");
        row("gateway limiter", "failure-modes/gateway-limiter-429.toml", sim::Cause::GatewayRateLimited, "rate_limiter.requests_per_minute=30");
        row("deploy", "failure-modes/deploy-during-load.toml", sim::Cause::WorkerKilled, "server.graceful_timeout=120");
        row("upstream outage", "failure-modes/upstream-outage.toml", sim::Cause::UpstreamConnectError, "faults.upstream_outage=[]");
    }
    void causeAppearsAndNeighbourIsClean() {
        QFETCH(QString, file);
        QFETCH(int, cause);
        QFETCH(QString, neighbour);
        const auto c = static_cast<sim::Cause>(cause);
        sim::RunResult bad = sim::simulate(sim::load_preset(preset(qPrintable(file))));
        QVERIFY2(count(bad, c) > 0, qPrintable(QString("%1 shows no %2").arg(file, QString::fromUtf8(sim::to_string(c).data()))));
        bool explained = false;
        for (auto& e : bad.explanations) explained |= e.cause == c && !e.sentence.empty();
        QVERIFY2(explained, "the first occurrence of the cause is explained");
        sim::RunResult good = sim::simulate(sim::load_preset(preset(qPrintable(file)), {neighbour.toStdString()}));
        QCOMPARE(count(good, c), std::uint64_t{0});
    }

    void aBlockedLoopLosesNoConnection() {
        // A worker whose loop is blocked accepts nothing: new connections wait in the backlog for a
        // loop that comes round, and what the worker did hold — requests in flight, a connection
        // it accepted — closes when the arbiter kills it. No client is left waiting for its own
        // timeout (these seeds once handed a connection to the blocked worker and lost it).
        for (std::uint64_t seed = 1; seed <= 8; ++seed) {
            sim::Config cfg = sim::load_preset(preset("failure-modes/blocked-loop-kill.toml"));
            cfg.simulation.seed = seed;
            const sim::RunResult r = sim::simulate(cfg);
            QVERIFY(count(r, sim::Cause::WorkerKilled) > 0);
            QVERIFY2(count(r, sim::Cause::ClientTimeout) == 0, qPrintable(QString("seed %1").arg(seed)));
            for (const auto& rec : r.records)
                if (rec.cause == sim::Cause::WorkerKilled) QCOMPARE(rec.client_error, sim::ClientError::RemoteProtocolError);
        }
    }

    void poolTimeoutComesExactlyPoolTimeoutAfterTheWaitBegan() {
        sim::Config cfg = sim::load_preset(preset("failure-modes/db-pool-exhaustion.toml"));
        sim::RunResult r = sim::simulate(cfg);
        const auto wait = engine::from_seconds(cfg.db_pool.pool_timeout);
        int failures = 0;
        for (const auto& rec : r.records) {
            const auto waited = rec.phases[static_cast<std::size_t>(sim::Phase::DbPoolWait)];
            if (rec.cause == sim::Cause::DbPoolTimeout) {
                QCOMPARE(waited, wait);  // exactly pool_timeout, to the microsecond
                ++failures;
            } else {
                QVERIFY(waited < wait);
            }
        }
        QVERIFY(failures > 0);
    }

    void seedIncidentOutcomeIsPinned() {
        // One user, sequential calls: at most one request is in flight, so the defaults the report
        // blamed (15 connections per worker, 30 s worker timeout under uvicorn, per-request httpx
        // clients) cannot fail it — the longest call (3,737 + 321 tokens ≈ 5.5 s) stays far below
        // every timeout (docs/MODEL.md §1: awaiting I/O never trips gunicorn's timeout under uvicorn;
        // §3: one request holds one connection). All 12 succeed.
        sim::RunResult r = sim::simulate(sim::load_preset(preset("seed-incident.toml")));
        QCOMPARE(r.requests, std::uint64_t{12});
        QCOMPARE(count(r, sim::Cause::Ok), std::uint64_t{12});
        QCOMPARE(r.worker_timeouts, std::uint64_t{0});
        QCOMPARE(r.peaks.db_connections_total, std::int64_t{1});
        sim::RunResult f = sim::simulate(sim::load_preset(preset("seed-fixed.toml")));
        QCOMPARE(count(f, sim::Cause::Ok), std::uint64_t{12});
    }

    void reportsAreByteIdenticalForTheSameSeed() {
        sim::Config cfg = sim::load_preset(preset("failure-modes/blocked-loop-kill.toml"));
        std::ostringstream a, b, c;
        sim::write_report(a, sim::simulate(cfg), sim::ReportFormat::Json);
        sim::write_report(b, sim::simulate(cfg), sim::ReportFormat::Json);
        QVERIFY(a.str() == b.str());
        cfg.simulation.seed = 99;
        sim::write_report(c, sim::simulate(cfg), sim::ReportFormat::Json);
        QVERIFY(a.str() != c.str());
    }

    void traceReplaySendsEveryRowAtItsTime() {
        sim::RunResult r = sim::simulate(sim::load_preset(preset("trace-replay.toml")));
        QCOMPARE(r.requests, std::uint64_t{300});
        sim::RunResult fast = sim::simulate(sim::load_preset(preset("trace-replay.toml"), {"workload.time_scale=0.5"}));
        QCOMPARE(fast.requests, std::uint64_t{300});
        QVERIFY(fast.duration < r.duration);
    }

    void littlesLawHoldsOnTheTimeSeries() {
        // Mean in-flight over time = throughput × mean latency (open loop, long enough run).
        sim::Config cfg = sim::load_preset(preset("open-loop.toml"));
        cfg.simulation.sample_interval = 0.1;
        sim::RunResult r = sim::simulate(cfg);
        const auto col = *r.timeseries.column_index("in_flight");
        double sum = 0;
        for (std::size_t i = 0; i < r.timeseries.row_count(); ++i) sum += r.timeseries.at(i, col);
        const double mean_in_flight = sum / static_cast<double>(r.timeseries.row_count());
        const double span = engine::to_seconds(static_cast<engine::SimTime>(r.timeseries.row_count()) * r.timeseries.interval());
        const double l_from_latency = static_cast<double>(r.requests) / span * r.latency.mean() / 1e6;
        QVERIFY2(std::abs(mean_in_flight - l_from_latency) / l_from_latency < 0.05,
                 qPrintable(QString("L=%1 from samples, λW=%2").arg(mean_in_flight).arg(l_from_latency)));
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestFailureModes)
#include "test_failure_modes.moc"
