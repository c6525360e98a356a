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
// GCC/Clang extension; __extension__ keeps -Wpedantic quiet about it.
__extension__ typedef unsigned __int128 EventKey;
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

// The order of events: time, then insertion sequence, as one unsigned 128-bit number. Times are
// never negative (nothing is scheduled before 0), so the order is the same as comparing the
// pair, but a compare is a cmp/sbb pair with no data-dependent branch on the tie.
inline EventKey event_key(SimTime t, std::uint64_t seq) {
    return (static_cast<EventKey>(static_cast<std::uint64_t>(t)) << 64) | seq;
}
inline EventKey event_key(const EventNode& n) { return event_key(n.time, n.seq); }

// Min-heap with `Arity` children per node. Entries carry a copy of the key so sifting compares
// without touching the nodes; nodes are only written to record their new slot.
//
// Profile (M/M/c, perf record): the sift loops were the hottest lines of Simulation::run and of
// DelayAwaiter::await_suspend, and the child-selection branches mispredict (which child is
// least is a coin toss). The key is stored pre-combined and the least child is picked with
// conditional moves.
template <unsigned Arity>
class IndexedHeap {
    static_assert(Arity >= 2);

public:
    struct Entry {
        EventKey key;
        EventNode* node;
        SimTime time() const { return static_cast<SimTime>(static_cast<std::uint64_t>(key >> 64)); }
    };

    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    const Entry& top() const { return heap_.front(); }
    void reserve(std::size_t n) { heap_.reserve(n); }

    void push(EventNode& n) {
        heap_.push_back(Entry{event_key(n), &n});
        sift_up(heap_.size() - 1);
    }

    EventNode* pop() {
        EventNode* n = heap_.front().node;
        n->slot = EventNode::kIdle;
        Entry last = heap_.back();
        heap_.pop_back();
        if (!heap_.empty()) sift_down(0, last);
        return n;
    }

    void remove(EventNode& n) {
        std::size_t i = static_cast<std::size_t>(n.slot);
        assert(i < heap_.size() && heap_[i].node == &n);
        n.slot = EventNode::kIdle;
        Entry last = heap_.back();
        heap_.pop_back();
        if (i == heap_.size()) return;
        if (i > 0 && last.key < heap_[(i - 1) / Arity].key) {
            heap_[i] = last;
            sift_up(i);
        } else {
            sift_down(i, last);
        }
    }

protected:
    void place(std::size_t i, const Entry& e) {
        heap_[i] = e;
        e.node->slot = i;
    }
    void sift_up(std::size_t i) {
        Entry e = heap_[i];
        Entry* h = heap_.data();
        while (i > 0) {
            std::size_t parent = (i - 1) / Arity;
            if (!(e.key < h[parent].key)) break;
            place(i, h[parent]);
            i = parent;
        }
        place(i, e);
    }
    // Puts `e` at the hole `i` or below it.
    void sift_down(std::size_t i, const Entry& e) {
        Entry* h = heap_.data();
        const std::size_t n = heap_.size();
        for (;;) {
            std::size_t first = i * Arity + 1;
            if (first >= n) break;
            std::size_t best = first;
            EventKey best_key = h[first].key;
            const std::size_t end = first + Arity < n ? first + Arity : n;
            for (std::size_t c = first + 1; c < end; ++c) {
                const EventKey k = h[c].key;
                const bool lt = k < best_key;
                best = lt ? c : best;
                best_key = lt ? k : best_key;
            }
            if (!(best_key < e.key)) break;
            place(i, h[best]);
            i = best;
        }
        place(i, e);
    }

    std::vector<Entry> heap_;
};

// The same indexed heap, kept as an unsorted array while it is small. A simulation whose
// future holds a handful of events (the M/M/c benchmark: one arrival and c departures) pays
// more for sifting — moving entries and rewriting their nodes' slots on every push and pop —
// than for finding the least of a few keys: up to `FlatMax` entries, push appends, pop and
// cancel swap the last entry into the hole, and the least entry is found by a branch-free scan
// (after a pop, or a cancel of the least). Above `FlatMax` the array is heapified once; below
// FlatMax / 2 it goes back to flat (any heap is a valid unsorted array), checked on pop only:
// the check on cancel cost BM_EventSetHold/10000 about 5 % in heap mode. The order of events
// is that of the unique (time, seq) keys either way, so it is the same as the heap's.
template <unsigned Arity, std::size_t FlatMax>
class AdaptiveHeap : IndexedHeap<Arity> {
    using Base = IndexedHeap<Arity>;
    using Base::heap_;

public:
    using typename Base::Entry;
    using Base::empty;
    using Base::reserve;
    using Base::size;

    bool flat() const { return flat_; }
    const Entry& top() const { return heap_[least_]; }

    void push(EventNode& n) {
        if (!flat_) return Base::push(n);
        const std::size_t i = heap_.size();
        heap_.push_back(Entry{event_key(n), &n});
        n.slot = i;
        if (i == 0 || heap_[i].key < heap_[least_].key) least_ = i;
        if (i + 1 > FlatMax) to_heap();
    }

    EventNode* pop() {
        EventNode* n = heap_[least_].node;
        if (!flat_) {
            Base::pop();
            if (heap_.size() < FlatMax / 2) to_flat();
            return n;
        }
        erase_flat(least_);
        return n;
    }

    void remove(EventNode& n) {
        if (!flat_) return Base::remove(n);  // pop() alone goes back to flat
        erase_flat(static_cast<std::size_t>(n.slot));
    }

private:
    void erase_flat(std::size_t i) {
        heap_[i].node->slot = EventNode::kIdle;
        const std::size_t last = heap_.size() - 1;
        if (i != last) {
            Base::place(i, heap_[last]);
            if (least_ == last) least_ = i;
        }
        heap_.pop_back();
        if (i == least_ || heap_.empty()) find_least();
    }
    // Two independent running minima (even and odd positions), merged at the end: the
    // conditional-move chain is half as long as one running minimum's.
    void find_least() {
        const Entry* h = heap_.data();
        const std::size_t n = heap_.size();
        if (n < 2) {
            least_ = 0;
            return;
        }
        std::size_t b0 = 0, b1 = 1;
        EventKey k0 = h[0].key, k1 = h[1].key;
        std::size_t c = 2;
        for (; c + 1 < n; c += 2) {
            const EventKey a = h[c].key, b = h[c + 1].key;
            const bool la = a < k0, lb = b < k1;
            b0 = la ? c : b0;
            k0 = la ? a : k0;
            b1 = lb ? c + 1 : b1;
            k1 = lb ? b : k1;
        }
        if (c < n) {
            const EventKey a = h[c].key;
            const bool la = a < k0;
            b0 = la ? c : b0;
            k0 = la ? a : k0;
        }
        least_ = k1 < k0 ? b1 : b0;
    }
    void to_heap() {
        flat_ = false;
        for (std::size_t i = heap_.size(); i-- > 0;) Base::sift_down(i, Entry(heap_[i]));
        least_ = 0;
    }
    void to_flat() {
        flat_ = true;
        find_least();
    }

    bool flat_ = true;
    std::size_t least_ = 0;  // index of the least entry (always 0 in heap mode)
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
        pop_front(*n);
        return n;
    }
    // Pops `n`, which front() has just returned.
    void pop_front(EventNode& n) {
        ++head_;
        n.slot = EventNode::kIdle;
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
//
// With `FarTier`, events later than a horizon wait unsorted in a third tier and enter the heap
// when the heap and the FIFO have run dry: a pull finds the earliest of them, moves the horizon to
// it plus a width, and moves every far event up to the horizon into the heap. Most far events are
// timeouts that are cancelled before they come due (a read timeout, a client's deadline) and
// never touch the heap, and the heap holds only the near future, so it is shallower. Everything
// in the heap is at or before the horizon and everything far is after it, so the order is the
// same (time, sequence) order. The width doubles while a pull moves less than an eighth of the
// far tier (each pull scans all of it) or only a few events, and halves while it moves more than
// half of a large one.
template <class Heap, bool FarTier = false>
class BasicEventSet {
public:
    bool empty() { return heap_.empty() && now_.front() == nullptr && far_.empty(); }
    std::size_t size() const { return heap_.size() + now_.size() + far_.size(); }

    void schedule(EventNode& n, SimTime at, SimTime now) {
        assert(!n.queued() && at >= now);
        n.time = at;
        n.seq = next_seq_++;
        if (at == now)
            now_.push(n);
        else if (!FarTier || at <= horizon_)
            heap_.push(n);
        else
            far_push(n);
    }
    // Most cancels find the node idle (a timeout disarmed after it fired, an awaiter's
    // destructor after its resumption): that test stays inline at the call site.
    void cancel(EventNode& n) {
        if (n.queued()) cancel_queued(n);
    }
    void cancel_queued(EventNode& n) {
        if (n.slot & EventNode::kFifoBit)
            now_.remove(n);
        else if (FarTier && (n.slot & kFarBit))
            far_remove(n);
        else
            heap_.remove(n);
    }
    // Time of the next event, or kForever.
    SimTime next_time() {
        if (now_.front() != nullptr) return now_.front()->time;
        if (heap_.empty() && !pull_far()) return kForever;
        return heap_.top().time();
    }
    // The next event, or nullptr when none is left. The FIFO's front is looked up once (it was
    // scanned twice, by front() and again by pop()).
    EventNode* pop_next() {
        EventNode* f = now_.front();
        if (f == nullptr) return heap_.empty() && !pull_far() ? nullptr : heap_.pop();
        if (heap_first(*f)) return heap_.pop();
        now_.pop_front(*f);
        return f;
    }
    // The next event if it is due at or before `t`, else nullptr (run_until's loop: one look
    // at the FIFO's front and the heap's top per event, where next_time() then pop() took two).
    EventNode* pop_due(SimTime t) {
        EventNode* f = now_.front();
        if (f == nullptr) {
            if (heap_.empty() && (!FarTier || far_min_ > t || !pull_far())) return nullptr;
            if (heap_.top().time() > t) return nullptr;
            return heap_.pop();
        }
        if (heap_first(*f)) return heap_.top().time() > t ? nullptr : heap_.pop();
        if (f->time > t) return nullptr;
        now_.pop_front(*f);
        return f;
    }
    EventNode* pop() {
        EventNode* f = now_.front();
        if (f == nullptr) {
            if (heap_.empty()) pull_far();
            return heap_.pop();
        }
        if (heap_first(*f)) return heap_.pop();
        now_.pop_front(*f);
        return f;
    }

private:
    static constexpr std::uint64_t kFarBit = std::uint64_t{1} << 62;
    // A pull that moves fewer events than this widens the window: a future of a few events (the
    // M/M/c benchmark's nine) then all stays in the heap, as without the tier. The window narrows
    // only when the far tier is large and a pull moves most of it.
    static constexpr std::size_t kMinPull = 32, kMinShrink = 256;

    // Whether the heap's earliest entry comes before `f`, the FIFO's front. A far event can only
    // be earlier when the heap is empty; in a simulation never (the clock stays before the far
    // tier), but a caller may schedule "now" at any time.
    bool heap_first(const EventNode& f) {
        if (heap_.empty() && (!FarTier || far_min_ > f.time || !pull_far())) return false;
        return heap_.top().key < event_key(f);
    }

    [[gnu::noinline]] void far_push(EventNode& n) {
        n.slot = kFarBit | far_.size();
        far_.push_back(&n);
        far_min_ = n.time < far_min_ ? n.time : far_min_;  // a bound: cancels leave it low
    }
    [[gnu::noinline]] void far_remove(EventNode& n) {
        const std::size_t i = static_cast<std::size_t>(n.slot & ~kFarBit);
        EventNode* last = far_.back();
        far_[i] = last;
        last->slot = kFarBit | i;
        far_.pop_back();
        n.slot = EventNode::kIdle;
        if (far_.empty()) far_min_ = kForever;
    }
    // Moves the far events up to the new horizon into the (empty) heap; false if none is left.
    [[gnu::noinline]] bool pull_far() {
        if (!FarTier || far_.empty()) return false;
        SimTime least = kForever;
        for (const EventNode* n : far_) least = n->time < least ? n->time : least;
        horizon_ = least > kForever - width_ ? kForever : least + width_;
        std::size_t kept = 0;
        SimTime kept_min = kForever;
        for (EventNode* n : far_) {
            if (n->time <= horizon_) {
                heap_.push(*n);
            } else {
                n->slot = kFarBit | kept;
                far_[kept++] = n;
                kept_min = n->time < kept_min ? n->time : kept_min;
            }
        }
        const std::size_t moved = far_.size() - kept, scanned = far_.size();
        far_.resize(kept);
        far_min_ = kept_min;
        if ((moved < kMinPull || moved * 8 < scanned) && width_ < kForever / 4)
            width_ *= 2;
        else if (scanned >= kMinShrink && moved * 2 > scanned && width_ > 1)
            width_ /= 2;
        return true;
    }

    Heap heap_;
    NowQueue now_;
    std::uint64_t next_seq_ = 0;
    std::vector<EventNode*> far_;  // FarTier: events after horizon_, unsorted
    SimTime horizon_ = 0;
    SimTime width_ = 1024;
    SimTime far_min_ = kForever;  // no far event is earlier
};

using BinaryHeap = IndexedHeap<2>;
using QuaternaryHeap = IndexedHeap<4>;
using AdaptiveQuaternaryHeap = AdaptiveHeap<4, 24>;
// Chosen by tests/bench/bench_engine.cpp: the event-set pairs and the M/M/c ratio (README
// "Performance").
using EventSet = BasicEventSet<AdaptiveQuaternaryHeap, true>;

}  // namespace gatetune::engine
