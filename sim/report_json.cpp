// The JSON report: the whole RunResult for machines, shaped so it lines up with the reference
// runs (by_status, latency_s, per-call outcome keys) without a translation step.
#include <string>

#include "sim/metric_names.hpp"
#include "sim/report.hpp"

namespace gatetune::sim {
namespace {

using nlohmann::json;

double seconds(SimTime t) { return engine::to_seconds(t); }

json peaks_json(const Peaks& p) {
    const auto key = [](Metric m) { return std::string(peak_name(m)); };
    return {
        {key(Metric::InFlight), p.in_flight},
        {key(Metric::DbConnections), p.db_connections_total},
        {key(Metric::DbCheckedOut), p.db_checked_out_per_worker},
        {key(Metric::DbWaiting), p.db_waiting},
        {key(Metric::HttpConnections), p.http_connections},
        {key(Metric::UpstreamActive), p.upstream_active},
        {key(Metric::UpstreamQueue), p.upstream_queue},
    };
}

}  // namespace

json summary_json(const RunResult& r) {
    json by_cause = json::object();
    for (std::size_t i = 0; i < kCauseCount; ++i) {
        if (r.by_cause[i] != 0) by_cause[std::string(to_string(static_cast<Cause>(i)))] = r.by_cause[i];
    }
    json by_status_latency = json::object();
    for (const auto& [label, h] : r.latency_by_status) by_status_latency[label] = latency_json(h);

    return {
        {"requests", r.requests},
        {"by_status", r.by_status},
        {"by_cause", by_cause},
        {"latency_s", latency_json(r.latency)},
        {"latency_by_status_s", by_status_latency},
        {"error_rate", r.error_rate()},
        {"throughput_rps", r.throughput()},
        {"duration_s", seconds(r.duration)},
        {"peaks", peaks_json(r.peaks)},
        {"worker_timeouts", r.worker_timeouts},
        {"worker_boots", r.worker_boots},
        {"upstream_calls", r.upstream_calls},
        {"upstream_abandoned", r.upstream_abandoned},
        {"engine_events", r.engine_events},
    };
}

json calls_json(const RunResult& r) {
    json calls = json::array();
    for (const CallRow& row : r.calls) {
        calls.push_back({
            {"call", row.call},
            {"input_tokens", row.input_tokens},
            {"output_tokens", row.output_tokens},
            {"cumulative_tokens", row.cumulative_tokens},
            {"requests", row.requests},
            {"by_status", call_outcomes(r, row)},
            {"by_cause", row.by_cause},
            {"main_failing_cause", main_failing_cause(row)},
            {"latency_s", latency_json(row.latency)},
        });
    }
    return calls;
}

json explanations_json(const RunResult& r) {
    json list = json::array();
    for (const Explanation& e : r.explanations) {
        list.push_back({{"cause", to_string(e.cause)}, {"request_id", e.request_id}, {"sentence", e.sentence}});
    }
    return list;
}

json request_json(const RequestRecord& rec) {
    json phases = json::object();
    for (std::size_t p = 0; p < kPhaseCount; ++p) {
        if (rec.phases[p] != 0) phases[std::string(to_string(static_cast<Phase>(p)))] = seconds(rec.phases[p]);
    }
    return {
        {"id", rec.id},
        {"user", rec.user},
        {"call", rec.call},
        {"start_s", seconds(rec.start)},
        {"end_s", seconds(rec.end)},
        {"latency_s", seconds(rec.latency())},
        {"status", status_label(rec)},
        {"http_status", rec.http_status},
        // null rather than "" so consumers can test presence.
        {"client_error", rec.client_error == ClientError::None ? json(nullptr) : json(to_string(rec.client_error))},
        {"cause", to_string(rec.cause)},
        {"worker", rec.worker},
        {"attempts", rec.attempts},
        {"input_tokens", rec.input_tokens},
        {"output_tokens", rec.output_tokens},
        {"phases_s", phases},
    };
}

json timeseries_json(const engine::TimeSeries& ts) {
    json t_s = json::array();
    for (const std::int64_t t : ts.times()) t_s.push_back(seconds(t));
    json rows = json::array();
    for (std::size_t i = 0; i < ts.row_count(); ++i) {
        const auto values = ts.row(i).values;
        rows.push_back(json(std::vector<double>(values.begin(), values.end())));
    }
    return {
        {"interval_s", seconds(ts.interval())},
        {"layout", "row-major"},  // rows[i][c] = columns[c] at t_s[i]
        {"columns", ts.columns()},
        {"t_s", t_s},
        {"rows", rows},
    };
}

nlohmann::json report_json(const RunResult& r) {
    json requests = json::array();
    for (const RequestRecord& rec : r.records) requests.push_back(request_json(rec));
    return {
        {"preset", r.preset},
        {"seed", r.seed},
        {"version", r.version},
        {"mode", r.mode},
        {"summary", summary_json(r)},
        {"calls", calls_json(r)},
        {"explanations", explanations_json(r)},
        {"requests", std::move(requests)},
        {"timeseries", timeseries_json(r.timeseries)},
    };
}

}  // namespace gatetune::sim
