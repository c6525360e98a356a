#pragma once
// A counting semaphore for threads of different processes, on words of the gateway's shared
// mapping (shared_state.hpp): the emulated database server's CPUs, taken by statements from
// every worker. The count is the futex word itself, waited on and woken without
// FUTEX_PRIVATE_FLAG (the waiters are in other processes); a thread blocks in the kernel, never
// in a polling loop. Each process also counts the units it holds in a word of its own record so
// that the arbiter, having reaped a killed worker, can give them back (reclaim).
//
// A worker may be killed at any instruction, between its change of the shared count and of its
// own: both orders are chosen so that such a kill gives back a unit it had not yet taken (one
// statement too many may then run at once) rather than keep one it no longer uses (which, with
// a single CPU, would stall every later statement of the gateway's life).
#include <atomic>
#include <cstdint>

namespace gatetune::live {

class SharedSemaphore {
public:
    // count: the units taken, by every process. held: this process's share of them.
    // waiting: this process's threads blocked in acquire (a gauge for /metrics).
    SharedSemaphore(std::atomic<std::int32_t>& count, std::atomic<std::int64_t>& held, std::atomic<std::int64_t>& waiting)
        : count_(count), held_(held), waiting_(waiting) {}

    // Blocks until admits(units taken) is true, then takes one.
    template <class Admits>
    void acquire(Admits admits) {
        std::int32_t seen = count_.load();
        bool counted = false;
        for (;;) {
            if (admits(seen)) {
                held_.fetch_add(1);
                if (count_.compare_exchange_weak(seen, seen + 1)) break;
                held_.fetch_sub(1);
                continue;
            }
            if (!counted) {
                waiting_.fetch_add(1);
                counted = true;
            }
            wait(seen);
            seen = count_.load();
        }
        if (counted) waiting_.fetch_sub(1);
    }

    void release();

    // One unit, given back when it goes out of scope.
    class Unit {
    public:
        template <class Admits>
        Unit(SharedSemaphore& s, Admits admits) : s_(s) {
            s_.acquire(admits);
        }
        Unit(const Unit&) = delete;
        Unit& operator=(const Unit&) = delete;
        ~Unit() { s_.release(); }

    private:
        SharedSemaphore& s_;
    };

    // For the arbiter, once the process whose share `held` is has been reaped: gives its units
    // back and wakes every waiter — a waiter woken for a unit that process gave back may itself
    // have been killed before taking it.
    static void reclaim(std::atomic<std::int32_t>& count, std::atomic<std::int64_t>& held);

private:
    void wait(std::int32_t seen);

    std::atomic<std::int32_t>& count_;
    std::atomic<std::int64_t>& held_;
    std::atomic<std::int64_t>& waiting_;
};

}  // namespace gatetune::live
