#pragma once
// `gatetune upstream`: the mock LLM served on a port until stopped, fault windows applied.
#include <atomic>
#include <functional>
#include <ostream>

#include "app/live/net/endpoint.hpp"
#include "sim/config.hpp"

namespace gatetune::live {

struct UpstreamOptions {
    ListenAddress listen;
    double time_scale = 1.0;   // already applied to the config by the caller; shown in the banner
};

// Serves until SIGINT/SIGTERM or `stop` becomes true. `ready` gets the bound port once listening.
// Returns the process exit code.
int run_upstream(const sim::Config& scaled, const UpstreamOptions& opts, std::ostream& log,
                 const std::function<void(std::uint16_t)>& ready = {}, const std::atomic<bool>* stop = nullptr);

}  // namespace gatetune::live
