// The arrival schedule shared by the simulator and the live load generator: the simulated
// open-loop and trace runs send exactly the planned arrivals at the planned instants, and
// session pacing draws from the user's own stream.
#include "qtest_suite.hpp"

#include <algorithm>

#include "qtest_std_string.hpp"
#include "sim/arrival_schedule.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/stack.hpp"

using namespace gatetune::sim;

class TestArrivalSchedule : public QObject {
    Q_OBJECT

private slots:
    void simulated_open_loop_follows_the_plan() {
        Config cfg = load_preset(std::string(GATETUNE_SOURCE_DIR) + "/presets/open-loop.toml");
        cfg.workload.duration = 20;
        cfg.workload.steps = {{8.0, 20.0}};
        cfg.workload.api_keys = 3;
        cfg.simulation.record_requests = true;
        const auto plan = open_loop_arrivals(cfg.workload, gatetune::engine::RngStreams(cfg.simulation.seed));
        QVERIFY(plan.size() > 150);
        // The ramp and the step show: fewer arrivals before 8 s than after.
        const auto early = std::count_if(plan.begin(), plan.end(), [](const Arrival& a) { return a.at < 8'000'000; });
        QVERIFY(early < static_cast<long>(plan.size()) / 3);
        RunResult r = simulate(cfg);
        QCOMPARE(r.records.size(), plan.size());
        std::sort(r.records.begin(), r.records.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
        for (std::size_t i = 0; i < plan.size(); ++i) {
            QCOMPARE(r.records[i].start, plan[i].at);
            QCOMPARE(r.records[i].api_key, plan[i].api_key);
            QCOMPARE(r.records[i].api_key, static_cast<int>(i % 3));
            QCOMPARE(r.records[i].input_tokens, plan[i].input_tokens);
            QCOMPARE(r.records[i].output_tokens, plan[i].output_tokens);
        }
    }

    void trace_rows_become_arrivals() {
        WorkloadConfig w;
        w.api_keys = 2;
        w.time_scale = 0.5;
        w.stream = true;
        const std::vector<TraceRow> rows{{1.0, 10, 5, -1, std::nullopt}, {2.0, 20, 6, 7, false}, {3.0, 30, 7, -1, std::nullopt}};
        const auto a = trace_arrivals(w, rows);
        QCOMPARE(a.size(), std::size_t{3});
        QCOMPARE(a[0].at, std::int64_t{500'000});
        QCOMPARE(a[1].at, std::int64_t{1'000'000});
        QCOMPARE(a[0].api_key, 0);
        QCOMPARE(a[1].api_key, 7);
        QCOMPARE(a[2].api_key, 0);  // row index 2 mod 2 keys
        QVERIFY(a[0].stream && !a[1].stream);
        QCOMPARE(a[2].input_tokens, 30);
    }

    void session_pacing_is_per_user() {
        WorkloadConfig w;
        w.start_spread = 10;
        w.think_time = gatetune::engine::Distribution::exponential(2.0);
        const gatetune::engine::RngStreams streams(7);
        SessionPacing a(w, streams, 1), again(w, streams, 1), other(w, streams, 2);
        const auto start = a.start_delay();
        QVERIFY(start && *start >= 0 && *start < 10'000'000);
        QCOMPARE(again.start_delay(), start);
        QVERIFY(other.start_delay() != start);
        QCOMPARE(a.think_time(), again.think_time());
        // No spread and no think time: no wait at all, not a zero-length one.
        const WorkloadConfig defaults;
        SessionPacing none(defaults, streams, 1);
        QVERIFY(!none.start_delay());
        QVERIFY(!none.think_time());
        QCOMPARE(session_api_key(w, 5), 0);
        w.api_keys = 3;
        QCOMPARE(session_api_key(w, 5), 2);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestArrivalSchedule)
#include "test_arrival_schedule.moc"
