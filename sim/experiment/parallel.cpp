#include "sim/experiment/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <unistd.h>

namespace gatetune::sim::experiment {

namespace {

// Threads that stay for the next call: a diagnosis makes about 150 calls, many of them a few
// simulations long, and starting a thread per call was time no simulation ran. One caller at a
// time uses the pool (a second one, from another thread, starts its own threads); a call from
// inside a task runs on that task's thread alone.
class HelperPool {
public:
    static HelperPool& instance() {
        static HelperPool pool;
        return pool;
    }

    // Runs body() on `helpers` pool threads and on the calling thread, and returns when all of
    // them have. False when the pool is in use by another caller (nothing ran).
    bool run(std::size_t helpers, const std::function<void()>& body) {
        if (getpid() != owner_) return false;  // a forked child: the threads stayed in the parent
        std::unique_lock busy(busy_, std::try_to_lock);
        if (!busy.owns_lock()) return false;
        const Inside inside;
        std::unique_lock lock(mutex_);
        while (threads_.size() < helpers) threads_.emplace_back([this](std::stop_token stop) { serve(stop); });
        body_ = &body;
        wanted_ = helpers;
        ++generation_;
        wake_.notify_all();
        lock.unlock();
        body();
        lock.lock();
        done_.wait(lock, [&] { return wanted_ == 0 && running_ == 0; });
        body_ = nullptr;
        return true;
    }

    // True on a thread running a call's work (a pool thread, or a caller during run()).
    static bool inside() { return inside_; }

    ~HelperPool() {
        {
            std::lock_guard lock(mutex_);
            for (std::jthread& t : threads_) t.request_stop();
        }
        wake_.notify_all();
    }  // the threads join here

private:
    struct Inside {
        Inside() { inside_ = true; }
        ~Inside() { inside_ = false; }
    };

    void serve(std::stop_token stop) {
        inside_ = true;
        std::uint64_t seen = 0;
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return stop.stop_requested() || (generation_ != seen && wanted_ > 0); });
            if (stop.stop_requested()) return;
            seen = generation_;
            --wanted_;
            ++running_;
            const std::function<void()>* body = body_;
            lock.unlock();
            (*body)();
            lock.lock();
            --running_;
            if (wanted_ == 0 && running_ == 0) done_.notify_all();
        }
    }

    const pid_t owner_ = getpid();
    std::mutex busy_;   // held by the caller using the pool
    std::mutex mutex_;  // guards the fields below
    std::condition_variable wake_;
    std::condition_variable done_;
    std::vector<std::jthread> threads_;
    const std::function<void()>* body_ = nullptr;
    std::uint64_t generation_ = 0;
    std::size_t wanted_ = 0;   // helpers still to start on this call's body
    std::size_t running_ = 0;  // helpers in it now
    static thread_local bool inside_;
};

thread_local bool HelperPool::inside_ = false;

}  // namespace

unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

void run_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& task,
                  const ProgressFn& progress) {
    if (count == 0) return;
    if (jobs == 0) jobs = default_jobs();
    const std::size_t threads = HelperPool::inside() ? 1 : std::min<std::size_t>(jobs, count);

    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;  // guards done, the first error and progress calls
    std::size_t done = 0;
    std::size_t error_index = count;
    std::exception_ptr error;

    const std::function<void()> worker = [&] {
        while (!stop.load(std::memory_order_relaxed)) {
            const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
            if (i >= count) return;
            try {
                task(i);
            } catch (...) {
                std::lock_guard lock(mutex);
                if (i < error_index) {
                    error_index = i;
                    error = std::current_exception();
                }
                stop = true;
                return;
            }
            std::lock_guard lock(mutex);
            ++done;
            if (progress) progress(done, count);
        }
    };

    // The calling thread is one of the jobs; the others come from the pool, or are started for
    // this call when another caller has the pool.
    if (threads == 1) {
        worker();
    } else if (!HelperPool::instance().run(threads - 1, worker)) {
        std::vector<std::jthread> own;
        own.reserve(threads - 1);
        for (std::size_t t = 1; t < threads; ++t) own.emplace_back(worker);
        worker();
    }  // threads started here join here
    if (error) std::rethrow_exception(error);
}

}  // namespace gatetune::sim::experiment
