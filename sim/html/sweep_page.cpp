#include "sim/experiment/slo_text.hpp"
#include "sim/html/experiment_sections.hpp"
#include "sim/html/reports.hpp"

namespace gatetune::sim::html {

namespace ex = experiment;

Page sweep_page(const ex::SweepResult& r, const Config& base, const PresetSource& preset) {
    Page page("sweep", "gatetune sweep: " + r.preset);
    std::size_t passing = 0, with_slo = 0;
    for (const ex::SweepPoint& p : r.points) {
        with_slo += p.result.has_slo();
        passing += p.result.has_slo() && p.result.slo_holds();
    }
    std::string axes;
    for (const ex::Axis& a : r.grid.axes()) axes += (axes.empty() ? "" : " × ") + std::string(a.name()) + " (" + std::to_string(a.size()) + ")";
    page.add_fact({"grid", axes.empty() ? "the preset alone" : axes});
    page.add_fact({"points", count_text(r.points.size()) + (r.points.size() == r.grid.size() ? "" : " of " + count_text(r.grid.size()) + " (one shard)")});
    page.add_fact({"seeds per point", std::to_string(r.replications)});
    if (with_slo) page.add_fact({"SLO holds on", count_text(passing) + " of " + count_text(with_slo) + " points", passing ? Tone::Pass : Tone::Fail});
    page.add(heatmap_section(r, "sweep"));
    page.add(pareto_section(r, base, "sweep"));
    page.add_preset(preset);
    page.set_seeds(ex::replication_seeds(r.seed, r.replications));
    return page;
}

}  // namespace gatetune::sim::html
