#include "sim/experiment/tune_report.hpp"

#include "gatetune/version.hpp"
#include "sim/experiment/experiment_json.hpp"
#include "sim/experiment/objective.hpp"
#include "sim/experiment/slo_text.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/text_table.hpp"

namespace gatetune::sim::experiment {
namespace {

using nlohmann::ordered_json;

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

std::string runs_summary(const TuneResult& r, std::size_t replications) {
    const std::size_t full = r.grid_points * replications;
    const double share = full ? 100.0 * static_cast<double>(r.simulations) / static_cast<double>(full) : 0.0;
    return count_noun(r.candidates, "configuration") + " × " + count_noun(replications, "seed") + " = " +
           count_noun(r.simulations, "run") + "; the full grid would take " + std::to_string(full) + " (" +
           format_quantity(share, "%") + ")";
}

}  // namespace

std::string failure_reason(const Verdict& v) {
    for (const Finding& f : v.findings) {
        if (f.severity == Severity::Error) return "static rule: " + finding_sentence(f);
    }
    for (const SloSummary& s : v.result.slo) {
        if (!s.passed()) return "slo." + slo_sentence(s);
    }
    return v.simulated ? "passes" : "not simulated";
}

void write_tune_text(std::ostream& out, const std::string& preset, const Config& base, const TuneResult& r) {
    const std::size_t replications = r.found ? r.verdict.result.seeds.size() : 0;
    out << "gatetune tune " << preset << "\n";
    out << wrap_text("objective: " + r.objective, 100, "  ", 4);
    std::string searched = "searched: " + std::to_string(r.grid_points) + " grid points";
    if (!r.bisected.empty()) searched += "; bisected along " + join(r.bisected);
    if (!r.gridded.empty()) searched += "; every value of " + join(r.gridded);
    out << wrap_text(searched, 100, "  ", 4);
    if (!r.found) {
        out << "\nNo configuration on the grid passes the static rules and the SLO on every seed.\n";
        if (r.cheapest_rejected) {
            out << wrap_text(count_noun(r.rejected_statically, "point") + " examined break a static rule; the cheapest, " +
                                 r.cheapest_rejected->change + ": " + failure_reason(r.cheapest_rejected->verdict),
                             100, "", 4);
        }
        out << wrap_text("simulations: " + count_noun(r.simulations, "run") + " of " + count_noun(r.candidates, "configuration"), 100, "", 4);
        return;
    }

    out << "\nCheapest passing configuration (changes against the preset)\n";
    TextTable changes({{"key"}, {"preset", Align::Right}, {"tuned", Align::Right}});
    for (const KeySpec* k : changed_keys(r.best, base)) changes.add_row({std::string(k->key), format_value(base, *k), format_value(r.best, *k)});
    if (changes.row_count() == 0) out << "  (none: the preset itself is the cheapest passing point)\n";
    else changes.write(out);
    out << "  total DB connections: " << total_db_connections(base) << " → " << total_db_connections(r.best) << "\n";

    out << "\nValidation: " << findings_summary(r.verdict.findings) << "\n";
    for (const Finding& f : r.verdict.findings) out << wrap_text(finding_sentence(f), 100, "  ", 4);

    out << "\nSLO over " << count_noun(replications, "seed") << " (" << seed_list(r.verdict.result.seeds) << ")\n";
    TextTable slo({{"check"}, {"measured (mean ± 95 % CI)", Align::Right}, {"limit", Align::Right}, {"failed seeds", Align::Right}});
    for (const SloSummary& s : r.verdict.result.slo) {
        slo.add_row({s.name, format_estimate(s.measured, s.unit), format_quantity(s.limit, s.unit),
                     std::to_string(s.failed_seeds.size()) + "/" + std::to_string(s.measured.n)});
    }
    slo.write(out);

    out << "\nEach next-cheaper neighbour fails\n";
    if (r.neighbours.empty()) out << "  (none: every axis is at its cheapest value)\n";
    for (const Neighbour& n : r.neighbours) out << wrap_text(n.change + ": " + failure_reason(n.verdict), 100, "  ", 4);

    out << '\n' << wrap_text("simulations: " + runs_summary(r, replications), 100, "", 4);
}

ordered_json tune_json(const std::string& preset, const Config& base, const TuneResult& r) {
    ordered_json out = {{"gatetune", "tune"},     {"version", kVersion},         {"preset", preset},
                        {"found", r.found},       {"objective", r.objective},    {"bisected", r.bisected}, {"gridded", r.gridded},
                        {"grid_points", r.grid_points}, {"candidates", r.candidates}, {"simulations", r.simulations}};
    out["rejected_statically"] = r.rejected_statically;
    if (!r.found) return out;
    ordered_json changes = ordered_json::array();
    for (const KeySpec* k : changed_keys(r.best, base)) {
        changes.push_back({{"key", k->key}, {"preset", format_value(base, *k)}, {"tuned", format_value(r.best, *k)}});
    }
    ordered_json neighbours = ordered_json::array();
    for (const Neighbour& n : r.neighbours) {
        neighbours.push_back({{"change", n.change}, {"static_ok", n.verdict.static_ok()}, {"reason", failure_reason(n.verdict)}});
    }
    out["full_grid_simulations"] = r.grid_points * r.verdict.result.seeds.size();
    out["changes"] = changes;
    out["total_db_connections"] = total_db_connections(r.best);
    out["findings"] = findings_json(r.verdict.findings);
    out["seeds"] = r.verdict.result.seeds;
    out["slo"] = slo_json(r.verdict.result.slo);
    out["figures"] = figures_json(r.verdict.result.figures);
    out["neighbours"] = neighbours;
    return out;
}

}  // namespace gatetune::sim::experiment
