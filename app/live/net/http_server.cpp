#include "app/live/net/http_server.hpp"

#include "app/live/net/listener.hpp"

namespace gatetune::live {

HttpServer::HttpServer(asio::io_context& io, const ListenAddress& where, int backlog, Handler handler, ServerLimits limits)
    : io_(io), where_(where), backlog_(backlog), handler_(std::move(handler)), limits_(limits) {
    acceptor_ = std::make_shared<tcp::acceptor>(open_listener(io_, where_, backlog_));
    port_ = bound_port(*acceptor_);
    where_.port = port_;
}

void HttpServer::start() { asio::co_spawn(io_, accept_loop(acceptor_), asio::detached); }

void HttpServer::close() {
    if (!acceptor_) return;
    boost::system::error_code ec;
    acceptor_->close(ec);
    acceptor_.reset();
    open_->close_all();
}

void HttpServer::reopen() {
    if (acceptor_) return;
    acceptor_ = std::make_shared<tcp::acceptor>(open_listener(io_, where_, backlog_));
    start();
}

awaitable<void> HttpServer::accept_loop(std::shared_ptr<tcp::acceptor> acceptor) {
    for (;;) {
        boost::system::error_code ec;
        tcp::socket socket = co_await acceptor->async_accept(asio::redirect_error(use_awaitable, ec));
        if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
        if (ec) continue;  // e.g. EMFILE: keep serving the connections we have
        ++connections_;
        socket.set_option(tcp::no_delay(true), ec);
        asio::co_spawn(io_, serve_connection(std::move(socket), handler_, limits_, open_), asio::detached);
    }
}

}  // namespace gatetune::live
