#pragma once
// gunicorn's listening socket: created by the master, shared by every worker. New connections
// wait in the backlog; a ready worker whose event loop is free takes them. A busy loop accepts
// nothing: when every waiting worker's loop is busy the connections stay in the backlog until
// the first loop comes round (a loop blocked for 45 s leaves them to the others).
//
// How many one wake-up takes depends on the worker class. gunicorn's sync and gthread workers
// accept one connection per readiness event; a uvicorn worker's asyncio loop calls accept() in a
// loop, up to `backlog` times (selector_events.py `_accept_connection`), so the loop that wakes
// first takes every connection already waiting — a burst goes mostly to one worker.
// [docs/MODEL.md §1, O7]
#include <coroutine>
#include <cstddef>
#include <deque>
#include <vector>

#include "engine/random.hpp"
#include "engine/simulation.hpp"
#include "sim/exchange.hpp"

namespace gatetune::sim {

class Listener {
public:
    // `batched`: the workers accept everything waiting per wake-up (uvicorn), not one (sync, gthread).
    Listener(engine::Simulation& sim, int backlog, engine::Rng rng, bool batched);
    Listener(const Listener&) = delete;
    ~Listener();

    // A client connects and sends; false when the backlog is full (the SYN is dropped).
    bool offer(ExchangePtr ex);
    std::size_t pending() const { return pending_.size(); }
    // The event loop behind `loop_busy` finished a stretch of work: if its worker waits in accept
    // and connections wait in the backlog, it takes them.
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

    protected:
        std::vector<ExchangePtr> got_;

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
        Timer timer_{this};
    };
    struct AcceptOne : AcceptAwaiter {
        using AcceptAwaiter::AcceptAwaiter;
        ExchangePtr await_resume() { return got_.empty() ? nullptr : std::move(got_.front()); }
    };
    struct AcceptAll : AcceptAwaiter {
        using AcceptAwaiter::AcceptAwaiter;
        std::vector<ExchangePtr> await_resume() { return std::move(got_); }
    };
    // co_await accept(timeout, &loop_busy) → the next connection, or null on timeout (sync, gthread).
    AcceptOne accept(SimTime timeout, const bool* loop_busy) { return AcceptOne{this, timeout, loop_busy}; }
    // co_await accept_waiting(&loop_busy) → every connection waiting when this loop runs (uvicorn).
    AcceptAll accept_waiting(const bool* loop_busy) { return AcceptAll{this, engine::kForever, loop_busy}; }

private:
    // The listening socket became readable: a free loop among the waiting workers runs first.
    struct Readable : engine::EventNode {
        Listener* owner;
        explicit Readable(Listener* l) : EventNode(&on_readable), owner(l) {}
    };
    static void on_readable(engine::EventNode& n);
    void wake_free_loops();
    bool has_free_loop() const;
    AcceptAwaiter* free_loop();
    void unlink(AcceptAwaiter* a);
    void hand_over(AcceptAwaiter* a);
    engine::Simulation& sim_;
    std::size_t backlog_;
    engine::Rng rng_;
    bool batched_;
    std::deque<ExchangePtr> pending_;
    std::vector<AcceptAwaiter*> waiting_;
    Readable readable_{this};
};

}  // namespace gatetune::sim
