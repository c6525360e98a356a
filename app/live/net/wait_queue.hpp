#pragma once
// A bounded queue of items for coroutines on one event loop, where a getter may wait with a
// timeout: the shape of SQLAlchemy's pool queue (Queue(maxsize=pool_size), get(timeout),
// put_nowait raising Full) and of an idle-connection list. FIFO, or LIFO for pool_use_lifo.
#include <algorithm>
#include <deque>
#include <optional>

#include "app/live/net/http.hpp"

namespace gatetune::live {

template <class T>
class WaitQueue {
public:
    explicit WaitQueue(std::size_t capacity, bool lifo = false) : capacity_(capacity), lifo_(lifo) {}

    std::size_t size() const { return items_.size(); }
    std::size_t waiting() const { return getters_.size(); }

    // Hands the item to the first waiting getter, else queues it; false when full (the caller
    // disposes of it).
    bool put(T item) {
        if (!getters_.empty()) {
            Getter* g = getters_.front();
            getters_.pop_front();
            g->item = std::move(item);
            g->timer->cancel();
            return true;
        }
        if (items_.size() >= capacity_) return false;
        items_.push_back(std::move(item));
        return true;
    }

    std::optional<T> try_get() {
        if (items_.empty() || !getters_.empty()) return std::nullopt;
        T v = lifo_ ? std::move(items_.back()) : std::move(items_.front());
        if (lifo_) items_.pop_back();
        else items_.pop_front();
        return v;
    }

    // An item, or nullopt after `timeout` (0: don't wait).
    awaitable<std::optional<T>> get(std::chrono::steady_clock::duration timeout) {
        if (auto v = try_get()) co_return v;
        if (timeout <= std::chrono::steady_clock::duration::zero()) co_return std::nullopt;
        asio::steady_timer timer(co_await asio::this_coro::executor);
        timer.expires_after(timeout);
        Getter g{&timer, std::nullopt};
        getters_.push_back(&g);
        struct Unlink {
            std::deque<Getter*>& q;
            Getter* g;
            ~Unlink() {
                if (auto it = std::find(q.begin(), q.end(), g); it != q.end()) q.erase(it);
            }
        } unlink{getters_, &g};
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
        co_return std::move(g.item);
    }

    template <class F>
    void for_each(F f) {
        for (auto& i : items_) f(i);
    }

private:
    struct Getter {
        asio::steady_timer* timer;
        std::optional<T> item;
    };
    std::size_t capacity_;
    bool lifo_;
    std::deque<T> items_;
    std::deque<Getter*> getters_;
};

}  // namespace gatetune::live
