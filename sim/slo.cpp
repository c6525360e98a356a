#include "sim/slo.hpp"

#include <algorithm>

namespace gatetune::sim {

std::vector<SloCheck> evaluate_slo(const SloConfig& slo, const RunResult& r) {
    std::vector<SloCheck> out;
    const double n = static_cast<double>(r.requests);
    if (slo.max_error_rate) out.push_back({"max_error_rate", r.error_rate(), *slo.max_error_rate, "share", r.error_rate() <= *slo.max_error_rate});
    // Latency limits apply to every request, failed ones included: a fast 500 must not make p99 look good
    // and a slow one must count.
    auto latency = [&](const char* name, double q, double limit) {
        const double v = r.latency.empty() ? 0.0 : engine::to_seconds(r.latency.percentile(q));
        out.push_back({name, v, limit, "s", v <= limit});
    };
    if (slo.p50) latency("p50", 50, *slo.p50);
    if (slo.p99) latency("p99", 99, *slo.p99);
    for (const auto& [cause_name, limit] : slo.max_cause_rate) {
        Cause c{};
        const double share = parse_cause(cause_name, c) && n > 0 ? static_cast<double>(r.by_cause[static_cast<std::size_t>(c)]) / n : 0.0;
        out.push_back({"max_cause_rate." + cause_name, share, limit, "share", share <= limit});
    }
    return out;
}

bool all_passed(const std::vector<SloCheck>& checks) {
    return std::all_of(checks.begin(), checks.end(), [](const SloCheck& c) { return c.passed; });
}

}  // namespace gatetune::sim
