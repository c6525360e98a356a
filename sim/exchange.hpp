#pragma once
// One HTTP request from a client through the gateway and back: the record being filled in,
// and the trigger the client waits on. Shared by the client (which may give up) and the
// server side (which carries on regardless — uvicorn does not cancel a handler whose client
// left).
#include <memory>
#include <string>

#include "engine/trigger.hpp"
#include "sim/outcome.hpp"
#include "sim/server_connection.hpp"

namespace gatetune::sim {

struct Exchange {
    explicit Exchange(engine::Simulation& sim) : first_byte(sim), answered(sim) {}

    RequestRecord rec;
    engine::Trigger first_byte;  // headers + first chunk reached the client (streamed responses)
    engine::Trigger answered;    // the whole response (or the failure) reached the client
    bool stream = false;
    bool client_gone = false;     // the client's own timeout fired
    std::uint64_t worker_generation = 0;  // which incarnation of rec.worker accepted it
    ServerConnectionPtr connection;       // the server side of its connection, where the worker counts connections
    const char* activity = "queued";  // what the handler is doing now, for explanations
    SimTime activity_since = 0;

    bool is_answered() const { return answered.fired(); }
    void add(Phase p, SimTime d) { rec.phases[static_cast<std::size_t>(p)] += d; }
    void doing(const char* what, SimTime now) {
        activity = what;
        activity_since = now;
    }
    // A streamed response starts: status line, headers and the first chunk are on their way.
    void start_stream() { first_byte.fire(); }
    // The worker process that held the connection died before answering: the client sees the
    // connection closed without a response (httpx RemoteProtocolError; an ALB answers 502).
    void drop_with_worker() { answer(0, Cause::WorkerKilled, ClientError::RemoteProtocolError); }
    // The response (or the dropped connection) reaches the client now.
    void answer(int http_status, Cause cause, ClientError err = ClientError::None) {
        if (answered.fired()) return;
        rec.http_status = http_status;
        rec.cause = cause;
        rec.client_error = err;
        first_byte.fire();
        answered.fire();
    }
};

using ExchangePtr = std::shared_ptr<Exchange>;

}  // namespace gatetune::sim
