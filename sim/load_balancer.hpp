#pragma once
// An AWS Application Load Balancer in front of the gateway: it keeps its own pool of target
// connections (reused across clients, closed after idle_timeout), answers 504 when the target
// sends nothing for idle_timeout, 502 when the target closed the connection with the request
// outstanding — also when it reused a connection the target's keep-alive had just closed.
// [docs/MODEL.md §5]
#include <vector>

#include "sim/gateway.hpp"

namespace gatetune::sim {

class LoadBalancer {
public:
    LoadBalancer(StackContext& ctx, Gateway& gateway) : ctx_(ctx), gateway_(gateway) {}

    // Takes the client's request and answers it (with the target's response or the ALB's own
    // 502/504); runs as its own process, so the client's timeout is independent of it.
    void forward(ExchangePtr client_ex);

private:
    engine::Task<> proxy(ExchangePtr client_ex);
    GatewayConnection take_target_connection();
    void give_back(GatewayConnection conn);
    void fail(Exchange& client_ex, const Exchange& target_ex, int status, Cause cause, facts::Fact fact);

    StackContext& ctx_;
    Gateway& gateway_;
    std::vector<GatewayConnection> idle_;  // most recently used last
};

}  // namespace gatetune::sim
