#pragma once
// Resource: a FIFO counting semaphore with timed, cancellable acquisition — a worker's event
// loop (capacity 1), a connection pool's slots, an upstream's concurrency slots. A granted unit
// is held by a move-only Lease and given back when the Lease is destroyed, so a killed process
// releases what it held without any bookkeeping in the model.
#include <cassert>
#include <coroutine>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <utility>

#include "engine/intrusive_list.hpp"
#include "engine/simulation.hpp"

namespace gatetune::engine {

class Resource;

class Lease {
public:
    Lease() = default;
    explicit Lease(Resource* r) : r_(r) {}
    Lease(Lease&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
    Lease& operator=(Lease&& o) noexcept {
        if (this != &o) {
            release();
            r_ = std::exchange(o.r_, nullptr);
        }
        return *this;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { release(); }

    explicit operator bool() const { return r_ != nullptr; }
    Resource* resource() const { return r_; }
    inline void release();

private:
    Resource* r_ = nullptr;
};

// What an acquisition ended with: a lease (granted) or none (timed out), and the time waited.
struct Acquired {
    Lease lease;
    SimTime waited = 0;
    bool granted() const { return static_cast<bool>(lease); }
};

class Resource {
public:
    Resource(Simulation& sim, std::int64_t capacity) : sim_(&sim), capacity_(capacity) {
        if (capacity < 0) throw std::invalid_argument("gatetune engine: negative resource capacity");
    }
    Resource(const Resource&) = delete;
    Resource& operator=(const Resource&) = delete;
    ~Resource() { assert(waiters_.empty() && "resource destroyed while processes wait on it"); }

    std::int64_t capacity() const { return capacity_; }
    std::int64_t in_use() const { return in_use_; }
    std::int64_t available() const { return capacity_ > in_use_ ? capacity_ - in_use_ : 0; }
    std::size_t waiting() const { return waiters_.size(); }

    // Growing wakes waiters at once; shrinking takes effect as units come back.
    void set_capacity(std::int64_t c) {
        capacity_ = c;
        grant_waiters();
    }

    std::optional<Lease> try_acquire() {
        if (!waiters_.empty() || in_use_ >= capacity_) return std::nullopt;
        ++in_use_;
        return Lease{this};
    }

    class AcquireAwaiter : public ResumeNode, public ListHook<AcquireAwaiter> {
    public:
        AcquireAwaiter(Resource* r, SimTime timeout) : r_(r), timeout_(timeout) {}
        AcquireAwaiter(const AcquireAwaiter&) = delete;
        ~AcquireAwaiter() {
            if (state_ == State::Waiting) {
                r_->waiters_.remove(*this);
                r_->sim_->cancel(timer_);
            } else if (state_ == State::Granted) {
                // Killed between the grant and the resumption: hand the unit on.
                r_->sim_->cancel(*this);
                r_->release();
            }
        }
        bool await_ready() {
            started_ = r_->sim_->now();
            if (r_->waiters_.empty() && r_->in_use_ < r_->capacity_) {
                ++r_->in_use_;
                state_ = State::Granted;
                return true;
            }
            if (timeout_ <= 0) {
                state_ = State::TimedOut;
                return true;
            }
            return false;
        }
        template <class P>
        void await_suspend(std::coroutine_handle<P> h) {
            handle = h;
            process = h.promise().process;
            state_ = State::Waiting;
            r_->waiters_.push_back(*this);
            if (timeout_ != kForever) r_->sim_->schedule_in(timer_, timeout_);
        }
        Acquired await_resume() {
            SimTime waited = r_->sim_->now() - started_;
            if (state_ == State::Granted) {
                state_ = State::Taken;
                return Acquired{Lease{r_}, waited};
            }
            return Acquired{Lease{}, waited};
        }

    private:
        friend class Resource;
        enum class State : std::uint8_t { Init, Waiting, Granted, TimedOut, Taken };
        struct Timer : EventNode {
            AcquireAwaiter* owner;
            explicit Timer(AcquireAwaiter* o) : EventNode(&on_timeout), owner(o) {}
        };
        static void on_timeout(EventNode& n) {
            AcquireAwaiter& a = *static_cast<Timer&>(n).owner;
            a.r_->waiters_.remove(a);
            a.state_ = State::TimedOut;
            fire_resume(a);  // due exactly now: resume without a second event
        }

        Resource* r_;
        SimTime timeout_;
        SimTime started_ = 0;
        State state_ = State::Init;
        Timer timer_{this};
    };

    // co_await r.acquire(timeout) → Acquired. Waiters are served first come, first served.
    AcquireAwaiter acquire(SimTime timeout = kForever) { return AcquireAwaiter{this, timeout}; }

    // Returns one unit: the longest waiter gets it, or it becomes free.
    void release() {
        assert(in_use_ > 0);
        --in_use_;
        grant_waiters();
    }

private:
    void grant_waiters() {
        while (!waiters_.empty() && in_use_ < capacity_) {
            AcquireAwaiter& w = *waiters_.pop_front();
            sim_->cancel(w.timer_);
            ++in_use_;
            w.state_ = AcquireAwaiter::State::Granted;
            sim_->schedule_now(w);
        }
    }

    Simulation* sim_;
    std::int64_t capacity_;
    std::int64_t in_use_ = 0;
    IntrusiveFifo<AcquireAwaiter> waiters_;
};

inline void Lease::release() {
    if (r_) std::exchange(r_, nullptr)->release();
}

}  // namespace gatetune::engine
