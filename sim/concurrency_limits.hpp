#pragma once
// What bounds the requests one worker takes on, written once for the simulated worker and handler
// (sim/worker.cpp, sim/handler.cpp) and the live ones (app/live/gateway/worker.cpp,
// chat_handler.cpp): gthread's worker_connections and uvicorn's limit_concurrency, with the
// exact texts uvicorn answers and logs. docs/MODEL.md §2.
#include <string_view>

#include "sim/config.hpp"

namespace gatetune::sim {

// gthread accepts while nr_conns < worker_connections; at the limit its main loop waits for a
// request to finish (gthread.py ThreadWorker.run: futures.wait(…, FIRST_COMPLETED)).
inline bool gthread_accepts(int in_flight, const ServerConfig& s) { return in_flight < s.worker_connections; }

// Whether the worker keeps count of its open connections: only uvicorn's limit_concurrency reads it.
inline bool counts_connections(const ServerConfig& s) { return s.worker_class == WorkerClass::Uvicorn && s.limit_concurrency > 0; }

// uvicorn's h11_impl/httptools_impl handle_events: when limit_concurrency is set and
// `len(self.connections) >= limit or len(self.tasks) >= limit`, the request is answered by
// service_unavailable. `open_connections` is every connection the worker has open — the arriving
// request's own, idle keep-alive ones and ones accepted but not yet read; `tasks` the requests
// already running (their clients may have left).
inline bool exceeds_limit_concurrency(int open_connections, int tasks, const ServerConfig& s) {
    return counts_connections(s) && (open_connections >= s.limit_concurrency || tasks >= s.limit_concurrency);
}

// flow_control.py service_unavailable: 503, `content-type: text/plain; charset=utf-8`, this body;
// and the warning uvicorn logs.
inline constexpr std::string_view kServiceUnavailableBody = "Service Unavailable";
inline constexpr std::string_view kConcurrencyLimitLog = "Exceeded concurrency limit.";

}  // namespace gatetune::sim
