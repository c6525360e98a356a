#include "sim/recorder.hpp"

namespace gatetune::sim {

namespace {
std::vector<std::string> columns(int workers) {
    std::vector<std::string> c{"in_flight", "db_connections", "db_waiting", "db_checked_out", "http_connections",
                               "upstream_active", "upstream_queue", "ok_per_s", "4xx_per_s", "5xx_per_s", "dropped_per_s"};
    for (int i = 0; i < workers; ++i) c.push_back("db_checked_out_w" + std::to_string(i));
    for (int i = 0; i < workers; ++i) c.push_back("db_overflow_w" + std::to_string(i));
    return c;
}
}  // namespace

Recorder::Recorder(const Config& cfg, RunResult& out, const StackMetrics& metrics) : cfg_(cfg), out_(out), m_(metrics) {
    out_.timeseries = engine::TimeSeries(engine::from_seconds(cfg.simulation.sample_interval), columns(cfg.server.workers));
    if (cfg.workload.kind == WorkloadKind::Sessions) {
        std::int64_t cumulative = 0;
        for (std::size_t i = 0; i < cfg.workload.calls.size(); ++i) {
            CallRow row;
            row.call = static_cast<int>(i);
            row.input_tokens = cfg.workload.calls[i].input_tokens;
            row.output_tokens = cfg.workload.calls[i].output_tokens;
            cumulative += row.input_tokens + row.output_tokens;
            row.cumulative_tokens = cumulative;
            out_.calls.push_back(std::move(row));
        }
    }
}

void Recorder::record(const RequestRecord& r) {
    ++out_.requests;
    const std::string label = status_label(r);
    ++out_.by_status[label];
    ++out_.by_cause[static_cast<std::size_t>(r.cause)];
    out_.latency.record(r.latency());
    out_.latency_by_status[label].record(r.latency());
    if (r.call >= 0 && static_cast<std::size_t>(r.call) < out_.calls.size()) {
        CallRow& row = out_.calls[static_cast<std::size_t>(r.call)];
        ++row.requests;
        ++row.by_status[label];
        ++row.by_cause[std::string(to_string(r.cause))];
        row.latency.record(r.latency());
    }
    std::size_t kind = r.http_status == 0 ? 3 : r.http_status < 400 ? 0 : r.http_status < 500 ? 1 : 2;
    ++ends_[kind];
    if (cfg_.simulation.record_requests) out_.records.push_back(r);
}

void Recorder::sample_row(SimTime t) {
    row_.clear();
    std::int64_t checked_out = 0;
    for (auto& l : m_.checked_out) checked_out += l.value;
    const double per_s = 1.0 / cfg_.simulation.sample_interval;
    for (std::int64_t v : {m_.in_flight.value, m_.db_connections.value, m_.db_waiting.value, checked_out,
                           m_.http_connections.value, m_.upstream_active.value, m_.upstream_queue.value})
        row_.push_back(static_cast<double>(v));
    for (std::uint64_t n : ends_) row_.push_back(static_cast<double>(n) * per_s);
    ends_ = {};
    for (auto& l : m_.checked_out) row_.push_back(static_cast<double>(l.value));
    for (auto& l : m_.overflow) row_.push_back(static_cast<double>(l.value));
    out_.timeseries.record(t, row_);
}

engine::Task<> Recorder::sample(engine::Simulation& sim) {
    const SimTime dt = engine::from_seconds(cfg_.simulation.sample_interval);
    for (;;) {
        co_await sim.delay(dt);
        sample_row(sim.now());
    }
}

void Recorder::finish(SimTime end, const StackMetrics& m) {
    out_.duration = end;
    Peaks& p = out_.peaks;
    p.in_flight = m.in_flight.peak;
    p.db_connections_total = m.db_connections.peak;
    for (auto& l : m.checked_out) p.db_checked_out_per_worker.push_back(l.peak);
    p.db_waiting = m.db_waiting.peak;
    p.http_connections = m.http_connections.peak;
    p.upstream_active = m.upstream_active.peak;
    p.upstream_queue = m.upstream_queue.peak;
}

}  // namespace gatetune::sim
