#pragma once
// The simulation clock and event loop. Processes (engine/process.hpp) are C++20 coroutines
// whose suspension points are awaiters holding an intrusive event node; the loop pops the
// earliest node and fires it, which usually resumes the coroutine that scheduled it.
#include <coroutine>
#include <cstdint>
#include <exception>
#include <stdexcept>

#include "engine/event_set.hpp"
#include "engine/time.hpp"

namespace gatetune::engine {

struct ProcessState;
template <class T> class Task;
class Process;

// An event whose firing resumes a suspended coroutine of a process.
struct ResumeNode : EventNode {
    std::coroutine_handle<> handle;
    ProcessState* process = nullptr;
    ResumeNode() : EventNode(&fire_resume) {}
    static void fire_resume(EventNode& n);
};

class Simulation {
public:
    Simulation();
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    SimTime now() const { return now_; }

    // Runs until no event is left or stop() is called.
    void run();
    // Runs every event due at or before `t`, then sets the clock to `t` (if it got there).
    void run_until(SimTime t);
    void stop() { stopped_ = true; }
    // Kills every process still alive (children with their parents), releasing what they hold.
    void shutdown();
    bool stopped() const { return stopped_; }

    std::uint64_t events_processed() const { return events_; }
    std::size_t pending_events() const { return events_set_.size(); }

    void schedule_at(EventNode& n, SimTime at) {
        if (at < now_) throw std::logic_error("gatetune engine: event scheduled in the past");
        events_set_.schedule(n, at, now_);
    }
    void schedule_in(EventNode& n, SimTime d) { schedule_at(n, d >= kForever - now_ ? kForever : now_ + d); }
    void schedule_now(EventNode& n) { events_set_.schedule(n, now_, now_); }
    void cancel(EventNode& n) { events_set_.cancel(n); }

    // Starts `task` as an independent process at the current time (SimPy's env.process).
    // With a parent, the new process is killed when the parent is.
    Process spawn(Task<void> task, ProcessState* parent = nullptr);
    // Stops `p` where it is: its children are killed first, then its coroutine frames are
    // destroyed, which releases everything it held (leases, queue places, armed timers).
    void kill(ProcessState* p);

    // The process whose coroutine is running now (nullptr between events).
    ProcessState* current_process() const { return current_; }
    std::size_t live_processes() const { return live_count_; }

    // Awaitable pause of `d` microseconds (SimPy's env.timeout). delay(0) yields to every event
    // already due now.
    struct DelayAwaiter : ResumeNode {
        Simulation* sim;
        SimTime d;
        DelayAwaiter(Simulation* s, SimTime dd) : sim(s), d(dd) {}
        DelayAwaiter(const DelayAwaiter&) = delete;
        ~DelayAwaiter() { sim->cancel(*this); }
        bool await_ready() const noexcept { return false; }
        template <class P>
        void await_suspend(std::coroutine_handle<P> h) {
            handle = h;
            process = h.promise().process;
            sim->schedule_in(*this, d);
        }
        void await_resume() const noexcept {}
    };
    DelayAwaiter delay(SimTime d) {
        if (d < 0) throw std::invalid_argument("gatetune engine: negative delay");
        return DelayAwaiter{this, d};
    }

private:
    friend struct ResumeNode;
    friend struct ProcessState;
    friend void finish_process_root(ProcessState* p, std::exception_ptr failure) noexcept;
    // Defined in simulation.cpp, inlined into run() and run_until(): with the direct resume it
    // grew past GCC's inlining limit and showed up as a call of its own in the profile.
    [[gnu::always_inline]] inline void step(EventNode* n);
    void end_process(ProcessState* p);
    void link_live(ProcessState* p);
    void unlink_live(ProcessState* p);
    void rethrow_failure();

    SimTime now_ = 0;
    bool stopped_ = false;
    std::uint64_t events_ = 0;
    EventSet events_set_;
    ProcessState* current_ = nullptr;
    ProcessState* live_head_ = nullptr;  // top-level live processes (children hang off them)
    std::size_t live_count_ = 0;
    std::exception_ptr failure_;
};

}  // namespace gatetune::engine
