#pragma once
// A FIFO of waiters linked through hooks inside the waiters themselves (the awaiters in
// coroutine frames): O(1) push, O(1) removal of any waiter — which is what cancelling a wait on
// timeout or kill needs — and no allocation.
#include <cassert>
#include <cstddef>

namespace gatetune::engine {

template <class T>
struct ListHook {
    T* prev_in_list = nullptr;
    T* next_in_list = nullptr;
    bool in_list = false;
};

// T must derive from ListHook<T>.
template <class T>
class IntrusiveFifo {
public:
    IntrusiveFifo() = default;
    IntrusiveFifo(const IntrusiveFifo&) = delete;
    IntrusiveFifo& operator=(const IntrusiveFifo&) = delete;

    bool empty() const { return head_ == nullptr; }
    std::size_t size() const { return size_; }
    T* front() const { return head_; }

    void push_back(T& w) {
        ListHook<T>& h = w;
        assert(!h.in_list);
        h.in_list = true;
        h.prev_in_list = tail_;
        h.next_in_list = nullptr;
        (tail_ ? static_cast<ListHook<T>&>(*tail_).next_in_list : head_) = &w;
        tail_ = &w;
        ++size_;
    }
    // Removes `w` if it is linked (into this list); harmless otherwise.
    void remove(T& w) {
        ListHook<T>& h = w;
        if (!h.in_list) return;
        (h.prev_in_list ? static_cast<ListHook<T>&>(*h.prev_in_list).next_in_list : head_) = h.next_in_list;
        (h.next_in_list ? static_cast<ListHook<T>&>(*h.next_in_list).prev_in_list : tail_) = h.prev_in_list;
        h.prev_in_list = h.next_in_list = nullptr;
        h.in_list = false;
        --size_;
    }
    T* pop_front() {
        T* w = head_;
        if (w) remove(*w);
        return w;
    }

private:
    T* head_ = nullptr;
    T* tail_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace gatetune::engine
