// Latency as a CDF per status (where the share of requests at or below each latency is read off)
// beside the percentile table of the text report.
#include "sim/history/run_record.hpp"
#include "sim/html/run_sections.hpp"
#include "sim/report.hpp"

namespace gatetune::sim::html {
namespace {

using nlohmann::json;

json cdf_line(const std::string& label, const engine::LatencyHistogram& h, const Limits& limits) {
    json points = json::array();
    for (const auto& [s, share] : history::latency_cdf(h, limits.cdf_points)) points.push_back({s, share});
    return {{"label", label}, {"points", std::move(points)}};
}

Section cdf_section(const std::string& id, const std::string& title, json lines) {
    Section s{id, title, "cdf", {{"x_label", "latency"}, {"unit", "s"}, {"series", std::move(lines)}}, {}, Tone::None, {}};
    return s;
}

void add_percentile_row(Table& t, const std::string& label, const json& l) {
    t.add_row({label, count_text(l.at("n").get<std::uint64_t>()), seconds_text(l.at("p50").get<double>()),
               seconds_text(l.at("p90").get<double>()), seconds_text(l.at("p99").get<double>()),
               seconds_text(l.at("max").get<double>()), seconds_text(l.at("mean").get<double>())});
}

}  // namespace

Section latency_section(const RunResult& r, const std::string& id, const Limits& limits) {
    json lines = json::array({cdf_line("all", r.latency, limits)});
    // One status only: its line would hide under the line of all requests.
    if (r.latency_by_status.size() > 1)
        for (const auto& [label, h] : r.latency_by_status) lines.push_back(cdf_line(label, h, limits));

    const json summary = summary_json(r);
    Table t({{"status"}, {"n", true}, {"p50", true}, {"p90", true}, {"p99", true}, {"max", true}, {"mean", true}});
    add_percentile_row(t, "all", summary.at("latency_s"));
    for (const auto& [label, l] : summary.at("latency_by_status_s").items()) add_percentile_row(t, label, l);

    return row_section(id + "-latency", "Latency",
                       {cdf_section(id + "-latency-cdf", "Share of requests at or below a latency, per status", std::move(lines)),
                        table_section(id + "-latency-percentiles", "Percentiles per status", t)});
}

Section latency_cdf_section(const std::string& id, const std::string& title, const std::vector<LabelledLatency>& lines,
                            const Limits& limits) {
    json series = json::array();
    for (const LabelledLatency& l : lines) series.push_back(cdf_line(l.label, *l.latency, limits));
    return cdf_section(id, title, std::move(series));
}

}  // namespace gatetune::sim::html
