#pragma once
// The future event set: a d-ary indexed min-heap ordered by (time, insertion sequence) plus a
// FIFO for events scheduled at the current instant (OMNeT++'s layout). Nodes are intrusive —
// they live inside the awaiters in coroutine frames — so scheduling allocates nothing, and each
// node knows its slot, so cancelling (nearly every request arms a timeout that is usually
// cancelled) is O(log n) in the heap and O(1) in the FIFO.
#include <cassert>
#include <cstdint>
#include <vector>

#include "engine/time.hpp"

namespace gatetune::engine {

struct EventNode;
using FireFn = void (*)(EventNode&);

struct EventNode {
    static constexpr std::uint64_t kIdle = ~std::uint64_t{0};
    static constexpr std::uint64_t kFifoBit = std::uint64_t{1} << 63;

    SimTime time = 0;
    std::uint64_t seq = 0;
    std::uint64_t slot = kIdle;  // heap index, or kFifoBit | FIFO position, or kIdle
    FireFn fire = nullptr;

    explicit EventNode(FireFn f = nullptr) : fire(f) {}
    EventNode(const EventNode&) = delete;
    EventNode& operator=(const EventNode&) = delete;
    bool queued() const { return slot != kIdle; }
};

// Min-heap with `Arity` children per node. Entries carry a copy of the key so sifting compares
// without touching the nodes; nodes are only written to record their new slot.
template <unsigned Arity>
class IndexedHeap {
    static_assert(Arity >= 2);

public:
    struct Entry {
        SimTime time;
        std::uint64_t seq;
        EventNode* node;
    };

    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    const Entry& top() const { return heap_.front(); }
    void reserve(std::size_t n) { heap_.reserve(n); }

    void push(EventNode& n) {
        heap_.push_back(Entry{n.time, n.seq, &n});
        sift_up(heap_.size() - 1);
    }

    EventNode* pop() {
        EventNode* n = heap_.front().node;
        n->slot = EventNode::kIdle;
        Entry last = heap_.back();
        heap_.pop_back();
        if (!heap_.empty()) {
            heap_.front() = last;
            sift_down(0);
        }
        return n;
    }

    void remove(EventNode& n) {
        std::size_t i = static_cast<std::size_t>(n.slot);
        assert(i < heap_.size() && heap_[i].node == &n);
        n.slot = EventNode::kIdle;
        Entry last = heap_.back();
        heap_.pop_back();
        if (i == heap_.size()) return;
        heap_[i] = last;
        if (i > 0 && less(heap_[i], heap_[(i - 1) / Arity]))
            sift_up(i);
        else
            sift_down(i);
    }

private:
    static bool less(const Entry& a, const Entry& b) {
        return a.time < b.time || (a.time == b.time && a.seq < b.seq);
    }
    void place(std::size_t i, const Entry& e) {
        heap_[i] = e;
        e.node->slot = i;
    }
    void sift_up(std::size_t i) {
        Entry e = heap_[i];
        while (i > 0) {
            std::size_t parent = (i - 1) / Arity;
            if (!less(e, heap_[parent])) break;
            place(i, heap_[parent]);
            i = parent;
        }
        place(i, e);
    }
    void sift_down(std::size_t i) {
        Entry e = heap_[i];
        const std::size_t n = heap_.size();
        for (;;) {
            std::size_t first = i * Arity + 1;
            if (first >= n) break;
            std::size_t best = first;
            std::size_t end = first + Arity < n ? first + Arity : n;
            for (std::size_t c = first + 1; c < end; ++c)
                if (less(heap_[c], heap_[best])) best = c;
            if (!less(heap_[best], e)) break;
            place(i, heap_[best]);
            i = best;
        }
        place(i, e);
    }

    std::vector<Entry> heap_;
};

// Ring buffer of events due at the current instant, in insertion order. A cancelled entry is
// blanked in place and skipped when it reaches the front.
class NowQueue {
public:
    NowQueue() : ring_(64, nullptr), mask_(63) {}
    bool empty() const { return head_ == tail_; }
    std::size_t size() const { return static_cast<std::size_t>(tail_ - head_); }

    void push(EventNode& n) {
        if (tail_ - head_ == ring_.size()) grow();
        n.slot = EventNode::kFifoBit | tail_;
        ring_[tail_ & mask_] = &n;
        ++tail_;
    }
    // The front live entry, or nullptr when none is left (skips cancelled blanks).
    EventNode* front() {
        while (head_ != tail_ && ring_[head_ & mask_] == nullptr) ++head_;
        return head_ == tail_ ? nullptr : ring_[head_ & mask_];
    }
    EventNode* pop() {
        EventNode* n = front();
        ++head_;
        n->slot = EventNode::kIdle;
        return n;
    }
    void remove(EventNode& n) {
        std::uint64_t pos = n.slot & ~EventNode::kFifoBit;
        ring_[pos & mask_] = nullptr;
        n.slot = EventNode::kIdle;
    }

private:
    void grow() {
        std::vector<EventNode*> bigger(ring_.size() * 2, nullptr);
        std::uint64_t new_mask = bigger.size() - 1;
        for (std::uint64_t p = head_; p != tail_; ++p) bigger[p & new_mask] = ring_[p & mask_];
        ring_.swap(bigger);
        mask_ = new_mask;
    }
    std::vector<EventNode*> ring_;
    std::uint64_t mask_;
    std::uint64_t head_ = 0;
    std::uint64_t tail_ = 0;
};

// The event set used by the Simulation: heap for the future, FIFO for "now". Ties between the
// two are broken by the global insertion sequence, so the order is exactly (time, sequence).
template <class Heap>
class BasicEventSet {
public:
    bool empty() { return heap_.empty() && now_.front() == nullptr; }
    std::size_t size() const { return heap_.size() + now_.size(); }

    void schedule(EventNode& n, SimTime at, SimTime now) {
        assert(!n.queued() && at >= now);
        n.time = at;
        n.seq = next_seq_++;
        if (at == now)
            now_.push(n);
        else
            heap_.push(n);
    }
    void cancel(EventNode& n) {
        if (!n.queued()) return;
        if (n.slot & EventNode::kFifoBit)
            now_.remove(n);
        else
            heap_.remove(n);
    }
    // Time of the next event, or kForever.
    SimTime next_time() {
        if (now_.front() != nullptr) return now_.front()->time;
        return heap_.empty() ? kForever : heap_.top().time;
    }
    // The next event, or nullptr when none is left.
    EventNode* pop_next() {
        EventNode* f = now_.front();
        if (f == nullptr) return heap_.empty() ? nullptr : heap_.pop();
        if (!heap_.empty()) {
            const auto& t = heap_.top();
            if (t.time < f->time || (t.time == f->time && t.seq < f->seq)) return heap_.pop();
        }
        return now_.pop();
    }
    EventNode* pop() {
        EventNode* f = now_.front();
        if (f == nullptr) return heap_.pop();
        if (!heap_.empty()) {
            const auto& t = heap_.top();
            if (t.time < f->time || (t.time == f->time && t.seq < f->seq)) return heap_.pop();
        }
        return now_.pop();
    }

private:
    Heap heap_;
    NowQueue now_;
    std::uint64_t next_seq_ = 0;
};

using BinaryHeap = IndexedHeap<2>;
using QuaternaryHeap = IndexedHeap<4>;
// Chosen by tests/bench/bench_event_set.cpp (see README "Performance").
using EventSet = BasicEventSet<QuaternaryHeap>;

}  // namespace gatetune::engine
