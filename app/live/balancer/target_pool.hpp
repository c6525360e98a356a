#pragma once
// The load balancer's keep-alive connections to its one target (the gateway). An idle
// connection is watched for the target's FIN, but the balancer only acts on it `race_window`
// later (the FIN in flight plus its own reaction time, docs/MODEL.md §5): a request that takes the
// connection in between is written into a closed connection and fails — the keep-alive race.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "app/live/net/endpoint.hpp"
#include "app/live/net/http.hpp"

namespace gatetune::live {

struct TargetConnection {
    explicit TargetConnection(asio::any_io_executor ex) : stream(ex) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    std::chrono::steady_clock::time_point idle_since{};
    std::optional<std::chrono::steady_clock::time_point> fin_seen;  // the target closed it
    unsigned last_status = 0;   // of the previous response on this connection
    bool idle = false;
    std::uint64_t idle_epoch = 0;  // which idle period a FIN watch belongs to
    bool reused = false;        // taken from the pool rather than freshly connected
};
using TargetConnectionPtr = std::shared_ptr<TargetConnection>;

class TargetPool {
public:
    TargetPool(asio::any_io_executor ex, HttpUrl target, double idle_timeout, double race_window);

    // The most recently used idle connection the balancer still believes open, else nullptr.
    TargetConnectionPtr take();
    // A new connection; nullptr with `timed_out` set when connect_timeout passed first.
    awaitable<TargetConnectionPtr> connect(double connect_timeout, bool& timed_out, boost::system::error_code& ec);
    // After a complete response the target kept alive: back to the pool, watched for its FIN.
    void give_back(TargetConnectionPtr c, unsigned status);

    std::size_t idle_count() const { return idle_.size(); }

private:
    awaitable<void> watch(TargetConnectionPtr c, std::uint64_t epoch);

    asio::any_io_executor ex_;
    HttpUrl target_;
    std::chrono::steady_clock::duration idle_timeout_;
    std::chrono::steady_clock::duration race_window_;
    std::vector<TargetConnectionPtr> idle_;
};

}  // namespace gatetune::live
