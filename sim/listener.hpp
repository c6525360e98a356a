#pragma once
// gunicorn's listening socket: created by the master, shared by every worker. New connections
// wait in the backlog; whichever ready worker accepts first takes one — random among the workers
// waiting in accept whose event loop is free. A busy loop accepts nothing: when every waiting
// worker's loop is busy the connection stays in the backlog until the first loop comes round (a
// loop blocked for 45 s leaves it to the others). [docs/MODEL.md §1, O7]
#include <coroutine>
#include <deque>
#include <optional>
#include <vector>

#include "engine/random.hpp"
#include "engine/simulation.hpp"
#include "sim/exchange.hpp"

namespace gatetune::sim {

class Listener {
public:
    Listener(engine::Simulation& sim, int backlog, engine::Rng rng) : sim_(sim), backlog_(backlog), rng_(rng) {}
    Listener(const Listener&) = delete;

    // A client connects and sends; false when the backlog is full (the SYN is dropped).
    bool offer(ExchangePtr ex);
    std::size_t pending() const { return pending_.size(); }
    // The event loop behind `loop_busy` finished a stretch of work: if its worker waits in accept
    // and connections wait in the backlog, it takes the first.
    void loop_came_round(const bool* loop_busy);

    class AcceptAwaiter : public engine::ResumeNode {
    public:
        AcceptAwaiter(Listener* l, SimTime timeout, const bool* busy) : l_(l), timeout_(timeout), busy_(busy) {}
        AcceptAwaiter(const AcceptAwaiter&) = delete;
        ~AcceptAwaiter();
        bool await_ready();
        template <class P>
        void await_suspend(std::coroutine_handle<P> h) {
            handle = h;
            process = h.promise().process;
            l_->waiting_.push_back(this);
            if (timeout_ != engine::kForever) l_->sim_.schedule_in(timer_, timeout_);
        }
        ExchangePtr await_resume() { return std::move(got_); }

    private:
        friend class Listener;
        struct Timer : engine::EventNode {
            AcceptAwaiter* owner;
            explicit Timer(AcceptAwaiter* o) : EventNode(&on_timeout), owner(o) {}
        };
        static void on_timeout(engine::EventNode& n);
        Listener* l_;
        SimTime timeout_;
        const bool* busy_;
        ExchangePtr got_;
        Timer timer_{this};
    };
    // co_await accept(timeout, &loop_busy) → the next connection, or null on timeout.
    AcceptAwaiter accept(SimTime timeout, const bool* loop_busy) { return AcceptAwaiter{this, timeout, loop_busy}; }

private:
    void unlink(AcceptAwaiter* a);
    void hand_over(AcceptAwaiter* a, ExchangePtr ex);
    engine::Simulation& sim_;
    std::size_t backlog_;
    engine::Rng rng_;
    std::deque<ExchangePtr> pending_;
    std::vector<AcceptAwaiter*> waiting_;
};

}  // namespace gatetune::sim
