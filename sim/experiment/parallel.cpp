#include "sim/experiment/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace gatetune::sim::experiment {

unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

void run_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& task,
                  const ProgressFn& progress) {
    if (count == 0) return;
    if (jobs == 0) jobs = default_jobs();
    const std::size_t threads = std::min<std::size_t>(jobs, count);

    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;  // guards done, the first error and progress calls
    std::size_t done = 0;
    std::size_t error_index = count;
    std::exception_ptr error;

    auto worker = [&] {
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

    {
        // The calling thread is one of the workers: a diagnosis makes about 150 calls, many of
        // three tasks, and a thread started per call was time the caller spent waiting.
        std::vector<std::jthread> helpers;
        helpers.reserve(threads - 1);
        for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(worker);
        worker();
    }  // the helpers join here
    if (error) std::rethrow_exception(error);
}

}  // namespace gatetune::sim::experiment
