#include "app/live/gateway/shared_semaphore.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>

namespace gatetune::live {

static_assert(sizeof(std::atomic<std::int32_t>) == sizeof(std::int32_t) && std::atomic<std::int32_t>::is_always_lock_free,
              "the futex word is the atomic's own storage");

namespace {

std::int32_t* futex_word(std::atomic<std::int32_t>& count) { return reinterpret_cast<std::int32_t*>(&count); }

void futex_wake(std::atomic<std::int32_t>& count, int n) {
    ::syscall(SYS_futex, futex_word(count), FUTEX_WAKE, n, nullptr, nullptr, 0);
}

}  // namespace

// The kernel sleeps only while the count is still `seen`: a release between the caller's look
// and the sleep makes it return at once (EAGAIN). Woken, interrupted or not, the caller looks again.
void SharedSemaphore::wait(std::int32_t seen) { ::syscall(SYS_futex, futex_word(count_), FUTEX_WAIT, seen, nullptr, nullptr, 0); }

// One waiter suffices: every waiter waits for the same count, and the one woken that finds the
// unit taken again waits for the next release.
void SharedSemaphore::release() {
    count_.fetch_sub(1);
    held_.fetch_sub(1);
    futex_wake(count_, 1);
}

void SharedSemaphore::reclaim(std::atomic<std::int32_t>& count, std::atomic<std::int64_t>& held) {
    count.fetch_sub(static_cast<std::int32_t>(held.exchange(0)));
    futex_wake(count, INT_MAX);
}

}  // namespace gatetune::live
