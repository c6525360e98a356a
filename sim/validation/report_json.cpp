// The validation report for machines. Numbers are plain JSON numbers; ids and severities are the
// stable strings CI scripts match on.
#include "sim/validation/report.hpp"

namespace gatetune::sim::validation {

nlohmann::json validation_json(const ValidationReport& r) {
    using nlohmann::json;
    json findings = json::array();
    for (const Finding& f : r.findings) {
        findings.push_back({{"rule", f.rule->id},
                            {"name", f.rule->name},
                            {"severity", to_string(f.severity)},
                            {"message", f.message},
                            {"keys", f.keys},
                            {"explanation", f.rule->explanation},
                            {"model_ref", f.rule->model_ref}});
    }
    json runs = json::array();
    for (const SeedRun& run : r.runs) {
        json checks = json::array();
        for (const SloCheck& c : run.checks) {
            checks.push_back({{"name", c.name}, {"measured", c.measured}, {"limit", c.limit}, {"unit", c.unit}, {"passed", c.passed}});
        }
        runs.push_back({{"seed", run.seed},
                        {"requests", run.requests},
                        {"error_rate", run.error_rate},
                        {"p50_s", run.p50},
                        {"p99_s", run.p99},
                        {"passed", run.passed()},
                        {"checks", checks}});
    }
    return {{"preset", r.preset},
            {"hash", r.hash},
            {"version", r.version},
            {"valid", r.valid()},
            {"verdict", r.verdict()},
            {"counts", {{"error", r.count(Severity::Error)}, {"warning", r.count(Severity::Warning)}, {"info", r.count(Severity::Info)}}},
            {"findings", findings},
            {"slo_configured", r.slo_configured},
            {"runs", runs}};
}

}  // namespace gatetune::sim::validation
