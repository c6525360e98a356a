// The simulator against measured runs of the real stack (docs/reference-runs): same statuses
// and causes (counts within a few requests) and similar latency percentiles. The runs are part of
// the repository; a missing or unreadable one fails the suite instead of skipping it.
#include "qtest_suite.hpp"

#include <filesystem>
#include <map>

#include "reference_scenario.hpp"
#include "sim/stack.hpp"

using namespace gatetune;

namespace {
constexpr const char* kRuns[] = {"02b_pool_exhaustion_no_keepalive", "04_gunicorn_timeout_async_await",
                                  "04b_gunicorn_timeout_sync_worker"};

std::string reference_path(const char* name) { return std::string(GATETUNE_SOURCE_DIR) + "/docs/reference-runs/" + name + ".json"; }

double p(const engine::LatencyHistogram& h, double q) { return engine::to_seconds(h.percentile(q)); }

void dump(const sim::RunResult& r) {
    QString s;
    for (auto& [k, v] : r.by_status) s += QString("%1=%2 ").arg(QString::fromStdString(k)).arg(v);
    qInfo("%s: %s p50=%.3f p90=%.3f p99=%.3f max=%.3f timeouts=%llu boots=%llu", r.preset.c_str(), qPrintable(s),
          p(r.latency, 50), p(r.latency, 90), p(r.latency, 99), p(r.latency, 100),
          static_cast<unsigned long long>(r.worker_timeouts), static_cast<unsigned long long>(r.worker_boots));
    for (auto& e : r.explanations) qInfo("  %s", e.sentence.c_str());
}
}  // namespace

class TestReferenceRuns : public QObject {
    Q_OBJECT

    std::map<std::string, nlohmann::json> runs_;
    const nlohmann::json& load(const char* name) const { return runs_.at(name); }

private slots:
    void initTestCase() {
        for (const char* name : kRuns) {
            const std::string path = reference_path(name);
            QVERIFY2(std::filesystem::exists(path),
                     qPrintable(QString("reference run %1 is missing: docs/reference-runs/ must hold every run this "
                                        "suite compares against").arg(QString::fromStdString(path))));
            try {
                runs_[name] = testing::load_json(path);
            } catch (const std::exception& e) {
                QFAIL(qPrintable(QString("reference run %1 cannot be read: %2").arg(QString::fromStdString(path), e.what())));
            }
        }
    }

    void poolExhaustionNoKeepalive() {
        nlohmann::json ref = load("02b_pool_exhaustion_no_keepalive");
        sim::Config cfg = testing::config_from_reference(ref["scenario"]);
        sim::RunResult r = sim::simulate(cfg);
        dump(r);
        const auto& real = ref["runs"][0];
        const double real_500 = real["by_status"]["500"];
        const double real_200 = real["by_status"]["200"];
        QCOMPARE(r.requests, std::uint64_t{480});
        // Every failure is the QueuePool timeout, as in the real run.
        QCOMPARE(r.by_cause[static_cast<std::size_t>(sim::Cause::DbPoolTimeout)], r.by_status["500"]);
        QVERIFY2(std::abs(double(r.by_status["200"]) - real_200) <= 6, "200s within a few requests of the real run");
        QVERIFY(std::abs(double(r.by_status["500"]) - real_500) <= 6);
        // Failures wait exactly pool_timeout (plus the request's small CPU and query costs).
        const auto& fails = r.latency_by_status.at("500");
        QVERIFY(p(fails, 50) >= 1.0 && p(fails, 50) <= 1.0 + 0.1);
        QCOMPARE(r.worker_timeouts, std::uint64_t{0});
    }

    void uvicornAwaitIsNotKilled() {
        nlohmann::json ref = load("04_gunicorn_timeout_async_await");
        sim::Config cfg = testing::config_from_reference(ref["scenario"]);
        sim::RunResult r = sim::simulate(cfg);
        dump(r);
        QCOMPARE(r.requests, std::uint64_t{16});
        QCOMPARE(r.by_status["200"], std::uint64_t{16});
        QCOMPARE(r.worker_timeouts, std::uint64_t{0});
        QCOMPARE(r.worker_boots, std::uint64_t{1});
        const double real_p50 = ref["runs"][0]["latency_s"]["p50"];
        QVERIFY(std::abs(p(r.latency, 50) - real_p50) / real_p50 < 0.05);
    }

    void syncWorkerIsKilledEveryTime() {
        nlohmann::json ref = load("04b_gunicorn_timeout_sync_worker");
        sim::Config cfg = testing::config_from_reference(ref["scenario"]);
        sim::RunResult r = sim::simulate(cfg);
        dump(r);
        const auto& real = ref["runs"][0];
        QCOMPARE(r.requests, std::uint64_t{16});
        QCOMPARE(r.by_status["RemoteProtocolError"], std::uint64_t{16});
        QCOMPARE(r.by_cause[static_cast<std::size_t>(sim::Cause::WorkerKilled)], std::uint64_t{16});
        QCOMPARE(r.worker_timeouts, real["worker_timeouts"].get<std::uint64_t>());
        QCOMPARE(r.worker_boots, real["worker_boots"].get<std::uint64_t>());
        const double real_p50 = real["latency_s"]["p50"], real_min = real["latency_s"]["min"];
        // The first wave dies when the arbiter's 1 s check first sees > timeout of silence.
        QVERIFY(std::abs(p(r.latency, 0) - real_min) < 0.6);
        // Every later request waits one kill-and-respawn cycle and is killed ≈ timeout + the
        // arbiter's phase after its accept: ≈ 6.5 s in the real run.
        QVERIFY(std::abs(p(r.latency, 50) - real_p50) < 0.6);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestReferenceRuns)
#include "test_reference_runs.moc"
