#pragma once
// The server's side of a client connection, as uvicorn counts it: the protocol joins
// server_state.connections in connection_made and leaves in connection_lost — when uvicorn
// closes it (keep-alive timeout, `Connection: close`, after a 500) or its user does (done, gave
// up, the ALB's own idle timeout). limit_concurrency counts every one, idle keep-alive ones
// included. [docs/MODEL.md §2]
#include <algorithm>
#include <memory>
#include <vector>

#include "engine/time.hpp"

namespace gatetune::sim {

using engine::SimTime;

struct ServerConnection {
    SimTime closes_at = engine::kForever;  // kForever while open with no close in sight
    void close_by(SimTime t) { closes_at = std::min(closes_at, t); }
};

using ServerConnectionPtr = std::shared_ptr<ServerConnection>;

// One worker's open connections.
class ServerConnections {
public:
    ServerConnectionPtr made() { return open_.emplace_back(std::make_shared<ServerConnection>()); }
    // Those still open at `now` (a connection closing at `now` is gone).
    int open_at(SimTime now) {
        std::erase_if(open_, [now](const ServerConnectionPtr& c) { return c->closes_at <= now; });
        return static_cast<int>(open_.size());
    }

private:
    std::vector<ServerConnectionPtr> open_;
};

}  // namespace gatetune::sim
