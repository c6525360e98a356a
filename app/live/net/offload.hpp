#pragma once
// Runs blocking work (SQLite, the database's emulated latency) on a thread pool and resumes the
// awaiting coroutine on its own event loop — asyncpg and aiosqlite keep the loop free the same way.
#include <exception>
#include <optional>
#include <type_traits>

#include "app/live/net/http.hpp"

namespace gatetune::live {

template <class F>
awaitable<std::invoke_result_t<F>> offload(asio::thread_pool& pool, F work) {
    using R = std::invoke_result_t<F>;
    using Slot = std::conditional_t<std::is_void_v<R>, int, R>;
    auto exec = co_await asio::this_coro::executor;
    std::optional<Slot> result;
    std::exception_ptr error;
    co_await asio::async_initiate<decltype(use_awaitable), void()>(
        [&](auto handler) {
            asio::post(pool, [&, exec, handler = std::move(handler)]() mutable {
                try {
                    if constexpr (std::is_void_v<R>) {
                        work();
                        result.emplace(0);
                    } else {
                        result.emplace(work());
                    }
                } catch (...) {
                    error = std::current_exception();
                }
                asio::post(exec, std::move(handler));
            });
        },
        use_awaitable);
    if (error) std::rethrow_exception(error);
    if constexpr (!std::is_void_v<R>) co_return std::move(*result);
}

}  // namespace gatetune::live
