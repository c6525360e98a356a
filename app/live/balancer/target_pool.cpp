#include "app/live/balancer/target_pool.hpp"

#include <algorithm>

namespace gatetune::live {

using clock = std::chrono::steady_clock;

TargetPool::TargetPool(asio::any_io_executor ex, HttpUrl target, double idle_timeout, double race_window)
    : ex_(std::move(ex)), target_(std::move(target)), idle_timeout_(seconds(idle_timeout)), race_window_(seconds(race_window)) {}

TargetConnectionPtr TargetPool::take() {
    const auto now = clock::now();
    while (!idle_.empty()) {
        TargetConnectionPtr c = std::move(idle_.back());
        idle_.pop_back();
        c->idle = false;
        boost::system::error_code ignored;
        c->stream.socket().cancel(ignored);  // ends the FIN watch
        // The balancer closes connections idle for idle_timeout itself, and drops those whose
        // FIN it has had time to react to.
        if (now - c->idle_since >= idle_timeout_ || (c->fin_seen && now - *c->fin_seen >= race_window_)) {
            c->stream.socket().close(ignored);
            continue;
        }
        c->reused = true;
        return c;
    }
    return nullptr;
}

awaitable<TargetConnectionPtr> TargetPool::connect(double connect_timeout, bool& timed_out, boost::system::error_code& ec) {
    timed_out = false;
    auto c = std::make_shared<TargetConnection>(ex_);
    tcp::resolver resolver(ex_);
    const auto endpoints = co_await resolver.async_resolve(target_.host, std::to_string(target_.port),
                                                           asio::redirect_error(use_awaitable, ec));
    if (ec) co_return nullptr;
    c->stream.expires_after(seconds(connect_timeout));
    co_await c->stream.async_connect(endpoints, asio::redirect_error(use_awaitable, ec));
    if (ec == beast::error::timeout) timed_out = true;
    if (ec) co_return nullptr;
    c->stream.expires_never();
    c->stream.socket().set_option(tcp::no_delay(true), ec);
    ec = {};
    co_return c;
}

void TargetPool::give_back(TargetConnectionPtr c, unsigned status) {
    c->idle = true;
    c->idle_since = clock::now();
    c->fin_seen.reset();
    c->last_status = status;
    const std::uint64_t epoch = ++c->idle_epoch;
    idle_.push_back(c);
    asio::co_spawn(ex_, watch(std::move(c), epoch), asio::detached);
}

// Any completion of a read on an idle connection but our own cancel means the target closed it
// (or sent bytes it should not have): either way the connection is finished.
awaitable<void> TargetPool::watch(TargetConnectionPtr c, std::uint64_t epoch) {
    // The watch starts a loop turn after give_back: the connection may be in use again already,
    // and its next response is not ours to read.
    auto still_idle = [&] { return c->idle && c->idle_epoch == epoch; };
    if (!still_idle()) co_return;
    char byte;
    boost::system::error_code ec;
    co_await c->stream.socket().async_read_some(asio::buffer(&byte, 1), asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !still_idle()) co_return;
    c->fin_seen = clock::now();
    // Once the balancer has reacted, the connection leaves the pool.
    asio::steady_timer t(ex_);
    t.expires_after(race_window_);
    co_await t.async_wait(asio::redirect_error(use_awaitable, ec));
    if (!still_idle()) co_return;
    std::erase(idle_, c);
    c->idle = false;
    c->stream.socket().close(ec);
}

}  // namespace gatetune::live
