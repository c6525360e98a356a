#include "sim/experiment/objective.hpp"
#include "sim/experiment/slo_text.hpp"
#include "sim/experiment/tune_report.hpp"
#include "sim/html/experiment_sections.hpp"
#include "sim/html/reports.hpp"
#include "sim/preset/preset_io.hpp"

namespace gatetune::sim::html {

namespace ex = experiment;

namespace {

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

Section search_section(const ex::TuneResult& r) {
    std::vector<std::string> lines{"Objective: " + r.objective + "."};
    if (!r.bisected.empty()) lines.push_back("Bisected as monotone capacity axes: " + join(r.bisected) + ".");
    if (!r.gridded.empty()) lines.push_back("Searched value by value: " + join(r.gridded) + ".");
    lines.push_back(ex::count_noun(r.candidates, "configuration") + " simulated (" + ex::count_noun(r.simulations, "run") + ") of " +
                    count_text(r.grid_points) + " grid points; " + ex::count_noun(r.rejected_statically, "point") +
                    " examined broke a static rule.");
    return text_section("tune-search", "The search", std::move(lines));
}

Section changes_section(const ex::TuneResult& r, const Config& base) {
    Table t({{"key"}, {"preset", true}, {"tuned", true}});
    for (const KeySpec* k : changed_keys(r.best, base)) t.add_row({std::string(k->key), format_value(base, *k), format_value(r.best, *k)});
    t.add_row({"total DB connections", std::to_string(ex::total_db_connections(base)), std::to_string(ex::total_db_connections(r.best))});
    Section s = table_section("tune-changes", "Cheapest passing configuration: changes against the preset", t);
    s.tone = Tone::Pass;
    return s;
}

Section neighbours_section(const ex::TuneResult& r) {
    Table t({{"next-cheaper neighbour"}, {"why it fails"}});
    for (const ex::Neighbour& n : r.neighbours) t.add_row({n.change, Cell(ex::failure_reason(n.verdict), Tone::Fail)});
    Section s = table_section("tune-neighbours", "Each next-cheaper neighbour fails", t);
    if (r.neighbours.empty()) s.notes.push_back("Every axis is at its cheapest value: there is no cheaper neighbour.");
    return s;
}

}  // namespace

Page tune_page(const ex::TuneResult& r, const Config& base, const PresetSource& preset) {
    Page page("tune", "gatetune tune: " + preset.name);
    page.add_fact({"answer", r.found ? "found" : "none on the grid", r.found ? Tone::Pass : Tone::Fail});
    page.add_fact({"simulations", count_text(r.simulations) + " runs"});
    page.add_fact({"grid", count_text(r.grid_points) + " points"});
    page.add(search_section(r));
    if (r.found) {
        page.add_fact({"total DB connections", std::to_string(ex::total_db_connections(base)) + " → " + std::to_string(ex::total_db_connections(r.best))});
        page.add(changes_section(r, base));
        page.add(findings_section(r.verdict.findings, "tune"));
        page.add(slo_section(r.verdict.result, "tune"));
        page.add(figures_section(r.verdict.result, "tune"));
        page.add(neighbours_section(r));
        page.set_seeds(r.verdict.result.seeds);
    } else {
        std::vector<std::string> lines{"No configuration on the grid passes the static rules and the SLO on every seed."};
        if (r.cheapest_rejected)
            lines.push_back("The cheapest point that breaks a static rule, " + r.cheapest_rejected->change + ": " +
                            ex::failure_reason(r.cheapest_rejected->verdict));
        Section none = text_section("tune-none", "No configuration passes", std::move(lines));
        none.tone = Tone::Fail;
        page.add(std::move(none));
    }
    page.add_preset(preset);
    return page;
}

}  // namespace gatetune::sim::html
