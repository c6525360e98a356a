#pragma once
// Processes: independently scheduled coroutines (SimPy's processes). A process can spawn child
// processes, be joined, and be killed: a kill stops it where it is, kills its children, and
// destroys its coroutine frames, whose destructors give back everything it held — exactly what
// a gunicorn worker's death does to every request in flight on it.
#include <cstdint>
#include <utility>

#include "engine/simulation.hpp"
#include "engine/task.hpp"
#include "engine/trigger.hpp"

namespace gatetune::engine {

enum class ProcessStatus : std::uint8_t { Alive, Finished, Failed, Killed };

struct ProcessState {
    explicit ProcessState(Simulation& s) : sim(&s), done(s) {}

    Simulation* sim;
    std::coroutine_handle<> root;
    ResumeNode start;
    Trigger done;
    ProcessState* parent = nullptr;
    ProcessState* first_child = nullptr;
    ProcessState* prev_sibling = nullptr;  // siblings, or the simulation's top-level list
    ProcessState* next_sibling = nullptr;
    std::uint32_t handles = 0;
    ProcessStatus status = ProcessStatus::Alive;

    static void* operator new(std::size_t n) { return FramePool::allocate(n); }
    static void operator delete(void* p, std::size_t n) noexcept { FramePool::deallocate(p, n); }

    bool is_ancestor_or_self_of(const ProcessState* q) const {
        for (; q != nullptr; q = q->parent)
            if (q == this) return true;
        return false;
    }
};

// A counted handle to a process; the process record lives while it runs or while handles exist.
class Process {
public:
    Process() = default;
    explicit Process(ProcessState* s) : s_(s) {
        if (s_) ++s_->handles;
    }
    Process(const Process& o) : Process(o.s_) {}
    Process(Process&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    Process& operator=(Process o) noexcept {
        std::swap(s_, o.s_);
        return *this;
    }
    ~Process() { drop(); }

    bool valid() const { return s_ != nullptr; }
    bool alive() const { return s_ && s_->status == ProcessStatus::Alive; }
    ProcessStatus status() const { return s_->status; }
    ProcessState* state() const { return s_; }
    void kill() const {
        if (s_) s_->sim->kill(s_);
    }
    // The trigger that fires when the process ends (finished, failed or killed).
    Trigger& done() const { return s_->done; }
    // co_await p.join() waits for the end and yields its status.
    struct JoinAwaiter;
    JoinAwaiter join() const;

private:
    void drop();
    ProcessState* s_ = nullptr;
};

struct Process::JoinAwaiter : Trigger::Awaiter {
    Process keep;  // the record must outlive the wait
    explicit JoinAwaiter(const Process& p) : Trigger::Awaiter(&p.done()), keep(p) {}
    ProcessStatus await_resume() const noexcept { return keep.status(); }
};
inline Process::JoinAwaiter Process::join() const { return JoinAwaiter{*this}; }

// Inline: every spawn returns a handle that the caller usually drops at once.
inline void Process::drop() {
    if (s_ && --s_->handles == 0 && s_->status != ProcessStatus::Alive) delete s_;
    s_ = nullptr;
}

// co_await spawn_child(sim, task): starts `task` as a child of the awaiting process, so killing
// the caller kills it too. Does not suspend.
struct SpawnChildAwaiter {
    Simulation* sim;
    Task<void> task;
    Process result;
    bool await_ready() const noexcept { return false; }
    template <class P>
    bool await_suspend(std::coroutine_handle<P> h) {
        result = sim->spawn(std::move(task), h.promise().process);
        return false;
    }
    Process await_resume() { return std::move(result); }
};
inline SpawnChildAwaiter spawn_child(Simulation& sim, Task<void> task) { return SpawnChildAwaiter{&sim, std::move(task), {}}; }

// co_await this_process() yields the awaiting coroutine's own process record.
struct ThisProcessAwaiter {
    ProcessState* p = nullptr;
    bool await_ready() const noexcept { return false; }
    template <class P>
    bool await_suspend(std::coroutine_handle<P> h) noexcept {
        p = h.promise().process;
        return false;
    }
    ProcessState* await_resume() const noexcept { return p; }
};
inline ThisProcessAwaiter this_process() { return {}; }

}  // namespace gatetune::engine
