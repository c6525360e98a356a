#include "sim/calibration/reproduce_check.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "sim/stack.hpp"

namespace gatetune::sim::calibration {
namespace {

constexpr double kShareFloor = 0.01;

}  // namespace

bool ReproduceCheck::pass() const {
    return std::all_of(rows.begin(), rows.end(), [](const ReproduceRow& r) { return r.pass(); });
}

ReproduceCheck reproduce_check(const Calibration& c, const Config& calibrated) {
    ReproduceCheck out;
    Config cfg = calibrated;
    cfg.simulation.record_requests = false;
    if (cfg.workload.kind == WorkloadKind::Open && cfg.workload.rate > 0) {
        cfg.workload.duration = std::min(cfg.workload.duration, kReproduceRequests / cfg.workload.rate);
    }
    cfg.simulation.max_time = std::max(cfg.simulation.max_time, cfg.workload.duration * 4 + cfg.workload.client_timeout);
    const RunResult r = simulate(cfg);
    out.simulated_requests = r.requests;
    out.simulated_seconds = cfg.workload.duration;
    for (const double p : {50.0, 90.0, 99.0}) {
        ReproduceRow row;
        row.quantity = "latency p" + std::to_string(static_cast<int>(p));
        row.logs = static_cast<double>(c.latency.percentile(p)) * 1e-6;
        row.simulated = static_cast<double>(r.latency.percentile(p)) * 1e-6;
        row.tolerance = kReproduceTolerance * row.logs;
        out.rows.push_back(row);
    }
    std::set<std::string> statuses;
    for (const auto& [s, n] : c.by_status) statuses.insert(s);
    for (const auto& [s, n] : r.by_status) statuses.insert(s);
    for (const std::string& s : statuses) {
        ReproduceRow row;
        row.quantity = "status " + s;
        row.is_share = true;
        row.logs = c.share(s);
        const auto it = r.by_status.find(s);
        row.simulated = r.requests && it != r.by_status.end() ? static_cast<double>(it->second) / static_cast<double>(r.requests) : 0.0;
        row.tolerance = std::max(kReproduceTolerance * row.logs, kShareFloor);
        out.rows.push_back(row);
    }
    return out;
}

}  // namespace gatetune::sim::calibration
