#pragma once
// The FastAPI chat-completions handler, step by step as the incident's gateway runs it.
#include "engine/task.hpp"
#include "sim/exchange.hpp"

namespace gatetune::sim {

class Worker;

// Runs one request on `w` to the end: answers the client (or, if the worker dies first, the
// dropped connection answers for it).
engine::Task<> handle_request(Worker& w, ExchangePtr ex);

}  // namespace gatetune::sim
