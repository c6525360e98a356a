// The live gateway's emulated database server runs at most db_server.max_parallel_queries
// statements at once across all its worker processes (on SQLite; sim/db_cpus.hpp), the others
// waiting their turn, as the simulator's server does; and a worker killed on a server CPU gives it
// back when the master reaps it.
//
// Each request here makes two statements of a fixed 0.2 s (the API key, the usage write; a commit
// of no time) on sync workers, one request per worker process at a time. With one server CPU
// their service times cannot overlap, so the load's wall time is at least their sum however busy
// the machine is; with a CPU each they overlap.
#include "qtest_suite.hpp"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "live/live_stack.hpp"
#include "live/raw_http.hpp"
#include "sim/metric_names.hpp"

using namespace gatetune;
using test::raw_exchange;

namespace {

constexpr double kStatement = 0.2;
constexpr int kStatementsPerRequest = 2;

const char* kPreset = R"(name = "live-db-cpus"
[server]
worker_class = "sync"
boot_time = 0.1
timeout = 30
[upstream]
ttft_base = 0.01
time_per_output_token = 0.001
[request]
api_key_queries = 1
session_lookup = false
private_key_queries = 0
usage_writes = 1
[db_pool]
connect_time = 0
[db_server]
query_time = 0.2
commit_time = 0
round_trip = 0
[workload]
users = 1
calls = [[10, 5]]
)";

struct Load {
    double seconds = 0;       // first request sent to last answer
    int ok = 0;
    std::set<std::string> workers;  // x-gatetune-worker of the answers
};

// `n` requests at once, each on its own connection.
Load concurrent_requests(const test::LiveStack& s, int n) {
    std::vector<test::RawReply> replies(static_cast<std::size_t>(n));
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> callers;
    for (int i = 0; i < n; ++i)
        callers.emplace_back([&, i] {
            std::string user = "u";
            user += std::to_string(i);
            replies[static_cast<std::size_t>(i)] = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5, false, user)), 20);
        });
    for (auto& t : callers) t.join();
    Load l;
    l.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (const auto& r : replies) {
        l.ok += r.status() == 200;
        l.workers.insert(r.header("x-gatetune-worker"));
    }
    return l;
}

std::string metrics(const test::LiveStack& s) {
    return raw_exchange(s.gateway_port, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").body();
}

// The value of an unlabelled family in /metrics text; -1 when absent.
long long single_value(const std::string& text, sim::Metric m) {
    const std::string name = std::string(sim::prometheus_name(m)) + " ";
    const auto at = text.find("\n" + name);
    return at == std::string::npos ? -1 : std::atoll(text.c_str() + at + 1 + name.size());
}

// The per-worker family summed over workers; -1 when absent.
long long summed(const std::string& text, sim::Metric m) {
    const std::string name = std::string(sim::prometheus_name(m)) + "{worker=\"";
    long long sum = -1;
    for (auto at = text.find("\n" + name); at != std::string::npos; at = text.find("\n" + name, at + 1)) {
        const auto value = text.find("} ", at);
        sum = std::max(sum, 0LL) + std::atoll(text.c_str() + value + 2);
    }
    return sum;
}

}  // namespace

class TestLiveDbCpus : public QObject {
    Q_OBJECT
private slots:
    // Four workers each with one request: with one server CPU the eight statements take turns.
    void oneServerCpuSerialisesStatementsOfAllWorkers() {
        constexpr int kRequests = 4;
        test::LiveStack s;
        QVERIFY2(s.start(kPreset, 1.0, {}, {"server.workers=4", "db_server.max_parallel_queries=1"}), s.gateway_log().c_str());
        const Load l = concurrent_requests(s, kRequests);
        const double serial = kRequests * kStatementsPerRequest * kStatement;
        qInfo("one server CPU: %d requests in %.3f s (their statements' sum %.1f s), on %zu workers", kRequests, l.seconds, serial,
              l.workers.size());
        QCOMPARE(l.ok, kRequests);
        QVERIFY2(l.workers.size() >= 2, "the requests did not reach several worker processes");
        QVERIFY2(l.seconds >= serial, "statements of different workers ran on the one server CPU at once");
        // Every CPU given back, no statement left waiting.
        const std::string m = metrics(s);
        QCOMPARE(single_value(m, sim::Metric::DbCpuBusy), 0LL);
        QCOMPARE(summed(m, sim::Metric::DbCpuWaiting), 0LL);
    }

    // The same load with a CPU for every statement: the requests overlap.
    void enoughServerCpusRunThemAtOnce() {
        constexpr int kRequests = 4;
        test::LiveStack s;
        QVERIFY2(s.start(kPreset, 1.0, {}, {"server.workers=4", "db_server.max_parallel_queries=64"}), s.gateway_log().c_str());
        const Load l = concurrent_requests(s, kRequests);
        const double serial = kRequests * kStatementsPerRequest * kStatement;
        qInfo("64 server CPUs: %d requests in %.3f s (their statements' sum %.1f s, one request's %.1f s), on %zu workers", kRequests,
              l.seconds, serial, kStatementsPerRequest * kStatement, l.workers.size());
        QCOMPARE(l.ok, kRequests);
        QVERIFY2(l.seconds < serial, "statements took turns with CPUs to spare");
    }

    // A worker killed while its statement is on the only CPU: the master gives the CPU back when
    // it reaps the worker, so the next request is served rather than waiting for good.
    void aKilledWorkersCpuIsGivenBack() {
        test::LiveStack s;
        QVERIFY2(s.start(kPreset, 1.0, {}, {"server.worker_class=uvicorn", "server.workers=1", "db_server.max_parallel_queries=1",
                                            "db_server.query_time=1.5"}),
                 s.gateway_log().c_str());
        const std::string booted = "Booting worker with pid: ";
        const std::string log = s.gateway_log();
        const auto at = log.find(booted);
        QVERIFY2(at != std::string::npos, log.c_str());
        const pid_t worker = std::atoi(log.c_str() + at + booted.size());
        QVERIFY(worker > 0);
        std::thread doomed([&] { raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5)), 10); });
        // The uvicorn worker's loop answers /metrics while its database thread holds the CPU.
        bool on_cpu = false;
        for (int i = 0; i < 200 && !on_cpu; ++i) {
            on_cpu = single_value(metrics(s), sim::Metric::DbCpuBusy) == 1;
            if (!on_cpu) QTest::qWait(10);
        }
        ::kill(worker, SIGKILL);
        doomed.join();
        QVERIFY(on_cpu);
        QVERIFY(s.wait_for_log("was sent SIGKILL", 10).find("was sent SIGKILL") != std::string::npos);
        // Its replacement boots; its statements need the CPU the dead worker held.
        auto r = raw_exchange(s.gateway_port, test::chat_request(s.key, test::chat_body(10, 5, false, "after")), 20);
        QCOMPARE(r.status(), 200);
        const std::string m = metrics(s);
        QCOMPARE(single_value(m, sim::Metric::DbCpuBusy), 0LL);
        QCOMPARE(summed(m, sim::Metric::DbCpuWaiting), 0LL);
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestLiveDbCpus)
#include "test_live_db_cpus.moc"
