#pragma once
// `gatetune alb`: an AWS Application Load Balancer in front of one target, as docs/MODEL.md §5
// describes it, so the live mode meets the balancer's failure modes for real:
//   - no byte from the target for idle_timeout while a request waits → 504;
//   - a keep-alive connection the target closed just before reuse → 502 (the keep-alive race,
//     or the close uvicorn makes after a 500);
//   - no connection within connect_timeout (the target's listen backlog is full) → 504;
//   - the target closing a connection with a request outstanding (its worker died) → 502.
// Its own answers are the ALB's HTML pages with `Server: awselb/2.0`, plus the Gatetune cause.
#include <functional>
#include <ostream>

#include "app/live/net/endpoint.hpp"
#include "sim/config.hpp"

namespace gatetune::live {

struct BalancerOptions {
    ListenAddress listen;
    HttpUrl target;
    double time_scale = 1.0;   // already applied to the config; shown in the banner
};

// Serves until SIGINT/SIGTERM. `ready` gets the bound port. Returns the process exit code.
int run_load_balancer(const sim::Config& scaled, const BalancerOptions& opts, std::ostream& log,
                      const std::function<void(std::uint16_t)>& ready = {});

}  // namespace gatetune::live
