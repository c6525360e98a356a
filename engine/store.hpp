#pragma once
// Store<T>: a FIFO buffer of items with waiting getters (SimPy's Store) — e.g. a listen
// backlog of accepted connections that idle workers take from. put() hands an item straight to
// the longest-waiting getter when there is one.
#include <cassert>
#include <coroutine>
#include <cstddef>
#include <deque>
#include <limits>
#include <optional>
#include <utility>

#include "engine/intrusive_list.hpp"
#include "engine/simulation.hpp"

namespace gatetune::engine {

template <class T>
class Store {
public:
    explicit Store(Simulation& sim, std::size_t capacity = std::numeric_limits<std::size_t>::max())
        : sim_(&sim), capacity_(capacity) {}
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store() { assert(getters_.empty() && "store destroyed while processes wait on it"); }

    std::size_t size() const { return items_.size(); }
    std::size_t capacity() const { return capacity_; }
    std::size_t getters_waiting() const { return getters_.size(); }
    // Last in, first out for buffered items (SQLAlchemy's pool_use_lifo); getters stay FIFO.
    void set_lifo(bool lifo) { lifo_ = lifo; }

    // Adds an item; false (and the item is dropped) when the buffer is full.
    bool put(T item) {
        if (!getters_.empty()) {
            GetAwaiter& g = *getters_.pop_front();
            sim_->cancel(g.timer_);
            g.item_.emplace(std::move(item));
            sim_->schedule_now(g);
            return true;
        }
        if (items_.size() >= capacity_) return false;
        items_.push_back(std::move(item));
        return true;
    }

    std::optional<T> try_get() {
        if (items_.empty()) return std::nullopt;
        return take();
    }

    // Resumes with the item, or with nothing when `timeout` passed first (asyncio's
    // wait_for(queue.get(), timeout)).
    class GetAwaiter : public ResumeNode, public ListHook<GetAwaiter> {
    public:
        GetAwaiter(Store* s, SimTime timeout) : s_(s), timeout_(timeout) {}
        GetAwaiter(const GetAwaiter&) = delete;
        ~GetAwaiter() {
            s_->sim_->cancel(timer_);
            s_->getters_.remove(*this);
            if (queued()) {
                // Killed after an item was handed over but before resuming: keep the item.
                s_->sim_->cancel(*this);
                if (item_) s_->items_.push_front(std::move(*item_));
            }
        }
        bool await_ready() {
            if (s_->items_.empty()) return timeout_ <= 0;
            item_.emplace(s_->take());
            return true;
        }
        template <class P>
        void await_suspend(std::coroutine_handle<P> h) {
            handle = h;
            process = h.promise().process;
            s_->getters_.push_back(*this);
            if (timeout_ != kForever) s_->sim_->schedule_in(timer_, timeout_);
        }
        std::optional<T> await_resume() { return std::move(item_); }

    private:
        friend class Store;
        struct Timer : EventNode {
            GetAwaiter* owner;
            explicit Timer(GetAwaiter* o) : EventNode(&on_timeout), owner(o) {}
        };
        static void on_timeout(EventNode& n) {
            GetAwaiter& g = *static_cast<Timer&>(n).owner;
            g.s_->getters_.remove(g);
            fire_resume(g);
        }
        Store* s_;
        SimTime timeout_;
        Timer timer_{this};
        std::optional<T> item_;
    };

    // co_await store.get(timeout) → std::optional<T> (empty when timed out).
    GetAwaiter get(SimTime timeout = kForever) { return GetAwaiter{this, timeout}; }

private:

    T take() {
        T v = std::move(lifo_ ? items_.back() : items_.front());
        if (lifo_)
            items_.pop_back();
        else
            items_.pop_front();
        return v;
    }

    Simulation* sim_;
    std::size_t capacity_;
    bool lifo_ = false;
    std::deque<T> items_;
    IntrusiveFifo<GetAwaiter> getters_;
};

}  // namespace gatetune::engine
