#include "sim/html/reports.hpp"

#include <algorithm>
#include <map>

#include "sim/diagnosis/candidate.hpp"
#include "sim/diagnosis/status_summary.hpp"

namespace gatetune::sim::html {

namespace {

namespace dx = diagnosis;

Table hypotheses_table(const dx::Diagnosis& d) {
    Table t({{"#", true}, {"hypothesis"}, {"fitted"}, {"requests", true}, {"seeds", true}, {"prior mass", true}});
    std::size_t rank = 0;
    for (const dx::Hypothesis& h : d.ranked) {
        ++rank;
        const double share = d.observed ? static_cast<double>(h.fit.best.median_matched()) / static_cast<double>(d.observed) : 0;
        Cell matched(std::to_string(h.fit.best.median_matched()) + "/" + std::to_string(d.observed),
                     h.fit.reproduces() ? Tone::Pass : Tone::None);
        matched.bar = share;
        std::string mechanism;
        for (const dx::Part& p : h.fit.best.candidate) mechanism += std::string(p.mechanism->mechanism) + " ";
        t.add_row({std::to_string(rank), Cell(h.title, Tone::None, mechanism), dx::describe(h.fit.best.candidate), matched,
                   std::to_string(h.fit.best.reproducing_seeds) + "/" + std::to_string(h.fit.best.seeds.size()),
                   h.fit.reproduces() ? percent_text(h.fit.prior_mass) : ""});
    }
    t.add_row({"", "the configuration as given", "—",
               std::to_string(d.as_configured.fit.best.median_matched()) + "/" + std::to_string(d.observed), "", ""});
    return t;
}

Table observation_table(const dx::Observation& obs) {
    Table t({{"#", true}, {"caller"}, {"call", true}, {"status"}, {"cause (from its error)"}, {"latency", true}, {"tokens", true}});
    for (const dx::ObservedRequest& r : obs.requests) {
        if (t.row_count() >= 200) break;
        t.add_row({std::to_string(r.order + 1), r.session.value_or(""), r.call ? std::to_string(*r.call + 1) : "",
                   Cell(r.status, r.status == "200" ? Tone::Pass : Tone::Fail), r.cause ? std::string(to_string(*r.cause)) : "",
                   r.latency ? seconds_text(engine::to_seconds(*r.latency)) : "",
                   r.prompt_tokens ? count_text(static_cast<std::uint64_t>(*r.prompt_tokens + r.completion_tokens.value_or(0))) : ""});
    }
    return t;
}

Table suspects_table(const dx::Diagnosis& d) {
    Table t({{"suspect"}, {"verdict"}});
    for (const dx::Suspect& s : d.suspects)
        t.add_row({s.label, Cell(s.verdict, s.hypothesis.fit.reproduces() ? Tone::Pass : Tone::Fail)});
    return t;
}

Table fixes_table(const dx::Diagnosis& d) {
    std::vector<Table::Column> columns{{"change"}};
    for (const dx::FixOutcome& o : d.fix_checks.front().outcomes) columns.push_back({"under " + o.hypothesis_id});
    Table t(columns);
    for (const dx::FixCheck& f : d.fix_checks) {
        std::string label = f.label == "--fix-set" ? "" : f.label;
        std::string sets;
        for (const auto& s : f.sets) sets += (sets.empty() ? "" : ", ") + s;
        if (!sets.empty()) label += label.empty() ? sets : " (" + sets + ")";
        std::vector<Cell> row{label};
        for (const dx::FixOutcome& o : f.outcomes) {
            std::map<std::string, std::uint64_t> failing;
            for (const auto& [s, n] : o.statuses)
                if (s.rfind("200", 0) != 0) failing[s] += n;
            const bool pass = o.passing_seeds == o.seeds;
            row.emplace_back(pass ? "passes" : "fails: " + diagnosis::status_summary(failing), pass ? Tone::Pass : Tone::Fail);
        }
        t.add_row(std::move(row));
    }
    return t;
}

}  // namespace

Page diagnose_page(const dx::Diagnosis& d, const dx::Observation& obs, const PresetSource& preset, const Limits& limits) {
    Page page("diagnose", "gatetune diagnose: " + preset.name);
    page.add_fact({"observed", count_text(d.observed) + " requests: " + diagnosis::status_summary(d.observed_statuses)});
    page.add_fact({"best explanation", d.ranked.empty() ? "none" : d.ranked.front().title, d.reproduced() ? Tone::Pass : Tone::Fail});
    page.add_fact({"simulations", count_text(d.simulations) + " (" + std::to_string(d.seeds) + " seeds each)"});
    page.add(row_section("diagnose-evidence", "Hypotheses beside the observation",
                         {table_section("diagnose-hypotheses", "Ranked hypotheses", hypotheses_table(d)),
                          table_section("diagnose-observation", "What the callers saw", observation_table(obs))}));
    if (!d.experiments.empty()) {
        std::vector<Table::Column> columns{{"traffic"}};
        for (const auto& id : d.indistinct) columns.push_back({"under " + id});
        Table t(columns);
        for (const dx::Prediction& p : d.experiments) {
            std::vector<Cell> row{Cell(p.variant, p.separates ? Tone::Warn : Tone::None)};
            for (const auto& o : p.outcomes) row.emplace_back(o);
            t.add_row(std::move(row));
        }
        page.add(table_section("diagnose-experiments", "Cannot be told apart: what other traffic would show", t));
    }
    if (!d.suspects.empty()) page.add(table_section("diagnose-suspects", "Suspects", suspects_table(d)));
    if (!d.fix_checks.empty()) page.add(table_section("diagnose-fixes", "Fix check under the top hypotheses", fixes_table(d)));
    // The best hypothesis's replay, as a run report shows a run.
    page.add(outcomes_section(d.best_run, "replay"));
    if (auto calls = calls_section(d.best_run, "replay")) page.add(std::move(*calls));
    page.add(waterfall_section(d.best_run, "replay", limits));
    page.add(latency_section(d.best_run, "replay", limits));
    page.add_preset(preset);
    page.set_seeds({d.first_seed});
    return page;
}

}  // namespace gatetune::sim::html
