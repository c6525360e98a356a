#pragma once
// Task<T>: a lazily started coroutine that another coroutine awaits (`co_await db.query()`),
// like an `async def` called with `await` in the Python code being modelled. The awaiting
// frame owns the task's frame, so destroying a process's root frame (a kill) destroys every
// nested task with it, and each awaiter's destructor gives back what it held.
#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

#include "engine/frame_pool.hpp"

namespace gatetune::engine {

struct ProcessState;
void finish_process_root(ProcessState* p, std::exception_ptr failure) noexcept;

struct PromiseBase {
    ProcessState* process = nullptr;
    std::coroutine_handle<> continuation;  // the awaiting coroutine; null for a process root
    std::exception_ptr exception;

    static void* operator new(std::size_t n) { return FramePool::allocate(n); }
    static void operator delete(void* p, std::size_t n) noexcept { FramePool::deallocate(p, n); }

    std::suspend_always initial_suspend() const noexcept { return {}; }
    void unhandled_exception() noexcept { exception = std::current_exception(); }

    struct FinalAwaiter {
        bool await_ready() const noexcept { return false; }
        template <class P>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) const noexcept {
            PromiseBase& p = h.promise();
            if (p.continuation) return p.continuation;  // symmetric transfer back to the awaiter
            finish_process_root(p.process, std::move(p.exception));  // destroys this frame
            return std::noop_coroutine();
        }
        void await_resume() const noexcept {}
    };
    FinalAwaiter final_suspend() const noexcept { return {}; }
};

template <class T>
struct TaskPromise : PromiseBase {
    std::optional<T> value;
    template <class U>
    void return_value(U&& v) {
        value.emplace(std::forward<U>(v));
    }
    T take() {
        if (exception) std::rethrow_exception(exception);
        return std::move(*value);
    }
};

template <>
struct TaskPromise<void> : PromiseBase {
    void return_void() const noexcept {}
    void take() const {
        if (exception) std::rethrow_exception(exception);
    }
};

template <class T = void>
class [[nodiscard]] Task {
public:
    struct promise_type : TaskPromise<T> {
        Task get_return_object() { return Task{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    };
    using Handle = std::coroutine_handle<promise_type>;

    Task() = default;
    explicit Task(Handle h) : h_(h) {}
    Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
    Task& operator=(Task&& o) noexcept {
        if (this != &o) {
            reset();
            h_ = std::exchange(o.h_, {});
        }
        return *this;
    }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;
    ~Task() { reset(); }

    bool valid() const { return static_cast<bool>(h_); }
    Handle release() { return std::exchange(h_, {}); }

    struct Awaiter {
        Handle h;
        bool await_ready() const noexcept { return false; }
        template <class P>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<P> caller) noexcept {
            h.promise().continuation = caller;
            h.promise().process = caller.promise().process;
            return h;
        }
        T await_resume() { return h.promise().take(); }
    };
    Awaiter operator co_await() && noexcept { return Awaiter{h_}; }

private:
    void reset() {
        if (h_) std::exchange(h_, {}).destroy();
    }
    Handle h_;
};

}  // namespace gatetune::engine
