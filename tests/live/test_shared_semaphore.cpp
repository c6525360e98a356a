// The live gateway's semaphore across processes (app/live/gateway/shared_semaphore.hpp), on an
// anonymous shared mapping as the gateway's own: units taken and given back, a waiter in another
// process woken by a release, the share of a process killed while holding given back by the one
// that reaps it, and never more holders than admitted among processes taking turns.
#include "qtest_suite.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <new>
#include <thread>
#include <vector>

#include "app/live/gateway/shared_semaphore.hpp"

using gatetune::live::SharedSemaphore;

namespace {

constexpr int kProcesses = 4;

struct Words {
    std::atomic<std::int32_t> count{0};
    std::array<std::atomic<std::int64_t>, kProcesses + 1> held{};
    std::array<std::atomic<std::int64_t>, kProcesses + 1> waiting{};
    std::atomic<int> inside{0}, most_inside{0}, flag{0};
};

Words* map_words() {
    void* p = mmap(nullptr, sizeof(Words), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? nullptr : new (p) Words();
}

SharedSemaphore semaphore(Words& w, int who) { return SharedSemaphore(w.count, w.held[who], w.waiting[who]); }

auto below(int capacity) {
    return [capacity](std::int64_t taken) { return taken < capacity; };
}

// Waits (the test's own polling, not the semaphore's) until pred() or `seconds` pass.
template <class P>
bool eventually(P pred, double seconds = 10) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!pred()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

// The child's exit status once it has ended; -1 if it is still running after `seconds` (then killed).
int reap(pid_t pid, double seconds = 20) {
    int status = 0;
    if (!eventually([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, seconds)) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

class TestSharedSemaphore : public QObject {
    Q_OBJECT
private slots:
    void takesAndGivesBackUnits() {
        Words* w = map_words();
        QVERIFY(w);
        auto s = semaphore(*w, 0);
        s.acquire(below(2));
        s.acquire(below(2));
        QCOMPARE(w->count.load(), 2);
        QCOMPARE(w->held[0].load(), std::int64_t{2});
        s.release();
        {
            const SharedSemaphore::Unit u(s, below(2));
            QCOMPARE(w->count.load(), 2);
        }
        s.release();
        QCOMPARE(w->count.load(), 0);
        QCOMPARE(w->held[0].load(), std::int64_t{0});
        QCOMPARE(w->waiting[0].load(), std::int64_t{0});
        munmap(w, sizeof(Words));
    }

    void aReleaseWakesAWaiterInAnotherProcess() {
        Words* w = map_words();
        QVERIFY(w);
        auto mine = semaphore(*w, 0);
        mine.acquire(below(1));
        const pid_t child = ::fork();
        if (child == 0) {
            auto theirs = semaphore(*w, 1);
            theirs.acquire(below(1));
            w->flag.store(1);
            theirs.release();
            ::_exit(0);
        }
        QVERIFY(child > 0);
        QVERIFY(eventually([&] { return w->waiting[1].load() == 1; }));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        QCOMPARE(w->flag.load(), 0);  // still blocked while the unit is held
        mine.release();
        QCOMPARE(reap(child), 0);
        QCOMPARE(w->flag.load(), 1);
        QCOMPARE(w->count.load(), 0);
        QCOMPARE(w->held[1].load(), std::int64_t{0});
        QCOMPARE(w->waiting[1].load(), std::int64_t{0});
        munmap(w, sizeof(Words));
    }

    // What the arbiter does for a worker killed on a server CPU: without the reclaim the waiter
    // would block for good.
    void aKilledHoldersShareIsReclaimed() {
        Words* w = map_words();
        QVERIFY(w);
        const pid_t child = ::fork();
        if (child == 0) {
            semaphore(*w, 1).acquire(below(1));
            w->flag.store(1);
            for (;;) ::pause();
        }
        QVERIFY(child > 0);
        QVERIFY(eventually([&] { return w->flag.load() == 1; }));
        std::atomic<bool> got{false};
        std::thread waiter([&] {
            semaphore(*w, 0).acquire(below(1));
            got.store(true);
        });
        QVERIFY(eventually([&] { return w->waiting[0].load() == 1; }));
        ::kill(child, SIGKILL);
        QCOMPARE(reap(child), 128 + SIGKILL);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        const bool early = got.load();
        SharedSemaphore::reclaim(w->count, w->held[1]);
        const bool woken = eventually([&] { return got.load(); });
        if (!woken) semaphore(*w, 2).release();  // only so that the join below returns
        waiter.join();
        QVERIFY2(!early, "the waiter got a unit still held by the dead process");
        QVERIFY(woken);
        QCOMPARE(w->held[1].load(), std::int64_t{0});
        QCOMPARE(w->count.load(), 1);
        semaphore(*w, 0).release();
        QCOMPARE(w->count.load(), 0);
        munmap(w, sizeof(Words));
    }

    void processesTakingTurnsNeverExceedTheCapacity() {
        Words* w = map_words();
        QVERIFY(w);
        constexpr int kCapacity = 2, kRounds = 300;
        std::vector<pid_t> children;
        for (int p = 1; p <= kProcesses; ++p) {
            const pid_t child = ::fork();
            if (child == 0) {
                auto s = semaphore(*w, p);
                for (int i = 0; i < kRounds; ++i) {
                    const SharedSemaphore::Unit u(s, below(kCapacity));
                    const int now = w->inside.fetch_add(1) + 1;
                    int most = w->most_inside.load();
                    while (now > most && !w->most_inside.compare_exchange_weak(most, now)) {
                    }
                    ::usleep(100);
                    w->inside.fetch_sub(1);
                }
                ::_exit(0);
            }
            QVERIFY(child > 0);
            children.push_back(child);
        }
        for (pid_t c : children) QCOMPARE(reap(c, 60), 0);
        qInfo("%d processes × %d turns, at most %d inside at once (capacity %d)", kProcesses, kRounds, w->most_inside.load(), kCapacity);
        QVERIFY(w->most_inside.load() <= kCapacity);
        QVERIFY(w->most_inside.load() >= 1);
        QCOMPARE(w->count.load(), 0);
        for (int p = 1; p <= kProcesses; ++p) {
            QCOMPARE(w->held[static_cast<std::size_t>(p)].load(), std::int64_t{0});
            QCOMPARE(w->waiting[static_cast<std::size_t>(p)].load(), std::int64_t{0});
        }
        munmap(w, sizeof(Words));
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestSharedSemaphore)
#include "test_shared_semaphore.moc"
