#include "app/live/gateway/shared_state.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <chrono>
#include <new>
#include <system_error>

namespace gatetune::live {

static_assert(std::atomic<std::int64_t>::is_always_lock_free, "cross-process counters need lock-free atomics");

std::size_t status_index(int status) {
    for (std::size_t i = 0; i < kMetricStatuses.size(); ++i)
        if (kMetricStatuses[i] == status) return i;
    return kMetricStatuses.size();
}

SharedState* map_shared_state() {
    void* p = mmap(nullptr, sizeof(SharedState), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mapping the gateway's shared state");
    return new (p) SharedState();
}

std::int64_t steady_now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace gatetune::live
