#pragma once
// A counting semaphore for coroutines on one event loop (no locks: single-threaded by design),
// FIFO among waiters, each wait with its own timeout — the shape of a pool checkout
// (SQLAlchemy's queue.get(timeout), httpcore's pool wait) and of an LLM server's slot queue.
#include <algorithm>
#include <cstdint>
#include <deque>

#include "app/live/net/http.hpp"

namespace gatetune::live {

class AsyncSemaphore {
public:
    explicit AsyncSemaphore(std::int64_t permits) : permits_(permits) {}
    AsyncSemaphore(const AsyncSemaphore&) = delete;
    AsyncSemaphore& operator=(const AsyncSemaphore&) = delete;

    std::int64_t available() const { return permits_; }
    std::size_t waiting() const { return waiters_.size(); }

    bool try_acquire() {
        if (permits_ <= 0 || !waiters_.empty()) return false;
        --permits_;
        return true;
    }

    // True when a permit was granted, false when `timeout` passed first.
    awaitable<bool> acquire(std::chrono::steady_clock::duration timeout) {
        if (try_acquire()) co_return true;
        asio::steady_timer timer(co_await asio::this_coro::executor);
        timer.expires_after(timeout);
        Waiter w{&timer};
        waiters_.push_back(&w);
        struct Unlink {
            std::deque<Waiter*>& q;
            Waiter* w;
            ~Unlink() {
                if (auto it = std::find(q.begin(), q.end(), w); it != q.end()) q.erase(it);
            }
        } unlink{waiters_, &w};
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
        co_return w.granted;
    }
    awaitable<bool> acquire() { return acquire(std::chrono::hours(24 * 365)); }

    // Hands the permit to the first waiter, if any.
    void release() {
        if (!waiters_.empty()) {
            Waiter* w = waiters_.front();
            waiters_.pop_front();
            w->granted = true;
            w->timer->cancel();
            return;
        }
        ++permits_;
    }
    // Grows or shrinks the number of permits (negative = owe).
    void adjust(std::int64_t delta) {
        for (; delta > 0; --delta) release();
        permits_ += delta;
    }

    // Gives a granted permit back when destroyed.
    class Permit {
    public:
        explicit Permit(AsyncSemaphore* s) : s_(s) {}
        Permit(Permit&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
        Permit& operator=(Permit&&) = delete;
        ~Permit() {
            if (s_) s_->release();
        }

    private:
        AsyncSemaphore* s_;
    };

private:
    struct Waiter {
        asio::steady_timer* timer;
        bool granted = false;
    };
    std::int64_t permits_;
    std::deque<Waiter*> waiters_;
};

}  // namespace gatetune::live
