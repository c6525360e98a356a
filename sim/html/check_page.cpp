#include <algorithm>

#include "sim/experiment/slo_text.hpp"
#include "sim/html/experiment_sections.hpp"
#include "sim/html/reports.hpp"

namespace gatetune::sim::html {

namespace ex = experiment;

namespace {

Section overview(const std::vector<ex::PresetCheck>& checks) {
    Table t({{"preset"}, {"static rules"}, {"SLO checks failed", true}, {"seeds failed", true}, {"result"}});
    for (const ex::PresetCheck& c : checks) {
        if (!c.loaded()) {
            t.add_row({c.file, Cell("could not be read", Tone::Fail, c.error), "", "", Cell("ERROR", Tone::Fail)});
            continue;
        }
        std::size_t failed_checks = 0;
        for (const ex::SloSummary& s : c.result.slo) failed_checks += !s.passed();
        const std::string slo = c.result.has_slo() ? std::to_string(failed_checks) + " of " + std::to_string(c.result.slo.size()) : "no [slo]";
        t.add_row({c.file, Cell(ex::findings_summary(c.findings), ex::has_errors(c.findings) ? Tone::Fail : Tone::None), slo,
                   std::to_string(c.result.failed_seed_count()) + " of " + std::to_string(c.result.seeds.size()),
                   c.passed() ? Cell("pass", Tone::Pass) : Cell("FAIL", Tone::Fail)});
    }
    return table_section("check-overview", "Presets", t);
}

Section preset_details(const ex::PresetCheck& c, std::size_t i) {
    const std::string id = "check-" + std::to_string(i + 1);
    Section s = c.loaded() ? stack_section(id, c.file, {findings_section(c.findings, id), slo_section(c.result, id), figures_section(c.result, id)})
                           : stack_section(id, c.file, {text_section(id + "-error", "Could not be read", {c.error})});
    s.tone = c.passed() ? Tone::Pass : Tone::Fail;
    return s;
}

}  // namespace

Page check_page(const std::vector<ex::PresetCheck>& checks, std::size_t replications, const std::vector<PresetSource>& presets) {
    Page page("check", "gatetune check: " + ex::count_noun(checks.size(), "preset"));
    const auto failed = static_cast<std::size_t>(std::count_if(checks.begin(), checks.end(), [](const ex::PresetCheck& c) { return !c.passed(); }));
    page.add_fact({"result", failed ? std::to_string(failed) + " of " + std::to_string(checks.size()) + " presets failed" : "all passed",
                   failed ? Tone::Fail : Tone::Pass});
    page.add_fact({"seeds per preset", std::to_string(replications)});
    page.add(overview(checks));
    std::vector<std::uint64_t> seeds;
    for (std::size_t i = 0; i < checks.size(); ++i) {
        page.add(preset_details(checks[i], i));
        for (const std::uint64_t s : checks[i].result.seeds) {
            if (std::find(seeds.begin(), seeds.end(), s) == seeds.end()) seeds.push_back(s);
        }
    }
    for (const PresetSource& p : presets) page.add_preset(p);
    page.set_seeds(std::move(seeds));
    return page;
}

}  // namespace gatetune::sim::html
