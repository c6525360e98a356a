// Findings, SLO per seed and figures: check's table and tune's report (sim/experiment/
// check_report.cpp, tune_report.cpp) as page sections.
#include <algorithm>
#include <cmath>

#include "sim/experiment/slo_text.hpp"
#include "sim/html/experiment_sections.hpp"

namespace gatetune::sim::html {

namespace ex = experiment;

std::string figure_unit(const std::string& figure) {
    if (figure == "error_rate" || figure.starts_with("cause_rate.")) return "share";
    if (figure.ends_with("_s")) return "s";
    return "";
}

Section findings_section(const std::vector<ex::Finding>& findings, const std::string& id) {
    Table t({{"rule"}, {"severity"}, {"finding"}, {"keys to change"}});
    for (const ex::Finding& f : findings) {
        const Tone tone = f.severity == ex::Severity::Error ? Tone::Fail : f.severity == ex::Severity::Warning ? Tone::Warn : Tone::None;
        std::string why;
        if (f.rule) why = std::string(f.rule->explanation) + (f.rule->model_ref.empty() ? "" : " [" + std::string(f.rule->model_ref) + "]");
        std::string keys;
        for (const std::string& k : f.keys) keys += (keys.empty() ? "" : ", ") + k;
        t.add_row({Cell(ex::rule_label(f), Tone::None, why), Cell(std::string(validation::to_string(f.severity)), tone), f.message, keys});
    }
    Section s = table_section(id + "-findings", "Static rules: " + ex::findings_summary(findings), t);
    s.tone = ex::has_errors(findings) ? Tone::Fail : Tone::Pass;
    if (findings.empty()) s.notes.push_back("No rule reported anything for this configuration.");
    return s;
}

Section slo_section(const ex::Replicated& result, const std::string& id) {
    std::vector<Table::Column> columns{{"check"}, {"limit", true}, {"measured (mean ± 95 % CI)", true}};
    for (const std::uint64_t seed : result.seeds) columns.push_back({"seed " + std::to_string(seed)});
    columns.push_back({"result"});
    Table t(std::move(columns));
    for (const ex::SloSummary& s : result.slo) {
        std::vector<Cell> row{s.name, ex::format_quantity(s.limit, s.unit), ex::format_estimate(s.measured, s.unit)};
        for (const std::uint64_t seed : result.seeds) {
            const bool failed = std::find(s.failed_seeds.begin(), s.failed_seeds.end(), seed) != s.failed_seeds.end();
            row.push_back(failed ? Cell("FAIL", Tone::Fail) : Cell("pass", Tone::Pass));
        }
        row.push_back(Cell(s.passed() ? "pass" : "FAIL", s.passed() ? Tone::Pass : Tone::Fail, ex::slo_sentence(s)));
        t.add_row(std::move(row));
    }
    Section s = table_section(id + "-slo", "SLO over " + ex::count_noun(result.seeds.size(), "seed"), t);
    if (!result.has_slo()) s.notes.push_back("The preset has no [slo]: nothing to pass or fail.");
    else s.tone = result.slo_holds() ? Tone::Pass : Tone::Fail;
    return s;
}

Section figures_section(const ex::Replicated& result, const std::string& id) {
    Table t({{"figure"}, {"mean ± 95 % CI", true}});
    for (std::size_t f = 0; f < result.figures.size() && f < ex::figure_names().size(); ++f) {
        const std::string& name = ex::figure_names()[f];
        const ex::Estimate& e = result.figures[f];
        if (name.starts_with("cause_rate.") && e.mean == 0 && (std::isnan(e.ci95) || e.ci95 == 0)) continue;
        t.add_row({name, ex::format_estimate(e, figure_unit(name))});
    }
    Section s = table_section(id + "-figures", "Figures over the seeds", t);
    s.notes.push_back("Failing causes that never occurred are left out.");
    return s;
}

}  // namespace gatetune::sim::html
