// VALIDATION.md: the record that travels with the exported files — which preset (hash, tool
// version), what the rules found and why, and what the simulation measured on every seed.
#include "sim/export/bindings.hpp"
#include "sim/export/writers.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"
#include "sim/validation/report.hpp"

namespace gatetune::sim::exporting {
namespace {

std::string cell(std::string_view text) {
    std::string out;
    for (const char ch : text) {
        if (ch == '|') out += '\\';
        out += ch == '\n' ? ' ' : ch;
    }
    return out;
}

void findings_section(std::string& out, const validation::ValidationReport& r) {
    out += "\n## Rule findings\n\n";
    if (r.findings.empty()) {
        out += "No rule reported anything.\n";
        return;
    }
    out += "| Rule | Severity | Finding |\n|---|---|---|\n";
    for (const auto& f : r.findings) {
        out += "| " + std::string(f.rule->id) + " | " + std::string(to_string(f.severity)) + " | " + cell(f.message) + " |\n";
    }
    out += "\n### Why\n\n";
    std::string seen;
    for (const auto& f : r.findings) {
        const std::string id(f.rule->id);
        if (seen.find(id) != std::string::npos) continue;
        seen += id + " ";
        out += "- **" + id + " " + std::string(f.rule->name) + "** (" + std::string(f.rule->model_ref) + "): " +
               std::string(f.rule->explanation) + "\n";
    }
}

void runs_section(std::string& out, const validation::ValidationReport& r) {
    out += "\n## Simulation\n\n";
    out += r.slo_configured ? "The preset's `[slo]` checked on every seed:\n\n"
                            : "The preset has no `[slo]`: the runs are reported but check nothing.\n\n";
    out += "| Seed | Requests | Error rate | p50 (s) | p99 (s) | SLO |\n|---:|---:|---:|---:|---:|---|\n";
    for (const auto& run : r.runs) {
        out += "| " + std::to_string(run.seed) + " | " + std::to_string(run.requests) + " | " + format_fixed(run.error_rate, 4) +
               " | " + format_fixed(run.p50, 3) + " | " + format_fixed(run.p99, 3) + " | " + cell(validation::slo_summary(run)) + " |\n";
    }
}

// Keys the preset changes that no exported file carries: they describe the environment (the
// database server, the upstream, the workload) or cannot be set through gunicorn.
void not_exported_section(std::string& out, const Config& cfg) {
    std::string list;
    const auto exported = exported_bindings(cfg);
    for (const KeySpec* k : changed_keys(cfg)) {
        if (k->table().empty()) continue;  // name, description
        bool covered = false;
        for (const Binding* b : exported) covered |= b->key == k->key;
        if (!covered) list += (list.empty() ? "`" : ", `") + std::string(k->key) + "`";
    }
    out += "\n## Not in the exported files\n\n";
    out += list.empty() ? "Every key the preset changes is exported.\n"
                        : "Preset keys that describe the environment or the workload, or that gunicorn cannot take: " + list + ".\n";
}

}  // namespace

std::string write_validation_md(const ExportContext& c) {
    const validation::ValidationReport& r = c.report;
    std::string out = "# Validation of `" + r.preset + "`\n\n";
    if (!r.valid()) {
        out += "> **NOT VALIDATED — exported with `--force`.** " + r.verdict() +
               ". Do not deploy these values before fixing what is listed below.\n\n";
    }
    out += "| | |\n|---|---|\n";
    out += "| Preset | `" + r.preset + "` |\n";
    out += "| Preset hash | `" + r.hash + "` (FNV-1a 64 of the full preset text) |\n";
    out += "| gatetune | " + r.version + " |\n";
    out += "| Verdict | " + std::string(r.valid() ? "valid" : "NOT VALID — " + cell(r.verdict())) + " |\n";
    out += "| Seeds | " + std::to_string(r.runs.size()) + (r.runs.empty() ? "" : " (" + std::to_string(r.runs.front().seed) + "–" +
                                                             std::to_string(r.runs.back().seed) + ")") + " |\n";
    findings_section(out, r);
    runs_section(out, r);
    not_exported_section(out, c.cfg);
    return out;
}

}  // namespace gatetune::sim::exporting
