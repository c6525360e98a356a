#include "ui/live_sample.hpp"

namespace gatetune::ui {

std::optional<LiveSample> live_sample(const std::vector<PrometheusSample>& samples, std::string* error) {
    // The gauges are always written, the request counter only once a request was answered:
    // a fresh gateway is recognised by its in-flight gauge.
    if (!sum_samples(samples, "gatetune_in_flight")) {
        if (error) *error = "no gatetune_in_flight gauge in the metrics (is this the gateway?)";
        return std::nullopt;
    }
    LiveSample s;
    for (const auto& m : samples) {
        if (m.name != "gatetune_requests_total") continue;
        const auto status = m.labels.find("status");
        const bool ok = status != m.labels.end() && !status->second.empty() && status->second.front() == '2';
        (ok ? s.okTotal : s.failedTotal) += m.value;
    }
    s.inFlight = sum_samples(samples, "gatetune_in_flight").value_or(0);
    s.dbCheckedOut = sum_samples(samples, "gatetune_db_pool_checked_out").value_or(0);
    s.dbWaiting = sum_samples(samples, "gatetune_db_pool_waiting").value_or(0);
    s.dbConnections = sum_samples(samples, "gatetune_db_connections_total").value_or(0);
    s.upstreamInFlight = sum_samples(samples, "gatetune_upstream_in_flight").value_or(0);
    s.workerTimeouts = sum_samples(samples, "gatetune_worker_timeouts_total").value_or(0);
    return s;
}

double per_second(double before, double after, double seconds) {
    if (seconds <= 0 || after < before) return 0;
    return (after - before) / seconds;
}

}  // namespace gatetune::ui
