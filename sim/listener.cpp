#include "sim/listener.hpp"

#include <algorithm>

namespace gatetune::sim {

bool Listener::offer(ExchangePtr ex) {
    std::vector<std::size_t> idle;
    for (std::size_t i = 0; i < waiting_.size(); ++i)
        if (!*waiting_[i]->busy_) idle.push_back(i);
    if (!idle.empty()) {
        // Any of the idle loops may win the accept race.
        hand_over(waiting_[idle[static_cast<std::size_t>(rng_.below(idle.size()))]], std::move(ex));
        return true;
    }
    if (pending_.size() >= backlog_) return false;
    pending_.push_back(std::move(ex));
    return true;
}

void Listener::loop_came_round(const bool* loop_busy) {
    if (pending_.empty()) return;
    for (AcceptAwaiter* a : waiting_)
        if (a->busy_ == loop_busy) {
            ExchangePtr ex = std::move(pending_.front());
            pending_.pop_front();
            hand_over(a, std::move(ex));
            return;
        }
}

void Listener::hand_over(AcceptAwaiter* a, ExchangePtr ex) {
    unlink(a);
    sim_.cancel(a->timer_);
    a->got_ = std::move(ex);
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
        // Killed after being handed a connection but before running: it goes back first in line.
        l_->sim_.cancel(*this);
        if (got_) l_->pending_.push_front(std::move(got_));
    }
}

bool Listener::AcceptAwaiter::await_ready() {
    if (!l_->pending_.empty()) {
        got_ = std::move(l_->pending_.front());
        l_->pending_.pop_front();
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
