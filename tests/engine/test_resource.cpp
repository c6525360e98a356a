// Resource, Store and TokenBucket: FIFO grants, exact timeouts, cancellation, rates.
#include "qtest_suite.hpp"

#include <vector>

#include "engine/process.hpp"
#include "engine/resource.hpp"
#include "engine/store.hpp"
#include "engine/token_bucket.hpp"

using namespace gatetune::engine;

namespace {
struct Outcome {
    bool granted = false;
    SimTime waited = -1;
    SimTime at = -1;
};

Task<> hold_for(Simulation& sim, Resource& r, SimTime d) {
    Acquired a = co_await r.acquire();
    co_await sim.delay(d);
}

Task<> try_for(Simulation& sim, Resource& r, SimTime start, SimTime timeout, SimTime hold, Outcome& out) {
    co_await sim.delay(start);
    Acquired a = co_await r.acquire(timeout);
    out = {a.granted(), a.waited, sim.now()};
    if (a.granted()) co_await sim.delay(hold);
}
}  // namespace

class TestResource : public QObject {
    Q_OBJECT
private slots:
    void timeoutFiresAtExactlyItsTime() {
        Simulation sim;
        Resource r(sim, 1);
        sim.spawn(hold_for(sim, r, 100));
        Outcome o;
        sim.spawn(try_for(sim, r, 10, 30, 0, o));
        sim.run();
        QVERIFY(!o.granted);
        QCOMPARE(o.at, SimTime{40});
        QCOMPARE(o.waited, SimTime{30});
        QCOMPARE(r.waiting(), std::size_t{0});
        QCOMPARE(r.in_use(), std::int64_t{0});
    }

    void grantJustBeforeTimeoutWins() {
        Simulation sim;
        Resource r(sim, 1);
        sim.spawn(hold_for(sim, r, 39));
        Outcome o;
        sim.spawn(try_for(sim, r, 10, 30, 5, o));
        sim.run();
        QVERIFY(o.granted);
        QCOMPARE(o.at, SimTime{39});
        QCOMPARE(o.waited, SimTime{29});
    }

    void waitersAreServedFirstComeFirstServed() {
        Simulation sim;
        Resource r(sim, 2);
        std::vector<Outcome> o(5);
        for (int i = 0; i < 5; ++i) sim.spawn(try_for(sim, r, i, kForever, 10, o[static_cast<std::size_t>(i)]));
        sim.run();
        std::vector<SimTime> got;
        for (auto& x : o) got.push_back(x.at);
        QCOMPARE(got, (std::vector<SimTime>{0, 1, 10, 11, 20}));
    }

    void cancelledWaiterNeverGetsItAndNextDoes() {
        Simulation sim;
        Resource r(sim, 1);
        sim.spawn(hold_for(sim, r, 100));
        Outcome b, c;
        Process pb = sim.spawn(try_for(sim, r, 1, kForever, 10, b));
        sim.spawn(try_for(sim, r, 2, kForever, 10, c));
        sim.run_until(50);
        QCOMPARE(r.waiting(), std::size_t{2});
        pb.kill();
        QCOMPARE(r.waiting(), std::size_t{1});
        sim.run();
        QCOMPARE(b.at, SimTime{-1});  // never granted
        QVERIFY(c.granted);
        QCOMPARE(c.at, SimTime{100});
    }

    void killedBetweenGrantAndResumeHandsUnitOn() {
        Simulation sim;
        Resource r(sim, 1);
        Outcome b, c;
        Process pb = sim.spawn(try_for(sim, r, 1, kForever, 10, b));
        sim.spawn(try_for(sim, r, 2, kForever, 10, c));
        Process holder = sim.spawn(hold_for(sim, r, 50));
        sim.run_until(49);
        // At t=50 the holder releases and b is granted (its resumption queued); kill b at that
        // instant from another process that runs right after the release.
        sim.spawn([](Simulation& s, Process victim) -> Task<> {
            co_await s.delay(1);
            victim.kill();
        }(sim, pb));
        sim.run();
        QCOMPARE(b.at, SimTime{-1});
        QVERIFY(c.granted);
        QCOMPARE(r.in_use(), std::int64_t{0});
    }

    void growingCapacityWakesWaiters() {
        Simulation sim;
        Resource r(sim, 0);
        Outcome o;
        sim.spawn(try_for(sim, r, 0, kForever, 1, o));
        sim.run_until(5);
        r.set_capacity(1);
        sim.run();
        QCOMPARE(o.at, SimTime{5});
        auto l = r.try_acquire();
        QVERIFY(l.has_value());
        QVERIFY(!r.try_acquire().has_value());
    }

    void storeHandsItemsInOrder() {
        Simulation sim;
        Store<int> st(sim, 2);
        std::vector<std::pair<SimTime, int>> got;
        sim.spawn([](Simulation& s, Store<int>& q, std::vector<std::pair<SimTime, int>>& g) -> Task<> {
            for (int i = 0; i < 3; ++i) {
                std::optional<int> v = co_await q.get();
                g.emplace_back(s.now(), *v);
            }
        }(sim, st, got));
        bool fourth_accepted = true;
        sim.spawn([](Simulation& s, Store<int>& q, bool& fourth) -> Task<> {
            co_await s.delay(5);
            q.put(1);
            q.put(2);
            q.put(3);
            fourth = q.put(4);  // capacity 2 with one handed straight to the getter
        }(sim, st, fourth_accepted));
        sim.run();
        QVERIFY(!fourth_accepted);
        QCOMPARE(got, (std::vector<std::pair<SimTime, int>>{{5, 1}, {5, 2}, {5, 3}}));
    }

    void storeGetTimesOutExactly() {
        Simulation sim;
        Store<int> st(sim);
        std::optional<int> got = 7;
        SimTime at = -1;
        sim.spawn([](Simulation& s, Store<int>& q, std::optional<int>& g, SimTime& t) -> Task<> {
            g = co_await q.get(25);
            t = s.now();
        }(sim, st, got, at));
        sim.run();
        QVERIFY(!got.has_value());
        QCOMPARE(at, SimTime{25});
        QCOMPARE(st.getters_waiting(), std::size_t{0});
        QVERIFY(st.put(1));  // nobody waits any more: it is buffered
        QCOMPARE(st.size(), std::size_t{1});
    }

    void storeLifoTakesNewestItemFirst() {
        Simulation sim;
        Store<int> st(sim);
        st.set_lifo(true);
        st.put(1);
        st.put(2);
        st.put(3);
        QCOMPARE(*st.try_get(), 3);
        QCOMPARE(*st.try_get(), 2);
    }

    void tokenBucketRefillsAtItsRate() {
        TokenBucket b(60, 2);  // 1 token per second, burst 2
        QVERIFY(b.try_take(0, 2));
        QVERIFY(!b.try_take(0, 1));
        QCOMPARE(b.wait_time(0, 1), kSecond);
        QVERIFY(!b.try_take(kSecond - 1, 1));
        QVERIFY(b.try_take(kSecond, 1));
        QCOMPARE(b.available(100 * kSecond), std::int64_t{2});  // capped at the burst
        QCOMPARE(b.wait_time(0, 3), kForever);
        TokenBucket tpm(30'000, 30'000);
        QVERIFY(tpm.try_take(0, 29'000));
        QVERIFY(!tpm.try_take(0, 2'000));
        QCOMPARE(tpm.wait_time(0, 2'000), 2 * kSecond);  // 1,000 missing at 500 tokens/s
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestResource)
#include "test_resource.moc"
