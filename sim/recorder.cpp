#include "sim/recorder.hpp"

#include <array>

#include "sim/metric_names.hpp"

namespace gatetune::sim {

namespace {
// The levels sampled, in sample_row's order.
constexpr std::array kLevels{Metric::InFlight,     Metric::DbConnections,   Metric::DbWaiting,   Metric::DbCheckedOut,
                             Metric::HttpConnections, Metric::UpstreamActive, Metric::UpstreamQueue};

std::vector<std::string> columns(const Config& cfg) {
    const int workers = cfg.server.workers;
    std::vector<std::string> c;
    for (const Metric m : kLevels) c.emplace_back(series_name(m));
    for (const Metric m : EndRates::kMetrics) c.emplace_back(series_name(m));
    for (int i = 0; i < workers; ++i) c.push_back(worker_series_name(Metric::DbCheckedOut, i));
    for (int i = 0; i < workers; ++i) c.push_back(worker_series_name(Metric::DbOverflow, i));
    if (cfg.upstream.tpm > 0) c.emplace_back(series_name(Metric::UpstreamTpmLeft));
    return c;
}
}  // namespace

Recorder::Recorder(const Config& cfg, RunResult& out, const StackMetrics& metrics) : cfg_(cfg), out_(out), fold_(out, cfg.simulation.record_requests), m_(metrics) {
    out_.timeseries = engine::TimeSeries(engine::from_seconds(cfg.simulation.sample_interval), columns(cfg));
    out_.calls = session_call_rows(cfg.workload);
}

void Recorder::record(const RequestRecord& r) {
    fold_.add(r);
    ends_.count(r);
}

void Recorder::sample_row(SimTime t) {
    row_.clear();
    std::int64_t checked_out = 0;
    for (auto& l : m_.checked_out) checked_out += l.value;
    for (std::int64_t v : {m_.in_flight.value, m_.db_connections.value, m_.db_waiting.value, checked_out,
                           m_.http_connections.value, m_.upstream_active.value, m_.upstream_queue.value})
        row_.push_back(static_cast<double>(v));
    ends_.take(row_, cfg_.simulation.sample_interval);
    for (auto& l : m_.checked_out) row_.push_back(static_cast<double>(l.value));
    for (auto& l : m_.overflow) row_.push_back(static_cast<double>(l.value));
    if (cfg_.upstream.tpm > 0) row_.push_back(m_.upstream_tpm_left ? static_cast<double>(m_.upstream_tpm_left(t)) : 0.0);
    out_.timeseries.record(t, row_);
}

engine::Task<> Recorder::sample(engine::Simulation& sim, const RunControl& control) {
    const SimTime dt = engine::from_seconds(cfg_.simulation.sample_interval);
    for (;;) {
        co_await sim.delay(dt);
        sample_row(sim.now());
        if (control.progress) control.progress({sim.now(), out_.requests});
        if (control.cancelled && control.cancelled()) {
            cancelled_ = true;
            sim.stop();
            co_return;
        }
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
