#include "app/live/gateway/metrics.hpp"

#include <cstdio>

namespace gatetune::live {

namespace {

void line(std::string& out, const char* fmt, auto... args) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, args...);
    out += buf;
}

void gauge(std::string& out, const SharedState& s, int workers, const char* name, const char* help,
           std::atomic<std::int64_t> WorkerGauges::*field) {
    line(out, "# HELP gatetune_%s %s\n# TYPE gatetune_%s gauge\n", name, help, name);
    for (int w = 0; w < workers; ++w)
        line(out, "gatetune_%s{worker=\"%d\"} %lld\n", name, w,
             static_cast<long long>((s.slots[slot_record(w, 0)].gauges.*field).load() + (s.slots[slot_record(w, 1)].gauges.*field).load()));
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
    std::string out;
    out += "# HELP gatetune_requests_total Requests answered by the gateway, by HTTP status and cause.\n"
           "# TYPE gatetune_requests_total counter\n";
    for (std::size_t st = 0; st < kStatusBuckets; ++st)
        for (std::size_t c = 0; c < sim::kCauseCount; ++c) {
            const auto n = s.requests[st][c].load();
            if (n == 0) continue;
            const std::string status = st < kMetricStatuses.size() ? std::to_string(kMetricStatuses[st]) : "other";
            line(out, "gatetune_requests_total{status=\"%s\",cause=\"%s\"} %llu\n", status.c_str(),
                 std::string(sim::to_string(static_cast<sim::Cause>(c))).c_str(), static_cast<unsigned long long>(n));
        }
    out += "# HELP gatetune_request_duration_seconds Time from the request's arrival at a worker to its response.\n"
           "# TYPE gatetune_request_duration_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        cumulative += s.latency_le[i].load();
        line(out, "gatetune_request_duration_seconds_bucket{le=\"%g\"} %llu\n", kLatencyBuckets[i],
             static_cast<unsigned long long>(cumulative));
    }
    const auto count = s.latency_count.load();
    line(out, "gatetune_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", static_cast<unsigned long long>(count));
    line(out, "gatetune_request_duration_seconds_sum %.6f\n", static_cast<double>(s.latency_sum_us.load()) / 1e6);
    line(out, "gatetune_request_duration_seconds_count %llu\n", static_cast<unsigned long long>(count));

    gauge(out, s, workers, "in_flight", "Requests in a worker's handler.", &WorkerGauges::in_flight);
    gauge(out, s, workers, "db_pool_checked_out", "Connections checked out of the worker's QueuePool.", &WorkerGauges::db_checked_out);
    gauge(out, s, workers, "db_pool_overflow", "Overflow connections open beyond pool_size.", &WorkerGauges::db_overflow);
    gauge(out, s, workers, "db_pool_waiting", "Requests waiting for a pool connection.", &WorkerGauges::db_waiting);
    gauge(out, s, workers, "db_connections", "Database connections open from the worker.", &WorkerGauges::db_connections);
    gauge(out, s, workers, "http_connections", "Connections open to the upstream.", &WorkerGauges::http_connections);
    gauge(out, s, workers, "upstream_in_flight", "Upstream calls in flight.", &WorkerGauges::upstream_in_flight);
    line(out, "# HELP gatetune_db_connections_total Database connections open from all workers.\n"
              "# TYPE gatetune_db_connections_total gauge\ngatetune_db_connections_total %lld\n",
         static_cast<long long>(s.db_connections.load()));
    line(out, "# HELP gatetune_worker_timeouts_total WORKER TIMEOUT kills by the master.\n"
              "# TYPE gatetune_worker_timeouts_total counter\ngatetune_worker_timeouts_total %llu\n",
         static_cast<unsigned long long>(s.worker_timeouts.load()));
    line(out, "# HELP gatetune_worker_boots_total Worker processes started.\n"
              "# TYPE gatetune_worker_boots_total counter\ngatetune_worker_boots_total %llu\n",
         static_cast<unsigned long long>(s.worker_boots.load()));
    line(out, "# HELP gatetune_upstream_calls_total Calls sent to the upstream.\n"
              "# TYPE gatetune_upstream_calls_total counter\ngatetune_upstream_calls_total %llu\n",
         static_cast<unsigned long long>(s.upstream_calls.load()));
    return out;
}

}  // namespace gatetune::live
