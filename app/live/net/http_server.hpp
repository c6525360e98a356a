#pragma once
// An accept loop on one event loop: each accepted connection is served by its own coroutine
// (serve_connection). close() stops accepting so new connections are refused by the kernel
// (an outage window); reopen() listens again on the same port.
#include <memory>

#include "app/live/net/endpoint.hpp"
#include "app/live/net/server.hpp"

namespace gatetune::live {

class HttpServer {
public:
    HttpServer(asio::io_context& io, const ListenAddress& where, int backlog, Handler handler, ServerLimits limits);
    std::uint16_t port() const { return port_; }
    void start();
    // Stops accepting and closes the open connections (a crash or an outage, not a drain).
    void close();
    void reopen();
    std::uint64_t connections() const { return connections_; }

private:
    awaitable<void> accept_loop(std::shared_ptr<tcp::acceptor> acceptor);

    asio::io_context& io_;
    ListenAddress where_;
    int backlog_;
    Handler handler_;
    ServerLimits limits_;
    std::shared_ptr<tcp::acceptor> acceptor_;
    std::uint16_t port_ = 0;
    std::uint64_t connections_ = 0;
    std::shared_ptr<ConnectionSet> open_ = std::make_shared<ConnectionSet>();
};

}  // namespace gatetune::live
