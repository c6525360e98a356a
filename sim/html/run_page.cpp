#include "sim/html/reports.hpp"

namespace gatetune::sim::html {

Page run_page(const RunResult& r, const PresetSource& preset, const Limits& limits) {
    Page page("run", "gatetune run: " + (r.preset.empty() ? std::string("(unnamed preset)") : r.preset));
    for (Fact& f : run_facts(r)) page.add_fact(std::move(f));
    // What failed and why first, then how slow and which requests, then the resources over time.
    page.add(outcomes_section(r, "run"));
    if (auto why = explanations_section(r, "run")) page.add(std::move(*why));
    page.add(latency_section(r, "run", limits));
    page.add(waterfall_section(r, "run", limits));
    if (auto calls = calls_section(r, "run")) page.add(std::move(*calls));
    for (Section& s : series_sections(r, "run", limits)) page.add(std::move(s));
    page.add_preset(preset);
    page.set_seeds({r.seed});
    return page;
}

}  // namespace gatetune::sim::html
