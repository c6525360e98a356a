#pragma once
// The caller's side of one request: send it (directly or through the load balancer), wait with
// the client's own timeout — like httpx's read timeout, a bound on each wait for bytes — and
// keep the connection for the next call.
#include "sim/gateway.hpp"

namespace gatetune::sim {

class LoadBalancer;

class Client {
public:
    Client(StackContext& ctx, Gateway& gateway, LoadBalancer* lb) : ctx_(ctx), gateway_(gateway), lb_(lb) {}

    // Runs `ex` to its end and fills ex->rec (end time, status, cause).
    engine::Task<> call(ExchangePtr ex, GatewayConnection& conn);
    // The user is done with its connection and closes it.
    void hang_up(GatewayConnection& conn);

private:
    engine::Task<> send_direct(ExchangePtr ex, GatewayConnection& conn);
    // False when the request crossed the ALB's idle close (and is answered).
    bool reuse_lb_connection(Exchange& ex, GatewayConnection& conn);

    StackContext& ctx_;
    Gateway& gateway_;
    LoadBalancer* lb_;
};

// Waits for the response with `gap` as the longest silence allowed: until the first byte, then
// until the end (a streamed response sends a chunk per token, so only a stall could exceed it).
// False when the silence ran out first.
engine::Task<bool> await_response(engine::Simulation& sim, Exchange& ex, SimTime gap);

}  // namespace gatetune::sim
