#include "sim/experiment/check_report.hpp"

#include "gatetune/version.hpp"
#include "sim/experiment/experiment_json.hpp"
#include "sim/experiment/slo_text.hpp"
#include "sim/text_table.hpp"

namespace gatetune::sim::experiment {
namespace {

using nlohmann::ordered_json;

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string failed_fraction(const SloSummary& s) {
    return std::to_string(s.failed_seeds.size()) + "/" + std::to_string(s.measured.n);
}

// What a person needs below the table: every finding, every failed SLO check, unreadable presets.
void write_details(std::ostream& out, const PresetCheck& c) {
    std::vector<std::string> lines;
    if (!c.loaded()) lines.push_back(c.error);
    for (const Finding& f : c.findings) lines.push_back(finding_sentence(f));
    for (const SloSummary& s : c.result.slo) {
        if (!s.passed()) lines.push_back(slo_sentence(s));
    }
    if (lines.empty()) return;
    out << '\n' << c.file << ":\n";
    for (const std::string& l : lines) out << wrap_text(l, 100, "  ", 4);
}

// A passing testcase of preset c; callers turn it into a failure when needed.
JUnitCase test_case(std::string name, const PresetCheck& c) {
    JUnitCase t;
    t.name = std::move(name);
    t.classname = c.preset;
    t.file = c.file;
    return t;
}

JUnitCase slo_case(const PresetCheck& c, const SloSummary& s) {
    JUnitCase t = test_case("slo." + s.name, c);
    if (s.passed()) return t;
    t.outcome = JUnitOutcome::Failed;
    t.type = "slo";
    t.message = slo_sentence(s);
    t.details = "measured: " + format_estimate(s.measured, s.unit) + " (mean over " + std::to_string(s.measured.n) +
                " seeds" + (s.measured.has_interval() ? ", ± is the 95 % confidence interval" : "") + ")\n" +
                "limit:    " + format_quantity(s.limit, s.unit) + "\n" + "failed on seeds: " + seed_list(s.failed_seeds) + "\n";
    return t;
}

JUnitCase rule_case(const PresetCheck& c, const validation::Rule& rule) {
    JUnitCase t = test_case(std::string(rule.id) + " " + std::string(rule.name), c);
    std::vector<const Finding*> mine;
    for (const Finding& f : c.findings) {
        if (f.rule == &rule) mine.push_back(&f);
    }
    std::string all;
    for (const Finding* f : mine) all += finding_sentence(*f) + "\n";
    for (const Finding* f : mine) {
        if (f->severity != Severity::Error) continue;
        t.outcome = JUnitOutcome::Failed;
        t.type = "validation";
        t.message = f->message;
        t.details = all + "\n" + std::string(rule.explanation) + (rule.model_ref.empty() ? "" : " [" + std::string(rule.model_ref) + "]") + "\n";
        return t;
    }
    t.system_out = all;  // warnings and notes do not fail the build, but should be seen
    return t;
}

}  // namespace

void write_check_table(std::ostream& out, const std::vector<PresetCheck>& checks) {
    TextTable table({{"preset"}, {"check"}, {"measured (mean ± 95 % CI)", Align::Right}, {"limit", Align::Right},
                     {"failed seeds", Align::Right}, {"result"}});
    std::size_t failed_presets = 0;
    for (const PresetCheck& c : checks) {
        failed_presets += !c.passed();
        if (!c.loaded()) {
            table.add_row({c.file, "preset", "", "", "", "ERROR"});
            continue;
        }
        table.add_row({c.file, "validation", findings_summary(c.findings), "no errors", "", has_errors(c.findings) ? "FAIL" : "pass"});
        if (!c.result.has_slo()) table.add_row({c.file, "slo", "no [slo] in the preset", "", "", "skipped"});
        for (const SloSummary& s : c.result.slo) {
            table.add_row({c.file, "slo." + s.name, format_estimate(s.measured, s.unit), format_quantity(s.limit, s.unit),
                           failed_fraction(s), s.passed() ? "pass" : "FAIL"});
        }
    }
    table.write(out, "");
    for (const PresetCheck& c : checks) write_details(out, c);
    out << '\n'
        << (failed_presets ? std::to_string(failed_presets) + " of " + std::to_string(checks.size()) + " presets failed"
                           : "all " + std::to_string(checks.size()) + " presets passed")
        << '\n';
}

ordered_json check_json(const std::vector<PresetCheck>& checks, std::size_t replications) {
    ordered_json presets = ordered_json::array();
    bool passed = true;
    for (const PresetCheck& c : checks) {
        passed = passed && c.passed();
        ordered_json p = {{"file", c.file}, {"preset", c.preset}, {"passed", c.passed()}};
        if (!c.loaded()) {
            p["error"] = c.error;
            presets.push_back(p);
            continue;
        }
        p["seeds"] = c.result.seeds;
        p["findings"] = findings_json(c.findings);
        p["slo_configured"] = c.result.has_slo();
        p["slo"] = slo_json(c.result.slo);
        p["figures"] = figures_json(c.result.figures);
        presets.push_back(p);
    }
    return {{"gatetune", "check"}, {"version", kVersion}, {"replications", replications}, {"passed", passed}, {"presets", presets}};
}

std::vector<JUnitSuite> check_junit(const std::vector<PresetCheck>& checks) {
    std::vector<JUnitSuite> suites;
    for (const PresetCheck& c : checks) {
        JUnitSuite suite{c.file, {}};
        if (!c.loaded()) {
            JUnitCase t = test_case("preset", c);
            t.classname = c.file;
            t.outcome = JUnitOutcome::Error;
            t.message = first_line(c.error);
            t.type = "input";
            t.details = c.error + "\n";
            suite.cases.push_back(std::move(t));
            suites.push_back(std::move(suite));
            continue;
        }
        for (const validation::Rule& rule : static_rules()) suite.cases.push_back(rule_case(c, rule));
        if (!c.result.has_slo()) {
            JUnitCase t = test_case("slo", c);
            t.outcome = JUnitOutcome::Skipped;
            t.message = "no [slo] in the preset: nothing to check";
            suite.cases.push_back(std::move(t));
        }
        for (const SloSummary& s : c.result.slo) suite.cases.push_back(slo_case(c, s));
        suites.push_back(std::move(suite));
    }
    return suites;
}

}  // namespace gatetune::sim::experiment
