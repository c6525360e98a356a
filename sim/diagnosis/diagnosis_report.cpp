#include "sim/diagnosis/diagnosis_report.hpp"

#include <cmath>
#include <cstdio>

#include "sim/diagnosis/status_summary.hpp"
#include "sim/text_table.hpp"

namespace gatetune::sim::diagnosis {

namespace {

constexpr std::size_t kWidth = 100;

std::string percent(double share) {
    char buf[32];
    if (share >= 0.1) std::snprintf(buf, sizeof buf, "%.0f %%", share * 100);
    else std::snprintf(buf, sizeof buf, "%.2g %%", share * 100);
    return buf;
}

std::string reproduction(const Fit& f, std::size_t observed) {
    return std::to_string(f.best.median_matched()) + "/" + std::to_string(observed);
}

std::string seeds_text(const Fit& f) {
    return std::to_string(f.best.reproducing_seeds) + "/" + std::to_string(f.best.seeds.size());
}

// "tpm 7,059–8,400 tokens/min" per freed parameter.
std::string ranges_text_of(const Hypothesis& h) {
    std::string out;
    std::size_t k = 0;
    for (const Part& part : h.fit.best.candidate)
        for (const Param& p : part.mechanism->params) {
            if (k >= h.fit.ranges.size()) break;
            const ParamRange& r = h.fit.ranges[k++];
            if (!out.empty()) out.append("; ");
            out.append(p.name).append(" ").append(format_param(p, r.lo));
            if (r.hi != r.lo) out.append("–").append(format_param(p, r.hi));
            if (!p.unit.empty()) out.append(" ").append(p.unit);
        }
    return out;
}

std::string latency_text(const Fit& f) {
    double sum = 0;
    int n = 0;
    for (const Agreement& a : f.best.seeds)
        if (a.latency_error >= 0) {
            sum += a.latency_error;
            ++n;
        }
    if (n == 0) return "";
    char buf[96];
    std::snprintf(buf, sizeof buf, "latencies within ×%.2f of the observed (median)", std::exp(sum / n));
    return buf;
}

std::string evidence_text(const Fit& f) {
    if (f.best.seeds.empty()) return "";
    const Agreement& a = f.best.seeds.front();
    if (a.evidence_supported + a.evidence_contradicted == 0) return "";
    return std::to_string(a.evidence_supported) + " log signature(s) agree, " + std::to_string(a.evidence_contradicted) +
           " contradict";
}

void write_hypotheses(std::ostream& out, const Diagnosis& d) {
    TextTable t({{"#", Align::Right}, {"hypothesis"}, {"fitted"}, {"requests", Align::Right}, {"seeds", Align::Right}, {"prior", Align::Right}});
    std::size_t shown = 0;
    for (const Hypothesis& h : d.ranked) {
        if (shown >= 8 && !h.fit.reproduces()) break;
        ++shown;
        t.add_row({std::to_string(shown), h.title, describe(h.fit.best.candidate), reproduction(h.fit, d.observed),
                   seeds_text(h.fit), h.fit.reproduces() ? percent(h.fit.prior_mass) : ""});
    }
    t.add_rule();
    t.add_row({"", d.as_configured.title, "—", reproduction(d.as_configured.fit, d.observed), seeds_text(d.as_configured.fit), ""});
    t.write(out);
}

void write_evidence(std::ostream& out, const Diagnosis& d) {
    std::size_t n = 0;
    for (const Hypothesis& h : d.ranked) {
        if (!h.fit.reproduces() || n >= 3) break;
        ++n;
        std::string p = "#" + std::to_string(n) + " " + h.title + ": reproduces " + std::to_string(h.fit.best.median_matched()) +
                        " of " + std::to_string(d.observed) + " requests on " + seeds_text(h.fit) + " seeds";
        if (const auto r = ranges_text_of(h); !r.empty()) p += ", for " + r;
        p += " (" + percent(h.fit.prior_mass) + " of its prior range). ";
        if (const auto l = latency_text(h.fit); !l.empty()) p += l + ". ";
        if (const auto e = evidence_text(h.fit); !e.empty()) p += e + ". ";
        for (const Part& part : h.fit.best.candidate) p += std::string(part.mechanism->mechanism) + " ";
        std::string sets;
        for (const auto& s : h.sets) sets += " --set " + s;
        p += "Replay it:" + sets + ".";
        out << wrap_text(p, kWidth, "  ", 2) << "\n";
    }
    if (!d.indistinct.empty()) {
        std::string ids;
        for (const auto& id : d.indistinct) ids += (ids.empty() ? "" : ", ") + id;
        out << wrap_text("Cannot be told apart from this observation: " + ids +
                             " reproduce it equally well. The server's logs would (the exception behind each 500), "
                             "and so would other traffic — what the model predicts under each:",
                         kWidth, "  ", 2);
        std::vector<TextTable::Column> columns{{"traffic"}};
        for (std::size_t i = 0; i < d.indistinct.size(); ++i) columns.push_back({"under #" + std::to_string(i + 1)});
        TextTable t(columns);
        for (const Prediction& p : d.experiments) {
            std::vector<std::string> row{p.variant + (p.separates ? "" : " (same)")};
            row.insert(row.end(), p.outcomes.begin(), p.outcomes.end());
            t.add_row(std::move(row));
        }
        t.write(out, "    ");
        out << "\n";
    }
}

// "passes", or "fails: 9 × 500 upstream_rate_limited" — the most frequent failure per run, averaged
// over the seeds ("+" when other failures happened too).
std::string outcome_cell(const FixOutcome& o) {
    if (o.passing_seeds == o.seeds) return "passes";
    std::string worst;
    std::uint64_t most = 0, kinds = 0;
    for (const auto& [status, n] : o.statuses) {
        if (status.rfind("200", 0) == 0) continue;
        ++kinds;
        if (n > most) most = n, worst = status;
    }
    const std::uint64_t per_run = (most + o.seeds - 1) / std::max<std::size_t>(o.seeds, 1);
    std::string cell = "fails: " + std::to_string(per_run) + " × " + worst + (kinds > 1 ? " +" : "");
    if (o.passing_seeds > 0) cell += " (" + std::to_string(o.seeds - o.passing_seeds) + "/" + std::to_string(o.seeds) + " seeds)";
    return cell;
}

void write_fixes(std::ostream& out, const Diagnosis& d) {
    if (d.fix_checks.empty()) return;
    // One column per hypothesis the fixes were checked under, numbered as in the ranking.
    const auto& ids = d.fix_checks.front().outcomes;
    std::vector<TextTable::Column> columns{{"change"}};
    for (const FixOutcome& o : ids) {
        std::size_t rank = 0;
        while (rank < d.ranked.size() && d.ranked[rank].id != o.hypothesis_id) ++rank;
        columns.push_back({"under #" + std::to_string(rank + 1)});
    }
    columns.push_back({"p99", Align::Right});
    out << "Fix check: the observed workload replayed with each change, under each hypothesis that reproduces it\n"
           "(passes = every request 200 on every seed):\n";
    TextTable t(columns);
    for (const FixCheck& f : d.fix_checks) {
        std::vector<std::string> row{fix_label(f)};
        double p99 = 0;
        for (const FixOutcome& o : f.outcomes) {
            row.push_back(outcome_cell(o));
            p99 = std::max(p99, o.p99_s);
        }
        char p99_text[32];
        std::snprintf(p99_text, sizeof p99_text, "%.1f s", p99);
        row.push_back(p99_text);
        t.add_row(std::move(row));
    }
    t.write(out);
}

// The answer first, in a few sentences: what reproduces it, what of the team's theories does not,
// whether the team's fix holds, and which change does.
std::string summary(const Diagnosis& d) {
    std::string out;
    std::size_t reproducing = 0;
    for (const Hypothesis& h : d.ranked) reproducing += h.fit.reproduces() ? 1 : 0;
    if (reproducing == 0) {
        out += "No mechanism of the model reproduces what was observed; the closest is " +
               (d.ranked.empty() ? std::string("none") : d.ranked.front().title) + ". ";
    } else {
        out += std::to_string(reproducing) + (reproducing == 1 ? " mechanism reproduces" : " mechanisms reproduce") +
               " what was observed; the best is " + d.ranked.front().title + " (" + describe(d.ranked.front().fit.best.candidate) + ")";
        out += d.indistinct.empty() ? ". " : ", but the observation cannot tell it from " + std::to_string(d.indistinct.size() - 1) + " other(s). ";
    }
    std::size_t wrong = 0;
    for (const Suspect& s : d.suspects) wrong += s.hypothesis.fit.reproduces() ? 0 : 1;
    if (!d.suspects.empty())
        out += wrong == d.suspects.size() ? "None of the " + std::to_string(d.suspects.size()) + " suspects reproduces it. "
                                          : std::to_string(d.suspects.size() - wrong) + " of the " + std::to_string(d.suspects.size()) +
                                                " suspects reproduce it. ";
    std::vector<std::string> passing;
    for (const FixCheck& f : d.fix_checks) {
        if (f.label == "--fix-set" || (!f.sets.empty() && f.raised_key.empty() && f.label.empty())) continue;
        const bool own = f.sets.empty();
        if (own) out += "The proposed fix (" + f.label + ") " + (f.passes_all() ? "passes" : "does not pass") + " under the top hypotheses. ";
        else if (f.passes_all()) passing.push_back(f.label);
    }
    if (!d.fix_checks.empty()) {
        if (passing.empty()) out += "No proposed change passes under every top hypothesis (see the fix check). ";
        else out += "Passes under every top hypothesis: " + passing.front() + (passing.size() > 1 ? " (and " + std::to_string(passing.size() - 1) + " more)." : ".");
    }
    return out;
}

}  // namespace

void write_text(std::ostream& out, const Diagnosis& d, const ReportContext& ctx) {
    out << "gatetune diagnose: " << d.observed << " requests observed (" << ctx.observation << "): "
        << status_summary(d.observed_statuses) << "\n";
    out << "configuration: " << ctx.config << "; " << d.seeds << " seeds from " << d.first_seed << "; " << d.simulations
        << " simulations\n";
    for (const auto& n : d.notes) out << wrap_text("note: " + n, kWidth, "", 2);
    out << "\n" << wrap_text(summary(d), kWidth) << "\n";
    out << (d.reproduced() ? "Mechanisms that reproduce it, best first:\n" : "No mechanism reproduces it; the closest:\n");
    write_hypotheses(out, d);
    out << "\n";
    write_evidence(out, d);
    if (!d.suspects.empty()) {
        out << "Suspects:\n";
        for (const Suspect& s : d.suspects) out << wrap_text(s.label + ": " + s.verdict, kWidth, "  ", 2);
        out << "\n";
    }
    write_fixes(out, d);
}

nlohmann::json to_json(const Diagnosis& d, const ReportContext& ctx) {
    using nlohmann::json;
    auto hypothesis = [&](const Hypothesis& h) {
        json params = json::array();
        std::size_t k = 0;
        for (const Part& part : h.fit.best.candidate)
            for (std::size_t i = 0; i < part.mechanism->params.size(); ++i) {
                const Param& p = part.mechanism->params[i];
                json j{{"mechanism", part.mechanism->id}, {"name", p.name}, {"unit", p.unit}, {"value", part.values[i]}};
                if (k < h.fit.ranges.size()) j["reproduces_from"] = h.fit.ranges[k].lo, j["reproduces_to"] = h.fit.ranges[k].hi;
                ++k;
                params.push_back(std::move(j));
            }
        json causes = json::array();
        for (Cause c : h.causes) causes.push_back(to_string(c));
        json seeds = json::array();
        for (const Agreement& a : h.fit.best.seeds)
            seeds.push_back({{"matched", a.matched}, {"total", a.total}, {"distance", a.distance}, {"reproduces", a.reproduces},
                             {"latency_error", a.latency_error}, {"evidence_supported", a.evidence_supported},
                             {"evidence_contradicted", a.evidence_contradicted}, {"failures_missing", a.failures_missing}});
        return json{{"id", h.id},
                    {"title", h.title},
                    {"reproduces", h.fit.reproduces()},
                    {"matched", h.fit.best.median_matched()},
                    {"requests", d.observed},
                    {"reproducing_seeds", h.fit.best.reproducing_seeds},
                    {"distance", h.fit.best.distance},
                    {"prior_mass", h.fit.prior_mass},
                    {"points", h.fit.points},
                    {"parameters", params},
                    {"set", h.sets},
                    {"causes", causes},
                    {"seeds", seeds}};
    };
    json j{{"version", ctx.version},
           {"observation", ctx.observation},
           {"config", ctx.config},
           {"observed", {{"requests", d.observed}, {"statuses", d.observed_statuses}}},
           {"notes", d.notes},
           {"seeds", d.seeds},
           {"first_seed", d.first_seed},
           {"simulations", d.simulations},
           {"reproduced", d.reproduced()},
           {"as_configured", hypothesis(d.as_configured)},
           {"indistinct", d.indistinct}};
    j["experiments"] = json::array();
    for (const Prediction& p : d.experiments)
        j["experiments"].push_back({{"traffic", p.variant}, {"outcomes", p.outcomes}, {"separates", p.separates}});
    j["hypotheses"] = json::array();
    for (const Hypothesis& h : d.ranked) j["hypotheses"].push_back(hypothesis(h));
    j["suspects"] = json::array();
    for (const Suspect& s : d.suspects)
        j["suspects"].push_back({{"suspect", s.label}, {"verdict", s.verdict}, {"hypothesis", hypothesis(s.hypothesis)}});
    j["fixes"] = json::array();
    for (const FixCheck& f : d.fix_checks) {
        json outcomes = json::array();
        for (const FixOutcome& o : f.outcomes)
            outcomes.push_back({{"hypothesis", o.hypothesis_id}, {"passing_seeds", o.passing_seeds}, {"seeds", o.seeds},
                                {"statuses", o.statuses}, {"p99_s", o.p99_s}});
        json fj{{"label", f.label}, {"set", f.sets}, {"passes", f.passes_all()}, {"outcomes", outcomes}};
        if (f.raised_value) fj["raised"] = {{"key", f.raised_key}, {"value", *f.raised_value}};
        j["fixes"].push_back(std::move(fj));
    }
    return j;
}

std::string summary_text(const Diagnosis& d) { return summary(d); }
std::string share_text(double share) { return percent(share); }
std::string requests_text(const Hypothesis& h, std::size_t observed) { return reproduction(h.fit, observed); }
std::string seeds_text(const Hypothesis& h) { return seeds_text(h.fit); }
std::string ranges_text(const Hypothesis& h) { return ranges_text_of(h); }
std::string fix_outcome_text(const FixOutcome& o) { return outcome_cell(o); }

std::string fix_label(const FixCheck& f) {
    std::string label = f.label == "--fix-set" ? "" : f.label;
    std::string sets;
    for (const auto& s : f.sets) sets += (sets.empty() ? "" : ", ") + s;
    if (!sets.empty()) label += label.empty() ? sets : " (" + sets + ")";
    return label;
}

}  // namespace gatetune::sim::diagnosis
