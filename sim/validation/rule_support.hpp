#pragma once
// Small helpers several rule groups share: the worker class gunicorn actually runs and how the
// messages name it and a call.
#include <string>

#include "sim/config.hpp"
#include "sim/validation/estimate.hpp"

namespace gatetune::sim::validation {

// gunicorn runs a sync worker with threads > 1 as gthread (Config.worker_class). [§2]
WorkerClass effective_worker_class(const ServerConfig& s);
// "UvicornWorker", "gthread workers", "sync workers".
std::string worker_class_phrase(WorkerClass c);
// "(3737 + 321 tokens)".
std::string call_tokens(const CallEstimate& c);
// "the load balancer's idle timeout 60 s (ALB default)".
std::string lb_idle_phrase(const LbIdle& lb);

}  // namespace gatetune::sim::validation
