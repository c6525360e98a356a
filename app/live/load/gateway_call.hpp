#pragma once
// One call of the workload over HTTP, as an httpx caller sees it: connect (or reuse the
// keep-alive connection), send, wait for the first byte with the client's own timeout, read the
// rest, and end with a status — or with the client-side error the simulator would record for the
// same failure (sim/client.cpp).
#include <chrono>
#include <string>
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>

#include "app/live/load/load_clock.hpp"
#include "app/live/load/load_target.hpp"
#include "sim/outcome.hpp"

namespace gatetune::live {

// A connection to the gateway as one caller holds it: a session user's keep-alive connection, or
// an open-loop arrival's own.
struct GatewayLink {
    explicit GatewayLink(const boost::asio::any_io_executor& ex) : stream(ex) {}
    boost::beast::tcp_stream stream;
    boost::beast::flat_buffer buffer;
    bool open = false;
    bool after_500 = false;  // the last response on it was a 500: uvicorn may be closing it (O1)
    void close();
};

struct CallSettings {
    LoadTarget target;
    boost::asio::ip::tcp::resolver::results_type endpoints;
    LoadClock clock;
    std::chrono::steady_clock::duration client_timeout;  // workload.client_timeout, in wall time
    bool keepalive = true;                               // workload.keepalive
    // load_balancer.enabled: the target is the ALB, which answers a target's failure with its
    // own 502/504 and drops only the caller's idle connections (idle_timeout).
    bool behind_load_balancer = false;
    double race_window = 0;                              // workload.network_rtt, in wall seconds
};

// What the caller may want to count besides the record.
struct CallNotes {
    bool cause_from_status = false;  // the response had no (known) x-gatetune-cause
    bool local_error = false;        // the connect failed on this machine (file descriptors, ports)
};

// Fills rec's outcome (status, cause, client error, worker, attempts, phases, end); rec.start and
// the call's identity are the caller's. Never throws for network outcomes.
boost::asio::awaitable<CallNotes> send_call(const CallSettings& settings, GatewayLink& link, const std::string& api_key,
                                            bool stream, sim::RequestRecord& rec);

}  // namespace gatetune::live
