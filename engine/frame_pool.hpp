#pragma once
// Recycles coroutine frames and process records by size class. Every simulated request creates
// and destroys a handful of frames; going to the global allocator for each costs more than the
// events themselves. One pool per thread, so parallel sweeps never contend.
#include <cstddef>
#include <new>

namespace gatetune::engine {

class FramePool {
public:
    static constexpr std::size_t kGranule = 64;
    static constexpr std::size_t kClasses = 32;  // pooled up to 2 KiB

    static void* allocate(std::size_t n) {
        std::size_t c = (n + kGranule - 1) / kGranule;
        if (c >= kClasses) return ::operator new(n);
        FreeBlock*& head = lists().heads[c];
        if (head != nullptr) {
            FreeBlock* b = head;
            head = b->next;
            return b;
        }
        return ::operator new(c * kGranule);
    }

    static void deallocate(void* p, std::size_t n) noexcept {
        std::size_t c = (n + kGranule - 1) / kGranule;
        if (c >= kClasses) {
            ::operator delete(p);
            return;
        }
        auto* b = static_cast<FreeBlock*>(p);
        FreeBlock*& head = lists().heads[c];
        b->next = head;
        head = b;
    }

private:
    struct FreeBlock {
        FreeBlock* next;
    };
    struct Lists {
        FreeBlock* heads[kClasses] = {};
        Lists() = default;
        Lists(const Lists&) = delete;
        Lists& operator=(const Lists&) = delete;
        ~Lists() {
            for (FreeBlock*& h : heads)
                while (h != nullptr) {
                    FreeBlock* next = h->next;
                    ::operator delete(h);
                    h = next;
                }
        }
    };
    static Lists& lists() {
        thread_local Lists l;
        return l;
    }
};

}  // namespace gatetune::engine
