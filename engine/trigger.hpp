#pragma once
// Trigger: a one-shot event any number of coroutines can wait for (SimPy's env.event()), e.g.
// "the upstream's response is complete" or "this process has ended". AnyOf waits for the
// first of several triggers or a timeout — giving up is `co_await any_of(sim, t, done)`.
#include <cassert>
#include <coroutine>
#include <initializer_list>
#include <stdexcept>

#include "engine/simulation.hpp"

namespace gatetune::engine {

class Trigger;

// A place in a trigger's waiting list. `notify` runs when the trigger fires.
struct TriggerWaiter {
    TriggerWaiter* prev = nullptr;
    TriggerWaiter* next = nullptr;
    Trigger* trigger = nullptr;
    void (*notify)(TriggerWaiter&) = nullptr;
    bool linked() const { return trigger != nullptr; }
};

class Trigger {
public:
    explicit Trigger(Simulation& sim) : sim_(&sim) {}
    Trigger(const Trigger&) = delete;
    Trigger& operator=(const Trigger&) = delete;
    ~Trigger() {
        while (head_ != nullptr) unlink(*head_);
    }

    bool fired() const { return fired_; }
    SimTime fired_at() const { return fired_at_; }
    Simulation& sim() const { return *sim_; }

    // Wakes every waiter (at the current time, in the order they started waiting).
    void fire() {
        if (fired_) return;
        fired_ = true;
        fired_at_ = sim_->now();
        while (head_ != nullptr) {
            TriggerWaiter& w = *head_;
            unlink(w);
            w.notify(w);
        }
    }

    void link(TriggerWaiter& w) {
        assert(!w.linked());
        w.trigger = this;
        w.prev = tail_;
        w.next = nullptr;
        (tail_ ? tail_->next : head_) = &w;
        tail_ = &w;
    }
    void unlink(TriggerWaiter& w) {
        if (w.trigger != this) return;
        (w.prev ? w.prev->next : head_) = w.next;
        (w.next ? w.next->prev : tail_) = w.prev;
        w.prev = w.next = nullptr;
        w.trigger = nullptr;
    }

    struct Awaiter : ResumeNode, TriggerWaiter {
        Trigger* t;
        explicit Awaiter(Trigger* tr) : t(tr) { notify = &on_fire; }
        Awaiter(const Awaiter&) = delete;
        ~Awaiter() {
            t->unlink(*this);
            t->sim_->cancel(*this);
        }
        bool await_ready() const noexcept { return t->fired_; }
        template <class P>
        void await_suspend(std::coroutine_handle<P> h) {
            handle = h;
            process = h.promise().process;
            t->link(*this);
        }
        void await_resume() const noexcept {}
        static void on_fire(TriggerWaiter& w) {
            auto& a = static_cast<Awaiter&>(w);
            a.t->sim_->schedule_now(a);
        }
    };
    Awaiter operator co_await() { return Awaiter{this}; }

private:
    Simulation* sim_;
    TriggerWaiter* head_ = nullptr;
    TriggerWaiter* tail_ = nullptr;
    bool fired_ = false;
    SimTime fired_at_ = 0;
};

// Waits for the first of up to kMaxTriggers triggers, or for `timeout` to pass. Resumes with the
// index of the trigger that fired first (in argument order when several fire at once), or
// kTimedOut. Pass kForever for no timeout.
class AnyOf : public ResumeNode {
public:
    static constexpr int kTimedOut = -1;
    static constexpr std::size_t kMaxTriggers = 4;

    // Up to four triggers as separate arguments (not an initializer_list: GCC 12 cannot keep
    // one alive across a co_await).
    AnyOf(Simulation& sim, SimTime timeout, Trigger* a, Trigger* b = nullptr, Trigger* c = nullptr, Trigger* d = nullptr)
        : sim_(&sim), timeout_(timeout) {
        for (Trigger* t : {a, b, c, d}) {
            if (t == nullptr) continue;
            Slot& s = slots_[count_];
            s.owner = this;
            s.index = static_cast<int>(count_);
            s.notify = &on_fire;
            s.source = t;
            if (t->fired() && result_ == kPending) result_ = s.index;
            ++count_;
        }
    }
    AnyOf(const AnyOf&) = delete;
    ~AnyOf() {
        detach();
        sim_->cancel(timer_);
        sim_->cancel(*this);
    }

    bool await_ready() const noexcept { return result_ != kPending || timeout_ <= 0; }
    template <class P>
    void await_suspend(std::coroutine_handle<P> h) {
        handle = h;
        process = h.promise().process;
        for (std::size_t i = 0; i < count_; ++i) slots_[i].source->link(slots_[i]);
        if (timeout_ != kForever) sim_->schedule_in(timer_, timeout_);
    }
    int await_resume() const noexcept { return result_ == kPending ? kTimedOut : result_; }

private:
    static constexpr int kPending = -2;
    struct Slot : TriggerWaiter {
        AnyOf* owner = nullptr;
        Trigger* source = nullptr;
        int index = 0;
    };
    struct Timer : EventNode {
        AnyOf* owner;
        explicit Timer(AnyOf* o) : EventNode(&on_timeout), owner(o) {}
    };

    void detach() {
        for (std::size_t i = 0; i < count_; ++i) slots_[i].source->unlink(slots_[i]);
    }
    static void on_fire(TriggerWaiter& w) {
        auto& s = static_cast<Slot&>(w);
        AnyOf& a = *s.owner;
        if (a.result_ != kPending) return;
        a.result_ = s.index;
        a.detach();
        a.sim_->cancel(a.timer_);
        a.sim_->schedule_now(a);
    }
    static void on_timeout(EventNode& n) {
        AnyOf& a = *static_cast<Timer&>(n).owner;
        a.result_ = kTimedOut;
        a.detach();
        fire_resume(a);  // due exactly now: resume without a second event
    }

    Simulation* sim_;
    SimTime timeout_;
    // Four named members rather than an array: GCC 12 rejects an array member in an awaiter
    // that is a co_await operand ("array used as initializer").
    struct Slots {
        Slot s0, s1, s2, s3;
        Slot& operator[](std::size_t i) { return i == 0 ? s0 : i == 1 ? s1 : i == 2 ? s2 : s3; }
    } slots_;
    std::size_t count_ = 0;
    Timer timer_{this};
    int result_ = kPending;
};

template <class... Triggers>
    requires(sizeof...(Triggers) >= 1 && sizeof...(Triggers) <= AnyOf::kMaxTriggers)
AnyOf any_of(Simulation& sim, SimTime timeout, Triggers&... triggers) {
    return AnyOf{sim, timeout, &triggers...};
}

}  // namespace gatetune::engine
