// The event set orders by (time, insertion sequence) and cancels in place.
#include "qtest_suite.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include "engine/event_set.hpp"

using namespace gatetune::engine;

class TestEventSet : public QObject {
    Q_OBJECT

    template <class Heap>
    void check_random_order_with_cancellation() {
        BasicEventSet<Heap> set;
        std::vector<std::unique_ptr<EventNode>> nodes;
        std::uint64_t x = 12345;
        auto rnd = [&] { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x; };
        struct Expect { SimTime t; std::size_t id; };
        std::vector<Expect> expected;
        for (std::size_t i = 0; i < 5000; ++i) {
            nodes.push_back(std::make_unique<EventNode>());
            SimTime t = static_cast<SimTime>(rnd() % 200);  // many ties
            set.schedule(*nodes.back(), t, 0);
            expected.push_back({t, i});
        }
        // Cancel every third event.
        std::vector<bool> cancelled(nodes.size());
        for (std::size_t i = 0; i < nodes.size(); i += 3) {
            set.cancel(*nodes[i]);
            QVERIFY(!nodes[i]->queued());
            cancelled[i] = true;
        }
        std::erase_if(expected, [&](const Expect& e) { return cancelled[e.id]; });
        std::stable_sort(expected.begin(), expected.end(), [](auto& a, auto& b) { return a.t < b.t; });
        for (const Expect& e : expected) {
            QVERIFY(!set.empty());
            EventNode* n = set.pop();
            QCOMPARE(n, nodes[e.id].get());
            QCOMPARE(n->time, e.t);
        }
        QVERIFY(set.empty());
    }

private slots:
    void binaryHeapOrdersAndCancels() { check_random_order_with_cancellation<BinaryHeap>(); }
    void quaternaryHeapOrdersAndCancels() { check_random_order_with_cancellation<QuaternaryHeap>(); }
    void adaptiveHeapOrdersAndCancels() { check_random_order_with_cancellation<AdaptiveQuaternaryHeap>(); }

    // The adaptive heap switches between its flat and heap layouts as the population crosses
    // its thresholds: a population wandering from 0 to 60 (schedules, pops and cancels, many
    // ties) must come out in exactly the order of the plain heap, event for event.
    void adaptiveHeapMatchesTheHeapAcrossLayouts() {
        BasicEventSet<QuaternaryHeap> ref;
        BasicEventSet<AdaptiveQuaternaryHeap> set;
        constexpr std::size_t kNodes = 128;
        std::vector<std::unique_ptr<EventNode>> a(kNodes), b(kNodes);
        for (std::size_t i = 0; i < kNodes; ++i) {
            a[i] = std::make_unique<EventNode>();
            b[i] = std::make_unique<EventNode>();
        }
        std::uint64_t x = 987654321;
        auto rnd = [&] { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x; };
        SimTime now = 0;
        std::size_t pending = 0, target = 0, popped = 0;
        for (int step = 0; step < 200'000; ++step) {
            if (step % 500 == 0) target = static_cast<std::size_t>(rnd() % 61);
            const std::uint64_t r = rnd();
            if (pending < target || (pending > 0 && r % 7 == 0 && pending <= target)) {
                // Schedule an idle node (its index is the same in both sets).
                std::size_t i = static_cast<std::size_t>(r % kNodes);
                while (a[i]->queued()) i = (i + 1) % kNodes;
                const SimTime at = now + static_cast<SimTime>((r >> 8) % 3 == 0 ? 0 : (r >> 16) % 50);
                ref.schedule(*a[i], at, now);
                set.schedule(*b[i], at, now);
                ++pending;
            } else if (pending > 0 && r % 5 == 0) {
                // Cancel a queued node.
                std::size_t i = static_cast<std::size_t>((r >> 3) % kNodes);
                while (!a[i]->queued()) i = (i + 1) % kNodes;
                ref.cancel(*a[i]);
                set.cancel(*b[i]);
                QVERIFY(!b[i]->queued());
                --pending;
            } else if (pending > 0) {
                EventNode* m = ref.pop();
                EventNode* n = set.pop();
                const auto ia = static_cast<std::size_t>(std::find_if(a.begin(), a.end(), [&](auto& p) { return p.get() == m; }) - a.begin());
                const auto ib = static_cast<std::size_t>(std::find_if(b.begin(), b.end(), [&](auto& p) { return p.get() == n; }) - b.begin());
                QCOMPARE(ib, ia);
                QCOMPARE(n->time, m->time);
                now = n->time;
                --pending;
                ++popped;
            }
            QCOMPARE(set.size(), ref.size());
        }
        QVERIFY(popped > 50'000);
    }

    // The simulation's set keeps far-future events out of the heap until the heap runs dry. With
    // near and far events mixed (many of the far ones cancelled, as timeouts are), pops bounded by
    // a time as run_until makes them, and the clock jumping ahead, it must give exactly the plain
    // heap's order, event for event.
    void farTierMatchesTheHeap() {
        BasicEventSet<QuaternaryHeap> ref;
        EventSet set;
        constexpr std::size_t kNodes = 512;
        std::vector<std::unique_ptr<EventNode>> a(kNodes), b(kNodes);
        for (std::size_t i = 0; i < kNodes; ++i) {
            a[i] = std::make_unique<EventNode>();
            b[i] = std::make_unique<EventNode>();
        }
        std::uint64_t x = 24681357;
        auto rnd = [&] { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x; };
        auto index_of = [](auto& v, const EventNode* n) {
            return static_cast<std::size_t>(std::find_if(v.begin(), v.end(), [&](auto& p) { return p.get() == n; }) - v.begin());
        };
        SimTime now = 0;
        std::size_t pending = 0, popped = 0, cancelled = 0;
        for (int step = 0; step < 300'000; ++step) {
            const std::uint64_t r = rnd();
            const int op = static_cast<int>(r % 16);
            if (pending < kNodes && (op < 6 || pending == 0)) {
                std::size_t i = static_cast<std::size_t>((r >> 4) % kNodes);
                while (a[i]->queued()) i = (i + 1) % kNodes;
                const std::uint64_t kind = (r >> 16) % 10;
                const SimTime d = kind == 0   ? 0
                                  : kind < 5  ? static_cast<SimTime>((r >> 24) % 100)
                                  : kind < 9  ? static_cast<SimTime>(1'000 + (r >> 24) % 200'000)
                                              : kForever - now;
                ref.schedule(*a[i], now + d, now);
                set.schedule(*b[i], now + d, now);
                ++pending;
            } else if (pending > 0 && op < 10) {
                std::size_t i = static_cast<std::size_t>((r >> 4) % kNodes);
                while (!a[i]->queued()) i = (i + 1) % kNodes;
                ref.cancel(*a[i]);
                set.cancel(*b[i]);
                QVERIFY(!b[i]->queued());
                --pending;
                ++cancelled;
            } else if (op < 13) {
                // run_until's loop: the next event due by `limit`, or none; then the clock moves there.
                const SimTime limit = now + static_cast<SimTime>((r >> 8) % 5'000);
                EventNode* m = ref.pop_due(limit);
                EventNode* n = set.pop_due(limit);
                QCOMPARE(n == nullptr, m == nullptr);
                if (m == nullptr) {
                    now = limit;
                } else {
                    QCOMPARE(index_of(b, n), index_of(a, m));
                    now = n->time;
                    --pending;
                    ++popped;
                }
            } else if (pending > 0) {
                QCOMPARE(set.next_time(), ref.next_time());
                EventNode* m = ref.pop_next();
                EventNode* n = set.pop_next();
                QCOMPARE(index_of(b, n), index_of(a, m));
                QCOMPARE(n->time, m->time);
                if (n->time != kForever) now = n->time;
                --pending;
                ++popped;
            }
            QCOMPARE(set.size(), ref.size());
        }
        QVERIFY(popped > 50'000);
        QVERIFY(cancelled > 50'000);
    }

    void nowQueueInterleavesWithHeapBySequence() {
        EventSet set;
        EventNode a, b, c, d;
        set.schedule(a, 10, 0);  // seq 0, heap
        set.schedule(b, 10, 0);  // seq 1, heap
        // The clock reaches 10 and an event is scheduled "now": it goes after a and b.
        set.schedule(c, 10, 10);  // seq 2, FIFO
        set.schedule(d, 10, 10);  // seq 3, FIFO
        QCOMPARE(set.pop(), &a);
        QCOMPARE(set.pop(), &b);
        set.cancel(c);
        QCOMPARE(set.pop(), &d);
        QVERIFY(set.empty());
        QCOMPARE(set.next_time(), kForever);
    }

    void nowQueueGrowsPastItsRing() {
        EventSet set;
        std::vector<std::unique_ptr<EventNode>> nodes;
        for (int i = 0; i < 1000; ++i) {
            nodes.push_back(std::make_unique<EventNode>());
            set.schedule(*nodes.back(), 0, 0);
        }
        for (int i = 0; i < 1000; ++i) QCOMPARE(set.pop(), nodes[static_cast<std::size_t>(i)].get());
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestEventSet)
#include "test_event_set.moc"
