// The event set orders by (time, insertion sequence) and cancels in place.
#include "qtest_suite.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include "engine/event_set.hpp"

using namespace gatetune::engine;

namespace {
// xorshift64: the same operations on every platform.
struct XorShift {
    std::uint64_t x;
    std::uint64_t operator()() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    }
};

// Two event sets fed the same operations, node i of one standing for node i of the other: the
// set under test must pop exactly what the reference pops.
template <class Reference, class UnderTest>
struct SideBySide {
    Reference ref;
    UnderTest set;
    std::vector<std::unique_ptr<EventNode>> a, b;
    std::size_t pending = 0;

    explicit SideBySide(std::size_t nodes) {
        for (std::size_t i = 0; i < nodes; ++i) {
            a.push_back(std::make_unique<EventNode>());
            b.push_back(std::make_unique<EventNode>());
        }
    }
    // The first idle (or queued) node from `from` on.
    std::size_t find(std::size_t from, bool queued) const {
        std::size_t i = from % a.size();
        while (a[i]->queued() != queued) i = (i + 1) % a.size();
        return i;
    }
    void schedule(std::size_t from, SimTime at, SimTime now) {
        const std::size_t i = find(from, false);
        ref.schedule(*a[i], at, now);
        set.schedule(*b[i], at, now);
        ++pending;
    }
    bool cancel(std::size_t from) {
        const std::size_t i = find(from, true);
        ref.cancel(*a[i]);
        set.cancel(*b[i]);
        --pending;
        return !b[i]->queued();
    }
    // Whether the two popped the same node (both none, or the same index and time).
    bool same(const EventNode* m, const EventNode* n) const {
        if (m == nullptr || n == nullptr) return m == n;
        auto index = [](const auto& v, const EventNode* e) {
            return std::find_if(v.begin(), v.end(), [&](auto& p) { return p.get() == e; }) - v.begin();
        };
        return index(a, m) == index(b, n) && m->time == n->time;
    }
};
}  // namespace

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
        SideBySide<BasicEventSet<QuaternaryHeap>, BasicEventSet<AdaptiveQuaternaryHeap>> sets(128);
        XorShift rnd{987654321};
        SimTime now = 0;
        std::size_t target = 0, popped = 0;
        for (int step = 0; step < 200'000; ++step) {
            if (step % 500 == 0) target = static_cast<std::size_t>(rnd() % 61);
            const std::uint64_t r = rnd();
            const std::size_t pending = sets.pending;
            if (pending < target || (pending > 0 && r % 7 == 0 && pending <= target)) {
                sets.schedule(r, now + static_cast<SimTime>((r >> 8) % 3 == 0 ? 0 : (r >> 16) % 50), now);
            } else if (pending > 0 && r % 5 == 0) {
                QVERIFY(sets.cancel(r >> 3));
            } else if (pending > 0) {
                EventNode* m = sets.ref.pop();
                EventNode* n = sets.set.pop();
                QVERIFY(sets.same(m, n));
                now = n->time;
                --sets.pending;
                ++popped;
            }
            QCOMPARE(sets.set.size(), sets.ref.size());
        }
        QVERIFY(popped > 50'000);
    }

    // The simulation's set keeps far-future events out of the heap until the heap runs dry. With
    // near and far events mixed (many of the far ones cancelled, as timeouts are), pops bounded by
    // a time as run_until makes them, and the clock jumping ahead, it must give exactly the plain
    // heap's order, event for event.
    void farTierMatchesTheHeap() {
        SideBySide<BasicEventSet<QuaternaryHeap>, EventSet> sets(512);
        XorShift rnd{24681357};
        SimTime now = 0;
        std::size_t popped = 0, cancelled = 0;
        for (int step = 0; step < 300'000; ++step) {
            const std::uint64_t r = rnd();
            const int op = static_cast<int>(r % 16);
            if (sets.pending < sets.a.size() && (op < 6 || sets.pending == 0)) {
                const std::uint64_t kind = (r >> 16) % 10;
                const SimTime d = kind == 0   ? 0
                                  : kind < 5  ? static_cast<SimTime>((r >> 24) % 100)
                                  : kind < 9  ? static_cast<SimTime>(1'000 + (r >> 24) % 200'000)
                                              : kForever - now;
                sets.schedule(r >> 4, now + d, now);
            } else if (sets.pending > 0 && op < 10) {
                QVERIFY(sets.cancel(r >> 4));
                ++cancelled;
            } else if (op < 13) {
                // run_until's loop: the next event due by `limit`, or none; then the clock moves there.
                const SimTime limit = now + static_cast<SimTime>((r >> 8) % 5'000);
                EventNode* m = sets.ref.pop_due(limit);
                EventNode* n = sets.set.pop_due(limit);
                QVERIFY(sets.same(m, n));
                if (n == nullptr) {
                    now = limit;
                } else {
                    now = n->time;
                    --sets.pending;
                    ++popped;
                }
            } else if (sets.pending > 0) {
                QCOMPARE(sets.set.next_time(), sets.ref.next_time());
                EventNode* m = sets.ref.pop_next();
                EventNode* n = sets.set.pop_next();
                QVERIFY(sets.same(m, n));
                if (n->time != kForever) now = n->time;
                --sets.pending;
                ++popped;
            }
            QCOMPARE(sets.set.size(), sets.ref.size());
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
