#pragma once
// The callers: scripted sessions (each user runs the call script in order, each call sent as
// soon as the previous answered, plus think time), or open-loop Poisson arrivals whose rate
// follows steps and ramps and never waits for responses.
#include <functional>

#include "engine/process.hpp"
#include "sim/gateway.hpp"

namespace gatetune::sim {

class Workload {
public:
    using Sink = std::function<void(const RequestRecord&)>;
    Workload(StackContext& ctx, Gateway& gateway, Sink sink);

    // Spawns the client processes; `done` fires when every request has ended.
    void start();
    engine::Trigger& done() { return done_; }

private:
    engine::Task<> session_user(int user);
    engine::Task<> open_loop();
    engine::Task<> one_call(int user, int call, int input_tokens, int output_tokens, ClientConnection* conn);
    double rate_at(double t) const;
    void client_finished();

    StackContext& ctx_;
    Gateway& gateway_;
    Sink sink_;
    engine::Trigger done_;
    std::uint64_t next_id_ = 1;
    std::int64_t clients_ = 0;  // client processes still running
    bool arrivals_over_ = false;
};

}  // namespace gatetune::sim
