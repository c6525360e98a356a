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
