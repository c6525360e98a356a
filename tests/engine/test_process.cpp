// Processes as coroutines: exact simulated times at each step, children, joins, kills.
#include "qtest_suite.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "engine/process.hpp"
#include "engine/resource.hpp"

using namespace gatetune::engine;

namespace {

struct Log {
    std::vector<std::pair<SimTime, std::string>> entries;
    void add(SimTime t, std::string what) { entries.emplace_back(t, std::move(what)); }
};

Task<int> answer_after(Simulation& sim, SimTime d, int v) {
    co_await sim.delay(d);
    co_return v;
}

Task<> walker(Simulation& sim, Log& log, std::string name, SimTime step, int steps) {
    for (int i = 0; i < steps; ++i) {
        co_await sim.delay(step);
        log.add(sim.now(), name);
    }
}

Task<> thrower(Simulation& sim) {
    co_await sim.delay(5);
    throw std::runtime_error("boom");
}

Task<> holder(Simulation& sim, Resource& r, Log& log, int& child_steps) {
    Acquired a = co_await r.acquire();
    log.add(sim.now(), "holder got");
    co_await spawn_child(sim, [](Simulation& s, int& steps) -> Task<> {
        for (;;) {
            co_await s.delay(10);
            ++steps;
        }
    }(sim, child_steps));
    co_await sim.delay(1000);
    log.add(sim.now(), "holder done");  // never reached: killed at 100
}

}  // namespace

class TestProcess : public QObject {
    Q_OBJECT
private slots:
    void delaysInterleaveAtExactTimes() {
        Simulation sim;
        Log log;
        sim.spawn(walker(sim, log, "a", 3, 3));
        sim.spawn(walker(sim, log, "b", 2, 3));
        sim.run();
        std::vector<std::pair<SimTime, std::string>> want{{2, "b"}, {3, "a"}, {4, "b"}, {6, "a"}, {6, "b"}, {9, "a"}};
        // At t=6 "a" was scheduled (at t=3) before "b" (at t=4): insertion order breaks the tie.
        QCOMPARE(log.entries, want);
        QCOMPARE(sim.now(), SimTime{9});
        QCOMPARE(sim.live_processes(), std::size_t{0});
    }

    void taskReturnsValueToAwaiter() {
        Simulation sim;
        int got = 0;
        SimTime at = 0;
        sim.spawn([](Simulation& s, int& g, SimTime& t) -> Task<> {
            g = co_await answer_after(s, 7, 41) + 1;
            t = s.now();
        }(sim, got, at));
        sim.run();
        QCOMPARE(got, 42);
        QCOMPARE(at, SimTime{7});
    }

    void exceptionsPropagateToAwaiterAndToRun() {
        Simulation sim;
        bool caught = false;
        sim.spawn([](Simulation& s, bool& c) -> Task<> {
            try {
                co_await thrower(s);
            } catch (const std::runtime_error&) {
                c = true;
            }
        }(sim, caught));
        sim.run();
        QVERIFY(caught);

        Simulation sim2;
        sim2.spawn(thrower(sim2));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, sim2.run());
    }

    void joinWaitsForEndAndReportsStatus() {
        Simulation sim;
        Log log;
        Process worker = sim.spawn(walker(sim, log, "w", 5, 2));
        ProcessStatus seen = ProcessStatus::Alive;
        SimTime joined_at = -1;
        sim.spawn([](Simulation& s, Process p, ProcessStatus& st, SimTime& t) -> Task<> {
            st = co_await p.join();
            t = s.now();
        }(sim, worker, seen, joined_at));
        sim.run();
        QCOMPARE(joined_at, SimTime{10});
        QVERIFY(seen == ProcessStatus::Finished);
        QVERIFY(!worker.alive());
    }

    void killReleasesWhatItHeldAndKillsChildren() {
        Simulation sim;
        Resource r(sim, 1);
        Log log;
        int child_steps = 0;
        Process h = sim.spawn(holder(sim, r, log, child_steps));
        SimTime other_got = -1;
        sim.spawn([](Simulation& s, Resource& res, SimTime& t) -> Task<> {
            co_await s.delay(1);
            Acquired a = co_await res.acquire();
            t = s.now();
        }(sim, r, other_got));
        sim.run_until(100);
        QCOMPARE(r.in_use(), std::int64_t{1});
        QCOMPARE(r.waiting(), std::size_t{1});
        QCOMPARE(sim.live_processes(), std::size_t{3});  // holder, its child, the waiter
        h.kill();
        QVERIFY(h.status() == ProcessStatus::Killed);
        QCOMPARE(sim.live_processes(), std::size_t{1});  // child killed with its parent
        const int steps_at_kill = child_steps;
        QCOMPARE(steps_at_kill, 10);
        sim.run();
        QCOMPARE(child_steps, steps_at_kill);  // the child never ran again
        QCOMPARE(other_got, SimTime{100});     // the unit was handed on at the kill
        QCOMPARE(r.in_use(), std::int64_t{0});
        QCOMPARE(log.entries.size(), std::size_t{1});  // "holder done" never logged
    }

    void childrenOutliveParentThatFinishes() {
        Simulation sim;
        int steps = 0;
        sim.spawn([](Simulation& s, int& n) -> Task<> {
            co_await spawn_child(s, [](Simulation& s2, int& m) -> Task<> {
                co_await s2.delay(50);
                ++m;
            }(s, n));
            co_await s.delay(1);
        }(sim, steps));
        sim.run();
        QCOMPARE(steps, 1);
        QCOMPARE(sim.now(), SimTime{50});
    }

    void frameHoldingLastHandleToItsOwnProcessEndsCleanly() {
        // A process whose frame owns (through a shared object) the only handle to itself: the
        // handle drops while the frame is destroyed at the end, and while it is killed.
        struct Job {
            Process self;
        };
        for (bool kill_it : {false, true}) {
            Simulation sim;
            auto job = std::make_shared<Job>();
            job->self = sim.spawn([](Simulation& s, std::shared_ptr<Job>) -> Task<> {
                co_await s.delay(10);
            }(sim, job));
            Process keep = job->self;
            job.reset();
            keep = Process{};
            if (kill_it) {
                sim.run_until(5);
                QCOMPARE(sim.live_processes(), std::size_t{1});
                sim.shutdown();
            } else {
                sim.run();
            }
            QCOMPARE(sim.live_processes(), std::size_t{0});
        }
    }

    void processCannotKillItself() {
        Simulation sim;
        bool threw = false;
        sim.spawn([](Simulation& s, bool& t) -> Task<> {
            ProcessState* me = co_await this_process();
            try {
                s.kill(me);
            } catch (const std::logic_error&) {
                t = true;
            }
        }(sim, threw));
        sim.run();
        QVERIFY(threw);
    }

    void anyOfReturnsFirstTriggerOrTimeout() {
        Simulation sim;
        Trigger done(sim);
        int first = 99, second = 99;
        SimTime t1 = -1, t2 = -1;
        sim.spawn([](Simulation& s, Trigger& d, int& r, SimTime& t) -> Task<> {
            r = co_await any_of(s, 30, d);
            t = s.now();
        }(sim, done, first, t1));
        sim.spawn([](Simulation& s, Trigger& d) -> Task<> {
            co_await s.delay(20);
            d.fire();
        }(sim, done));
        Trigger never(sim);
        sim.spawn([](Simulation& s, Trigger& n, int& r, SimTime& t) -> Task<> {
            r = co_await any_of(s, 30, n);
            t = s.now();
        }(sim, never, second, t2));
        sim.run();
        QCOMPARE(first, 0);
        QCOMPARE(t1, SimTime{20});
        QCOMPARE(second, AnyOf::kTimedOut);
        QCOMPARE(t2, SimTime{30});
        QCOMPARE(sim.pending_events(), std::size_t{0});  // the cancelled timer left nothing behind
    }

    void destroyingSimulationWithLiveProcessesLeaksNothing() {
        // Run under ASan (asan preset): a leak or use-after-free here fails the suite.
        auto sim = std::make_unique<Simulation>();
        Resource r(*sim, 1);
        Log log;
        for (int i = 0; i < 5; ++i) sim->spawn(walker(*sim, log, "x", 10, 1000));
        sim->spawn([](Simulation& s, Resource& res) -> Task<> {
            Acquired a = co_await res.acquire();
            co_await s.delay(kSecond);
        }(*sim, r));
        sim->spawn([](Simulation&, Resource& res) -> Task<> { Acquired a = co_await res.acquire(); }(*sim, r));
        sim->run_until(55);
        sim.reset();
        QCOMPARE(r.in_use(), std::int64_t{0});
        QCOMPARE(r.waiting(), std::size_t{0});
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestProcess)
#include "test_process.moc"
