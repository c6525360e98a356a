// The validation report for people: what is wrong, why (with the docs/MODEL.md section), what the
// simulation measured per seed, and the verdict last, where a terminal leaves the eye.
#include <set>

#include "sim/report.hpp"
#include "sim/text_table.hpp"
#include "sim/validation/report.hpp"
#include "sim/validation/wording.hpp"

namespace gatetune::sim::validation {
namespace {

constexpr std::size_t kWidth = 100;

std::string counts_line(const ValidationReport& r) {
    return counted(r.count(Severity::Error), "error", "errors") + ", " + counted(r.count(Severity::Warning), "warning", "warnings") +
           ", " + counted(r.count(Severity::Info), "info", "infos");
}

void write_findings(std::ostream& out, const ValidationReport& r) {
    out << "Findings: " << counts_line(r) << "\n";
    if (r.findings.empty()) return;
    // Messages are long: each is wrapped under its own column instead of a table row miles wide.
    constexpr std::size_t kLead = 18;  // "  GT001  warning  "
    for (const Finding& f : r.findings) {
        std::string lead = "  " + std::string(f.rule->id) + "  " + std::string(to_string(f.severity));
        lead.resize(kLead, ' ');
        const std::string body = wrap_text(f.message, kWidth - kLead);
        std::size_t start = 0;
        for (bool first = true; start < body.size(); first = false) {
            const std::size_t nl = body.find('\n', start);
            out << (first ? lead : std::string(kLead, ' ')) << body.substr(start, nl - start) << "\n";
            start = nl + 1;
        }
    }
    out << "\nWhy\n";
    std::set<std::string_view> explained;
    for (const Finding& f : r.findings) {
        if (!explained.insert(f.rule->id).second) continue;
        out << "  " << f.rule->id << " " << f.rule->name << " — " << f.rule->model_ref << "\n";
        out << wrap_text(f.rule->explanation, kWidth, "      ");
    }
}

void write_runs(std::ostream& out, const ValidationReport& r) {
    out << "\nSimulation over " << counted(static_cast<long long>(r.runs.size()), "seed", "seeds");
    if (!r.slo_configured) out << " (the preset has no [slo]: nothing is checked)";
    out << "\n";
    TextTable table({{"SEED", Align::Right}, {"REQUESTS", Align::Right}, {"ERROR RATE", Align::Right},
                     {"P50 S", Align::Right}, {"P99 S", Align::Right}, {"SLO"}});
    for (const SeedRun& run : r.runs) {
        table.add_row({std::to_string(run.seed), std::to_string(run.requests), format_fixed(run.error_rate, 4),
                       format_fixed(run.p50, 3), format_fixed(run.p99, 3), slo_summary(run)});
    }
    table.write(out);
}

}  // namespace

std::string slo_summary(const SeedRun& run) {
    if (run.checks.empty()) return "nothing checked";
    std::string failed;
    for (const SloCheck& c : run.checks) {
        if (c.passed) continue;
        const int decimals = c.unit == "s" ? 3 : 4;
        failed += (failed.empty() ? "" : "; ") + c.name + " " + format_fixed(c.measured, decimals) + (c.unit == "s" ? " s" : "") +
                  " > " + format_fixed(c.limit, decimals) + (c.unit == "s" ? " s" : "");
    }
    if (failed.empty()) return std::to_string(run.checks.size()) + "/" + std::to_string(run.checks.size()) + " passed";
    return "FAILED: " + failed;
}

void write_validation_text(std::ostream& out, const ValidationReport& r) {
    out << "Validation of \"" << r.preset << "\" (" << r.hash << "), gatetune " << r.version << "\n\n";
    write_findings(out, r);
    write_runs(out, r);
    out << "\nResult: " << (r.valid() ? "VALID" : "NOT VALID — " + r.verdict()) << "\n";
}

}  // namespace gatetune::sim::validation
