#include "app/live/gateway/request_timeline.hpp"

#include <cstdio>

namespace gatetune::live {

std::string RequestTimeline::server_timing() const {
    std::string out;
    for (std::size_t i = 0; i < sim::kPhaseCount; ++i) {
        if (phases_[i] <= 0) continue;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(phases_[i]) / 1000.0);
        if (!out.empty()) out += ", ";
        out += std::string(sim::to_string(static_cast<sim::Phase>(i))) + ";dur=" + buf;
    }
    return out;
}

}  // namespace gatetune::live
