// The sweep's points for the heatmap and the Pareto charts: axes and value indices per point,
// the figures' means (sim/experiment/sweep_output.cpp writes the same numbers), SLO per point.
#include <algorithm>
#include <cmath>

#include "sim/experiment/objective.hpp"
#include "sim/experiment/pareto.hpp"
#include "sim/experiment/slo_text.hpp"
#include "sim/html/experiment_sections.hpp"
#include "sim/html/run_sections.hpp"

namespace gatetune::sim::html {
namespace {

namespace ex = experiment;
using nlohmann::json;

std::size_t shown_points(const ex::SweepResult& r) { return std::min(r.points.size(), kMaxSweepPoints); }

json mean_or_null(double v) { return std::isnan(v) ? json(nullptr) : json(v); }

// {axes: [{key, values}], coords: [[value index per point] per axis], point: [grid index], slo: ["pass"|"fail"|"none"]}
json points_json(const ex::SweepResult& r) {
    json axes = json::array();
    for (const ex::Axis& a : r.grid.axes()) {
        json values = json::array();
        for (std::size_t i = 0; i < a.size(); ++i) values.push_back(a.text(i));
        axes.push_back({{"key", a.name()}, {"values", std::move(values)}});
    }
    json coords = json::array();
    for (std::size_t k = 0; k < r.grid.axes().size(); ++k) {
        json column = json::array();
        for (std::size_t p = 0; p < shown_points(r); ++p) column.push_back(r.points[p].coordinates[k]);
        coords.push_back(std::move(column));
    }
    json index = json::array(), slo = json::array();
    for (std::size_t p = 0; p < shown_points(r); ++p) {
        const ex::Replicated& res = r.points[p].result;
        index.push_back(r.points[p].index);
        slo.push_back(!res.has_slo() ? "none" : res.slo_holds() ? "pass" : "fail");
    }
    return {{"axes", std::move(axes)}, {"coords", std::move(coords)}, {"point", std::move(index)}, {"slo", std::move(slo)}};
}

json figure_json(const ex::SweepResult& r, std::size_t f) {
    const std::string& name = ex::figure_names()[f];
    json values = json::array();
    for (std::size_t p = 0; p < shown_points(r); ++p) values.push_back(mean_or_null(r.points[p].result.figures[f].mean));
    return {{"name", name}, {"unit", figure_unit(name)}, {"values", std::move(values)}};
}

std::size_t figure_index(const std::string& name) {
    const auto& names = ex::figure_names();
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

bool never_nonzero(const ex::SweepResult& r, std::size_t f) {
    for (const ex::SweepPoint& p : r.points) {
        if (p.result.figures[f].mean != 0) return false;
    }
    return true;
}

void add_cap_note(Section& s, const ex::SweepResult& r) {
    if (r.points.size() > shown_points(r))
        s.notes.push_back("The first " + count_text(shown_points(r)) + " of " + count_text(r.points.size()) +
                          " points in grid order are shown; write the sweep with --out for all of them.");
}

}  // namespace

Section heatmap_section(const ex::SweepResult& r, const std::string& id) {
    json figures = json::array();
    for (const char* name : {"error_rate", "p50_s", "p99_s", "peak_db_connections", "peak_http_connections", "requests"})
        figures.push_back(figure_json(r, figure_index(name)));
    for (std::size_t f = 0; f < ex::figure_names().size(); ++f) {
        if (ex::figure_names()[f].starts_with("cause_rate.") && !never_nonzero(r, f)) figures.push_back(figure_json(r, f));
    }
    json data = points_json(r);
    data["figures"] = std::move(figures);
    Section s{id + "-heatmap", "Heatmap over the first two axes", "heatmap", std::move(data), {}, Tone::None, {}};
    s.notes.push_back("Each cell is the mean over " + ex::count_noun(r.replications, "seed") +
                      "; a cell with a red corner failed the SLO on at least one seed.");
    add_cap_note(s, r);
    return s;
}

Section pareto_section(const ex::SweepResult& r, const Config& base, const std::string& id) {
    std::vector<double> cost;
    json cost_json = json::array();
    for (std::size_t p = 0; p < shown_points(r); ++p) {
        cost.push_back(static_cast<double>(ex::total_db_connections(r.grid.apply(base, r.points[p].coordinates))));
        cost_json.push_back(cost.back());
    }
    json charts = json::array();
    for (const char* name : {"error_rate", "p99_s"}) {
        const std::size_t f = figure_index(name);
        std::vector<double> y;
        for (std::size_t p = 0; p < shown_points(r); ++p) y.push_back(r.points[p].result.figures[f].mean);
        json chart = figure_json(r, f);
        chart["front"] = ex::pareto_front(cost, y);
        charts.push_back(std::move(chart));
    }
    json data = points_json(r);
    data["x"] = {{"name", "total DB connections"}, {"unit", "connections"}, {"values", std::move(cost_json)}};
    data["charts"] = std::move(charts);
    Section s{id + "-pareto", "Cost against outcome: the Pareto front", "pareto", std::move(data), {}, Tone::None, {}};
    s.notes.push_back("Cost is the DB connections the configuration may open (replicas × workers × (pool_size + max_overflow)). "
                      "A point on the front is beaten on both cost and outcome by no other point.");
    add_cap_note(s, r);
    return s;
}

}  // namespace gatetune::sim::html
