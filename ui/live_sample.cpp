#include "ui/live_sample.hpp"

#include "sim/metric_names.hpp"

namespace gatetune::ui {

std::optional<LiveSample> live_sample(const std::vector<PrometheusSample>& samples, std::string* error) {
    using sim::Metric;
    const auto sum = [&samples](Metric m) { return sum_samples(samples, sim::prometheus_name(m)); };
    // The gauges are always written, the request counter only once a request was answered:
    // a fresh gateway is recognised by its in-flight gauge.
    if (!sum(Metric::InFlight)) {
        if (error) *error = "no " + std::string(sim::prometheus_name(Metric::InFlight)) + " gauge in the metrics (is this the gateway?)";
        return std::nullopt;
    }
    LiveSample s;
    for (const auto& m : samples) {
        if (m.name != sim::prometheus_name(Metric::Requests)) continue;
        const auto status = m.labels.find("status");
        const bool ok = status != m.labels.end() && !status->second.empty() && status->second.front() == '2';
        (ok ? s.okTotal : s.failedTotal) += m.value;
    }
    s.inFlight = sum(Metric::InFlight).value_or(0);
    s.dbCheckedOut = sum(Metric::DbCheckedOut).value_or(0);
    s.dbWaiting = sum(Metric::DbWaiting).value_or(0);
    s.dbConnections = sum(Metric::DbConnectionsTotal).value_or(0);
    s.upstreamInFlight = sum(Metric::UpstreamInFlight).value_or(0);
    s.workerTimeouts = sum(Metric::WorkerTimeouts).value_or(0);
    return s;
}

double per_second(double before, double after, double seconds) {
    if (seconds <= 0 || after < before) return 0;
    return (after - before) / seconds;
}

}  // namespace gatetune::ui
