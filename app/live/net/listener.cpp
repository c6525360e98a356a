#include "app/live/net/listener.hpp"

namespace gatetune::live {

tcp::acceptor open_listener(asio::io_context& io, const ListenAddress& where, int backlog) {
    tcp::resolver resolver(io);
    auto results = resolver.resolve(where.host, std::to_string(where.port), tcp::resolver::passive | tcp::resolver::numeric_service);
    tcp::endpoint ep = results.begin()->endpoint();
    tcp::acceptor acceptor(io);
    acceptor.open(ep.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen(backlog);
    return acceptor;
}

std::uint16_t bound_port(const tcp::acceptor& acceptor) { return acceptor.local_endpoint().port(); }

}  // namespace gatetune::live
