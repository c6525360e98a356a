#include "sim/listener.hpp"

#include <algorithm>

namespace gatetune::sim {

Listener::Listener(engine::Simulation& sim, int backlog, engine::Rng rng, bool batched)
    : sim_(sim), backlog_(static_cast<std::size_t>(std::max(backlog, 1))), rng_(rng), batched_(batched) {}

Listener::~Listener() { sim_.cancel(readable_); }

bool Listener::offer(ExchangePtr ex) {
    if (pending_.size() >= backlog_ && !has_free_loop()) return false;
    pending_.push_back(std::move(ex));
    if (!batched_) {
        wake_free_loops();
    } else if (!readable_.queued() && has_free_loop()) {
        // The woken loop runs after the connections reaching the socket at this same instant,
        // and accepts them all.
        sim_.schedule_now(readable_);
    }
    return true;
}

void Listener::on_readable(engine::EventNode& n) { static_cast<Readable&>(n).owner->wake_free_loops(); }

// Any of the free loops may win the accept race; each takes what its worker class takes.
void Listener::wake_free_loops() {
    while (!pending_.empty()) {
        AcceptAwaiter* a = free_loop();
        if (!a) return;
        hand_over(a);
    }
}

bool Listener::has_free_loop() const {
    return std::any_of(waiting_.begin(), waiting_.end(), [](const AcceptAwaiter* a) { return !*a->busy_; });
}

// One of the free loops, drawn at random; null when every waiting loop is busy.
Listener::AcceptAwaiter* Listener::free_loop() {
    std::size_t free = 0;
    for (AcceptAwaiter* a : waiting_) free += !*a->busy_;
    if (free == 0) return nullptr;
    std::size_t pick = static_cast<std::size_t>(rng_.below(free));
    for (AcceptAwaiter* a : waiting_)
        if (!*a->busy_ && pick-- == 0) return a;
    return nullptr;
}

void Listener::loop_came_round(const bool* loop_busy) {
    if (pending_.empty()) return;
    for (AcceptAwaiter* a : waiting_)
        if (a->busy_ == loop_busy) {
            hand_over(a);
            return;
        }
}

// The awaiter takes one connection, or (batched) all that wait, up to `backlog` (the accept loop's bound).
void Listener::hand_over(AcceptAwaiter* a) {
    unlink(a);
    sim_.cancel(a->timer_);
    const std::size_t n = batched_ ? std::min(pending_.size(), backlog_) : 1;
    for (std::size_t i = 0; i < n; ++i) {
        a->got_.push_back(std::move(pending_.front()));
        pending_.pop_front();
    }
    sim_.schedule_now(*a);
}

void Listener::unlink(AcceptAwaiter* a) {
    auto it = std::find(waiting_.begin(), waiting_.end(), a);
    if (it != waiting_.end()) waiting_.erase(it);
}

Listener::AcceptAwaiter::~AcceptAwaiter() {
    l_->sim_.cancel(timer_);
    l_->unlink(this);
    if (queued()) {
        // Killed after being handed connections but before running: they go back first in line.
        l_->sim_.cancel(*this);
        for (auto it = got_.rbegin(); it != got_.rend(); ++it)
            if (*it) l_->pending_.push_front(std::move(*it));
    }
}

bool Listener::AcceptAwaiter::await_ready() {
    if (!l_->pending_.empty()) {
        const std::size_t n = l_->batched_ ? std::min(l_->pending_.size(), l_->backlog_) : 1;
        for (std::size_t i = 0; i < n; ++i) {
            got_.push_back(std::move(l_->pending_.front()));
            l_->pending_.pop_front();
        }
        return true;
    }
    return timeout_ <= 0;
}

void Listener::AcceptAwaiter::on_timeout(engine::EventNode& n) {
    AcceptAwaiter& a = *static_cast<Timer&>(n).owner;
    a.l_->unlink(&a);
    fire_resume(a);
}

}  // namespace gatetune::sim
