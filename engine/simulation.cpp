#include "engine/simulation.hpp"

#include "engine/process.hpp"

namespace gatetune::engine {

void ResumeNode::fire_resume(EventNode& n) {
    auto& r = static_cast<ResumeNode&>(n);
    r.process->sim->current_ = r.process;
    r.handle.resume();
}

Simulation::Simulation() = default;

// Kill what still runs so every frame is destroyed and every held resource given back
// before the event set (or the objects the processes use) go away.
Simulation::~Simulation() { shutdown(); }

void Simulation::shutdown() {
    current_ = nullptr;
    while (live_head_ != nullptr) kill(live_head_);
}

inline void Simulation::step(EventNode* n) {
    now_ = n->time;
    ++events_;
    // Most events resume a coroutine: do it here rather than through the node's fire pointer,
    // one indirect call fewer per event (fire_resume was a separate frame in the profile).
    if (n->fire == &ResumeNode::fire_resume) {
        auto& r = static_cast<ResumeNode&>(*n);
        current_ = r.process;
        r.handle.resume();
    } else {
        n->fire(*n);
    }
    current_ = nullptr;
    if (failure_) [[unlikely]] rethrow_failure();
}

void Simulation::run() {
    stopped_ = false;
    while (!stopped_) {
        EventNode* n = events_set_.pop_next();
        if (n == nullptr) [[unlikely]] break;
        step(n);
    }
}

void Simulation::run_until(SimTime t) {
    stopped_ = false;
    while (!stopped_) {
        EventNode* n = events_set_.pop_due(t);
        if (n == nullptr) break;
        step(n);
    }
    if (!stopped_ && t > now_) now_ = t;
}

void Simulation::rethrow_failure() {
    std::exception_ptr e = std::exchange(failure_, nullptr);
    std::rethrow_exception(e);
}

void Simulation::link_live(ProcessState* p) {
    p->prev_sibling = nullptr;
    p->next_sibling = live_head_;
    if (live_head_) live_head_->prev_sibling = p;
    live_head_ = p;
}

void Simulation::unlink_live(ProcessState* p) {
    ProcessState*& head = p->parent ? p->parent->first_child : live_head_;
    (p->prev_sibling ? p->prev_sibling->next_sibling : head) = p->next_sibling;
    if (p->next_sibling) p->next_sibling->prev_sibling = p->prev_sibling;
    p->prev_sibling = p->next_sibling = nullptr;
}

Process Simulation::spawn(Task<void> task, ProcessState* parent) {
    if (!task.valid()) throw std::invalid_argument("gatetune engine: spawn of an empty task");
    if (parent != nullptr && parent->status != ProcessStatus::Alive)
        throw std::logic_error("gatetune engine: spawn under a process that has ended");
    auto* p = new ProcessState(*this);
    auto h = task.release();
    h.promise().process = p;
    p->root = h;
    p->start.handle = h;
    p->start.process = p;
    p->parent = parent;
    if (parent) {
        p->next_sibling = parent->first_child;
        if (parent->first_child) parent->first_child->prev_sibling = p;
        parent->first_child = p;
    } else {
        link_live(p);
    }
    ++live_count_;
    Process handle{p};
    schedule_now(p->start);
    return handle;
}

// Shared tail of finishing and killing: leave the process tree, wake joiners, free the record
// unless a handle still refers to it.
void Simulation::end_process(ProcessState* p) {
    unlink_live(p);
    p->parent = nullptr;
    --live_count_;
    p->done.fire();
    if (p->handles == 0) delete p;
}

void finish_process_root(ProcessState* p, std::exception_ptr failure) noexcept {
    Simulation& sim = *p->sim;
    p->status = failure ? ProcessStatus::Failed : ProcessStatus::Finished;
    // The frame may hold the last handle to its own process (e.g. inside an object it shares):
    // keep the record until the process has left the tree.
    ++p->handles;
    std::exchange(p->root, {}).destroy();
    --p->handles;
    // Children of a process that ends normally live on as top-level processes (SimPy
    // semantics); only a kill takes them along.
    while (ProcessState* c = p->first_child) {
        p->first_child = c->next_sibling;
        c->parent = nullptr;
        sim.link_live(c);
    }
    if (failure && !sim.failure_) sim.failure_ = failure;
    sim.end_process(p);
}

void Simulation::kill(ProcessState* p) {
    if (p == nullptr || p->status != ProcessStatus::Alive) return;
    if (current_ != nullptr && p->is_ancestor_or_self_of(current_))
        throw std::logic_error("gatetune engine: a process cannot kill itself or an ancestor while it runs");
    ++p->handles;  // keep the record while its own frames (which may hold handles to it) unwind
    while (p->first_child != nullptr) kill(p->first_child);
    p->status = ProcessStatus::Killed;
    cancel(p->start);
    std::exchange(p->root, {}).destroy();
    --p->handles;
    end_process(p);
}

}  // namespace gatetune::engine
