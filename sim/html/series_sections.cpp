// The run's time series as charts of related columns (the Recorder's columns, sim/recorder.cpp;
// a live run has the load generator's subset, app/live/load/load_series.hpp), thinned so a long
// run stays a small page.
#include <algorithm>
#include <string_view>

#include "sim/html/run_sections.hpp"
#include "sim/metric_names.hpp"
#include "sim/report.hpp"

namespace gatetune::sim::html {
namespace {

using nlohmann::json;

struct Line {
    Metric metric;  // its column (sim/metric_names.hpp)
    std::string_view label;
    bool dashed = false;
    std::string_view colour = {};  // a fixed colour where it carries meaning ("" = the page's palette)
    bool per_worker = false;       // one line per worker's column
};

struct Group {
    std::string_view id;
    std::string_view title;
    std::string_view unit;
    std::vector<Line> lines;
};

const std::vector<Group>& groups() {
    static const std::vector<Group> g{
        {"in-flight", "Requests in flight", "requests", {{Metric::InFlight, "in flight"}}},
        {"ends", "Requests ended per second, by outcome", "requests/s",
         {{Metric::OkPerS, "ok", false, "#2ca02c"},
          {Metric::ClientErrorsPerS, "4xx", false, "#ff7f0e"},
          {Metric::ServerErrorsPerS, "5xx", false, "#d62728"},
          {Metric::DroppedPerS, "no response", false, "#9467bd"}}},
        {"db-total", "DB connections in total", "connections",
         {{Metric::DbConnections, "open at the server"}, {Metric::DbCheckedOut, "checked out of the pools"}}},
        {"db-per-worker", "DB connections per worker", "connections",
         {{Metric::DbCheckedOut, "checked out, worker ", false, {}, true}, {Metric::DbOverflow, "overflow open, worker ", true, {}, true}}},
        {"pool-waiters", "QueuePool waiters (all workers)", "waiters", {{Metric::DbWaiting, "waiting for a connection"}}},
        {"upstream", "HTTP connections and upstream concurrency", "connections / generations",
         {{Metric::HttpConnections, "HTTP connections"}, {Metric::UpstreamActive, "generations running"},
          {Metric::UpstreamQueue, "waiting for a slot"}}},
        {"upstream-tpm", "Upstream token budget (tokens-per-minute limit)", "tokens",
         {{Metric::UpstreamTpmLeft, "tokens a call could still take"}}},
    };
    return g;
}

// The columns a line stands for: the exact column, or every "<prefix><worker>" in order.
std::vector<std::pair<std::size_t, std::string>> matching_columns(const engine::TimeSeries& ts, const Line& line) {
    std::vector<std::pair<std::size_t, std::string>> out;
    const std::string column = line.per_worker ? worker_series_prefix(line.metric) : std::string(series_name(line.metric));
    for (std::size_t c = 0; c < ts.column_count(); ++c) {
        const std::string& name = ts.columns()[c];
        if (!line.per_worker && name == column) out.emplace_back(c, std::string(line.label));
        if (line.per_worker && name.starts_with(column)) out.emplace_back(c, std::string(line.label) + name.substr(column.size()));
    }
    return out;
}

bool is_rate(std::string_view column) { return column.ends_with("_per_s"); }

// Every `stride`-th time, and per bucket of `stride` samples the largest value (a rate: the mean).
json thinned_values(const engine::TimeSeries& ts, std::size_t column, std::size_t stride) {
    json values = json::array();
    const bool rate = is_rate(ts.columns()[column]);
    for (std::size_t from = 0; from < ts.row_count(); from += stride) {
        const std::size_t to = std::min(ts.row_count(), from + stride);
        double v = rate ? 0.0 : ts.at(from, column);
        for (std::size_t i = from; i < to; ++i) v = rate ? v + ts.at(i, column) : std::max(v, ts.at(i, column));
        values.push_back(rate ? v / static_cast<double>(to - from) : v);
    }
    return values;
}

}  // namespace

std::vector<Section> series_sections(const RunResult& r, const std::string& id, const Limits& limits) {
    const engine::TimeSeries& ts = r.timeseries;
    std::vector<Section> out;
    if (ts.empty()) return out;
    const std::size_t stride = std::max<std::size_t>(1, (ts.row_count() + limits.series_points - 1) / std::max<std::size_t>(1, limits.series_points));
    json t_s = json::array();
    for (std::size_t i = 0; i < ts.row_count(); i += stride) t_s.push_back(engine::to_seconds(ts.times()[i]));

    for (const Group& g : groups()) {
        json lines = json::array();
        for (const Line& line : g.lines) {
            for (const auto& [column, label] : matching_columns(ts, line)) {
                json l = {{"label", label}, {"values", thinned_values(ts, column, stride)}, {"dashed", line.dashed}};
                if (!line.colour.empty()) l["colour"] = line.colour;
                lines.push_back(std::move(l));
            }
        }
        if (lines.empty()) continue;
        Section s{id + "-series-" + std::string(g.id), std::string(g.title), "series",
                  {{"t_s", t_s}, {"unit", g.unit}, {"lines", std::move(lines)}}, {}, Tone::None, {}};
        if (stride > 1) {
            s.notes.push_back(count_text(ts.row_count()) + " samples every " + format_seconds(ts.interval(), 3) + " s shown as " +
                              count_text(t_s.size()) + " points: each the largest of " + std::to_string(stride) +
                              " samples (a rate: their mean).");
        }
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace gatetune::sim::html
