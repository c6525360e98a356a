#pragma once
// Runs independent tasks (one simulation each) on several threads. Threads take the next index
// from a shared counter (a work queue without a queue), and every task writes its result into
// its own slot, so the output order — and therefore the output bytes — never depend on how the
// work was scheduled or on the number of threads.
#include <cstddef>
#include <functional>

namespace gatetune::sim::experiment {

// Called after each finished task with the number finished so far (monotone, serialised).
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

// All hardware threads, at least 1.
unsigned default_jobs();

// task(i) for every i in [0, count) on min(jobs, count) threads (jobs 0 = default_jobs()); jobs 1
// runs on the calling thread. When tasks throw, no new tasks start and the exception of the
// lowest failing index is rethrown after all threads have stopped.
void run_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& task,
                  const ProgressFn& progress = {});

}  // namespace gatetune::sim::experiment
