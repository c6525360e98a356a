#include "sim/validation/validate.hpp"

#include <algorithm>
#include <stdexcept>

#include "gatetune/version.hpp"
#include "sim/preset/preset_hash.hpp"
#include "sim/stack.hpp"
#include "sim/validation/registry.hpp"

namespace gatetune::sim::validation {
namespace {

SeedRun run_seed(Config cfg, std::uint64_t seed) {
    cfg.simulation.seed = seed;
    cfg.simulation.record_requests = false;  // validation reads the aggregates only
    const RunResult r = simulate(cfg);
    SeedRun run;
    run.seed = seed;
    run.requests = r.requests;
    run.error_rate = r.error_rate();
    if (!r.latency.empty()) {
        run.p50 = engine::to_seconds(r.latency.percentile(50));
        run.p99 = engine::to_seconds(r.latency.percentile(99));
    }
    run.checks = evaluate_slo(cfg.slo, r);
    return run;
}

}  // namespace

int ValidationReport::count(Severity s) const {
    return static_cast<int>(std::count_if(findings.begin(), findings.end(), [s](const Finding& f) { return f.severity == s; }));
}

bool ValidationReport::slo_passed() const {
    return std::all_of(runs.begin(), runs.end(), [](const SeedRun& r) { return r.passed(); });
}

std::string ValidationReport::verdict() const {
    if (valid()) return "valid";
    std::string out;
    if (const int n = count(Severity::Error)) {
        std::string ids;
        for (const Finding& f : findings) {
            if (f.severity != Severity::Error) continue;
            const std::string id(f.rule->id);
            if (ids.find(id) == std::string::npos) ids += (ids.empty() ? "" : ", ") + id;
        }
        out = std::to_string(n) + (n == 1 ? " error (" : " errors (") + ids + ")";
    }
    if (!slo_passed()) {
        std::string seeds;
        for (const SeedRun& r : runs) {
            if (!r.passed()) seeds += (seeds.empty() ? "" : ", ") + std::to_string(r.seed);
        }
        out += (out.empty() ? "" : "; ") + std::string("SLO failed on seed") + (seeds.find(',') != std::string::npos ? "s " : " ") + seeds;
    }
    return out;
}

ValidationReport validate(const Config& cfg, int seeds) {
    if (seeds < 1 || seeds > kMaxSeeds) {
        throw std::invalid_argument("seeds must be 1 to " + std::to_string(kMaxSeeds) + ", got " + std::to_string(seeds));
    }
    ValidationReport report;
    report.preset = cfg.name;
    report.hash = sim::preset_hash(cfg);
    report.version = kVersion;
    report.findings = static_findings(cfg);
    const SloConfig& s = cfg.slo;
    report.slo_configured = s.max_error_rate || s.p50 || s.p99 || !s.max_cause_rate.empty();
    for (int i = 0; i < seeds; ++i) report.runs.push_back(run_seed(cfg, cfg.simulation.seed + static_cast<std::uint64_t>(i)));
    return report;
}

}  // namespace gatetune::sim::validation
