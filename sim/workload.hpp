#pragma once
// The callers: scripted sessions (each user runs the call script in order, each call sent as
// soon as the previous answered, plus think time), or open-loop Poisson arrivals whose rate
// follows steps and ramps and never waits for responses.
#include <functional>

#include "engine/process.hpp"
#include "sim/client.hpp"
#include "sim/arrival_schedule.hpp"

namespace gatetune::sim {

class Workload {
public:
    using Sink = std::function<void(const RequestRecord&)>;
    Workload(StackContext& ctx, Client& client, Sink sink);

    // Spawns the client processes; `done` fires when every request has ended.
    void start();
    engine::Trigger& done() { return done_; }

private:
    engine::Task<> session_user(int user);
    engine::Task<> replayed_session(int user);
    engine::Task<> open_loop();
    engine::Task<> replay(std::vector<TraceRow> rows);
    engine::Task<> one_call(int user, int api_key, int call, int input_tokens, int output_tokens, bool stream, GatewayConnection* conn);
    void client_finished();
    // One open-loop (or trace) request: its own client process, a fresh connection.
    void spawn_arrival(const Arrival& a);

    StackContext& ctx_;
    Client& client_;
    Sink sink_;
    engine::Trigger done_;
    std::uint64_t next_id_ = 1;
    std::int64_t clients_ = 0;  // client processes still running
};

}  // namespace gatetune::sim
