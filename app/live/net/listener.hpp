#pragma once
// Listening sockets: opened with the configured backlog, and re-opened from an inherited file
// descriptor in forked worker processes (gunicorn's shared LISTENERS).
#include <cstdint>

#include "app/live/net/endpoint.hpp"
#include "app/live/net/http.hpp"

namespace gatetune::live {

// Throws std::system_error with the OS reason (address in use, permission denied …).
tcp::acceptor open_listener(asio::io_context& io, const ListenAddress& where, int backlog);
std::uint16_t bound_port(const tcp::acceptor& acceptor);

}  // namespace gatetune::live
