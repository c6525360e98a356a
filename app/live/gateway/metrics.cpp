#include "app/live/gateway/metrics.hpp"

#include <cstdio>

#include "sim/metric_names.hpp"

namespace gatetune::live {

namespace {

void line(std::string& out, const char* fmt, auto... args) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, args...);
    out += buf;
}

// "# HELP" and "# TYPE" of a family from the table of metric names.
void family(std::string& out, sim::Metric m, const char* type) {
    const auto& info = sim::metric_info(m);
    line(out, "# HELP %s %s\n# TYPE %s %s\n", std::string(info.prometheus).c_str(), std::string(info.help).c_str(),
         std::string(info.prometheus).c_str(), type);
}

void gauge(std::string& out, const SharedState& s, int workers, sim::Metric m, std::atomic<std::int64_t> WorkerGauges::*field) {
    family(out, m, "gauge");
    const std::string name(sim::prometheus_name(m));
    for (int w = 0; w < workers; ++w)
        line(out, "%s{worker=\"%d\"} %lld\n", name.c_str(), w,
             static_cast<long long>((s.slots[slot_record(w, 0)].gauges.*field).load() + (s.slots[slot_record(w, 1)].gauges.*field).load()));
}

template <class T>
void single(std::string& out, sim::Metric m, const char* type, T value) {
    family(out, m, type);
    line(out, "%s %lld\n", std::string(sim::prometheus_name(m)).c_str(), static_cast<long long>(value));
}

}  // namespace

void record_request(SharedState& s, int status, sim::Cause cause, std::int64_t latency_us) {
    s.requests[status_index(status)][static_cast<std::size_t>(cause)].fetch_add(1);
    const double secs = static_cast<double>(latency_us) / 1e6;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i)
        if (secs <= kLatencyBuckets[i]) {
            s.latency_le[i].fetch_add(1);
            break;
        }
    s.latency_count.fetch_add(1);
    s.latency_sum_us.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(latency_us, 0)));
}

std::string render_metrics(const SharedState& s, int workers) {
    using sim::Metric;
    std::string out;
    family(out, Metric::Requests, "counter");
    const std::string requests(sim::prometheus_name(Metric::Requests));
    for (std::size_t st = 0; st < kStatusBuckets; ++st)
        for (std::size_t c = 0; c < sim::kCauseCount; ++c) {
            const auto n = s.requests[st][c].load();
            if (n == 0) continue;
            const std::string status = st < kMetricStatuses.size() ? std::to_string(kMetricStatuses[st]) : "other";
            line(out, "%s{status=\"%s\",cause=\"%s\"} %llu\n", requests.c_str(), status.c_str(),
                 std::string(sim::to_string(static_cast<sim::Cause>(c))).c_str(), static_cast<unsigned long long>(n));
        }
    family(out, Metric::RequestDuration, "histogram");
    const std::string duration(sim::prometheus_name(Metric::RequestDuration));
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        cumulative += s.latency_le[i].load();
        line(out, "%s_bucket{le=\"%g\"} %llu\n", duration.c_str(), kLatencyBuckets[i], static_cast<unsigned long long>(cumulative));
    }
    const auto count = s.latency_count.load();
    line(out, "%s_bucket{le=\"+Inf\"} %llu\n", duration.c_str(), static_cast<unsigned long long>(count));
    line(out, "%s_sum %.6f\n", duration.c_str(), static_cast<double>(s.latency_sum_us.load()) / 1e6);
    line(out, "%s_count %llu\n", duration.c_str(), static_cast<unsigned long long>(count));

    gauge(out, s, workers, Metric::InFlight, &WorkerGauges::in_flight);
    gauge(out, s, workers, Metric::DbCheckedOut, &WorkerGauges::db_checked_out);
    gauge(out, s, workers, Metric::DbOverflow, &WorkerGauges::db_overflow);
    gauge(out, s, workers, Metric::DbWaiting, &WorkerGauges::db_waiting);
    gauge(out, s, workers, Metric::DbConnections, &WorkerGauges::db_connections);
    gauge(out, s, workers, Metric::DbCpuWaiting, &WorkerGauges::db_cpu_waiting);
    gauge(out, s, workers, Metric::HttpConnections, &WorkerGauges::http_connections);
    gauge(out, s, workers, Metric::UpstreamInFlight, &WorkerGauges::upstream_in_flight);
    single(out, Metric::DbConnectionsTotal, "gauge", s.db_connections.load());
    single(out, Metric::DbCpuBusy, "gauge", s.db_cpus_busy.load());
    single(out, Metric::WorkerTimeouts, "counter", s.worker_timeouts.load());
    single(out, Metric::WorkerBoots, "counter", s.worker_boots.load());
    single(out, Metric::UpstreamCalls, "counter", s.upstream_calls.load());
    return out;
}

}  // namespace gatetune::live
