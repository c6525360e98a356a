#pragma once
// What a component knew when a request failed: one small struct per kind of failure. The model
// records these facts where the failure happens (Explainer::note); the sentences are written from
// them afterwards, in one place (sim/explanations.cpp), so the request path reads as what happens
// and not as how to tell it.
#include <cstddef>
#include <string>
#include <variant>

#include "sim/gateway_limits.hpp"
#include "sim/outcome.hpp"
#include "sim/postgres_admission.hpp"

namespace gatetune::sim::facts {

// uvicorn's limit_concurrency answered 503.
struct ConcurrencyLimit {
    int worker = 0;
    int in_flight = 0;         // requests already in flight on the worker
    int open_connections = 0;  // the worker's open connections, this request's own included
};

// QueuePool checkout timed out; who held the pool's connections at that moment.
struct DbPoolTimeout {
    int worker = 0;
    SimTime waited = 0;
    int holders = 0;           // connections checked out
    std::string holders_doing; // "3 awaiting the upstream, 2 running a DB query"
    SimTime held_total = 0;    // summed time the holders have held theirs
    std::size_t waiting = 0;   // other requests still waiting
};

// PostgreSQL refused a new pool connection.
struct DbRefused {
    int worker = 0;
    int pool_open = 0;          // connections the worker's pool had open
    SimTime waited = 0;         // the connect attempt's duration
    ConnectError error = ConnectError::None;
    int server_connections = 0; // connections the server had
};

struct HttpPoolTimeout {
    int worker = 0;
};
struct UpstreamDown {};
struct UpstreamConnectTimeout {
    double handshake_s = 0;  // what the TCP + TLS handshake would have needed
};
struct UpstreamReadTimeout {
    int input_tokens = 0;
    int output_tokens = 0;
    bool stream = false;
};
// The upstream answered an error status on the last attempt (429, 400, 5xx).
struct UpstreamAnswered {
    int status = 0;
    int attempts = 0;
};
struct SessionCreateRace {};
struct GatewayLimited {
    GatewayRefusal refusal;
};

// The arbiter killed a silent worker with this request in flight.
struct WorkerTimedOut {
    enum class Silence { SyncRequest, Draining, Booting, LoopBlocked };
    int worker = 0;
    Silence silence = Silence::LoopBlocked;
    SimTime silent = 0;          // since the last notify
    SimTime loop_busy_for = -1;  // how long the event loop has been blocked (−1: it was not)
    int in_flight = 0;
    SimTime running_for = 0;     // how long this request had been running
};
// A restart's SIGTERM, then SIGKILL after graceful_timeout, with this request in flight.
struct KilledAfterGracefulTimeout {
    int worker = 0;
    int in_flight = 0;
};

// The load balancer failed the request (its Cause says how).
struct LbKeepaliveRace {
    SimTime idle_for = 0;  // how long the reused target connection had been idle
};
struct LbTargetClosed {};
struct LbConnectTimeout {};
struct LbIdleTimeout {};
struct LbClientIdleClose {
    SimTime idle_for = 0;  // how long the caller's connection to the ALB had been idle
};

struct ClientGaveUp {};
struct BacklogFull {};
struct ClosedAfterError {};

using Fact = std::variant<ConcurrencyLimit, DbPoolTimeout, DbRefused, HttpPoolTimeout, UpstreamDown, UpstreamConnectTimeout,
                          UpstreamReadTimeout, UpstreamAnswered, SessionCreateRace, GatewayLimited, WorkerTimedOut,
                          KilledAfterGracefulTimeout, LbKeepaliveRace, LbTargetClosed, LbConnectTimeout, LbIdleTimeout,
                          LbClientIdleClose, ClientGaveUp, BacklogFull, ClosedAfterError>;

}  // namespace gatetune::sim::facts
