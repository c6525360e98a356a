#include "sim/diagnosis/diagnosis.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/preset/config_schema.hpp"
#include "sim/diagnosis/status_summary.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/stack.hpp"

namespace gatetune::sim::diagnosis {

namespace {

// Two reproducing hypotheses whose mean distances differ by less than this explain the
// observation equally well: the observation cannot tell them apart.
constexpr double kIndistinct = 0.02;
// Fixes are checked under at most this many reproducing hypotheses.
constexpr std::size_t kFixHypotheses = 3;
// Pairs are tried among this many best single mechanisms when none reproduces alone.
constexpr std::size_t kPairPool = 4;

Hypothesis hypothesis_of(Fit fit) {
    Hypothesis h;
    h.id = candidate_id(fit.best.candidate);
    h.title = candidate_title(fit.best.candidate);
    h.sets = assignments(fit.best.candidate);
    for (const Part& p : fit.best.candidate)
        for (Cause c : p.mechanism->causes)
            if (std::find(h.causes.begin(), h.causes.end(), c) == h.causes.end()) h.causes.push_back(c);
    h.pair = fit.best.candidate.size() > 1;
    h.fit = std::move(fit);
    return h;
}

// Reproducing first; then closer fit; then more prior mass (the evidence); then catalogue order.
void rank(std::vector<Hypothesis>& hs) {
    std::stable_sort(hs.begin(), hs.end(), [](const Hypothesis& a, const Hypothesis& b) {
        if (a.fit.reproduces() != b.fit.reproduces()) return a.fit.reproduces();
        if (std::fabs(a.fit.best.distance - b.fit.best.distance) >= kIndistinct) return a.fit.best.distance < b.fit.best.distance;
        return a.fit.prior_mass > b.fit.prior_mass;
    });
}

std::map<std::string, std::uint64_t> count_statuses(const Observation& obs) {
    std::map<std::string, std::uint64_t> out;
    for (const ObservedRequest& r : obs.requests) ++out[r.status];
    return out;
}

std::string cause_list(const std::vector<Cause>& causes) {
    std::string out;
    for (Cause c : causes) {
        if (!out.empty()) out.append(" or ");
        out.append(to_string(c));
    }
    return out;
}

std::string verdict_for(const Hypothesis& h, const Observation& obs, const Evaluator& ev, const std::string& as_given) {
    const Fit& f = h.fit;
    const std::string score = std::to_string(f.best.median_matched()) + " of " + std::to_string(obs.requests.size()) +
                              " requests on " + std::to_string(f.best.reproducing_seeds) + " of " +
                              std::to_string(f.best.seeds.size()) + " seeds";
    if (f.reproduces()) return "reproduces what was observed: " + score + " (" + describe(f.best.candidate) + ").";
    std::string why = "does not reproduce it: at best " + score;
    if (!f.best.candidate.empty()) why += " (at " + describe(f.best.candidate) + ")";
    why += ". ";
    bool any_cause = false;
    for (Cause c : h.causes) any_cause = any_cause || (f.causes_produced >> static_cast<unsigned>(c) & 1U);
    if (!h.causes.empty() && !any_cause) {
        why += "Its failure (" + cause_list(h.causes) + ") never occurred at any value tried";
        if (!f.best.candidate.empty()) why += ": " + std::string(f.best.candidate.front().mechanism->mechanism);
        else why += ".";
        return why;
    }
    const RunResult run = ev.example_run(f.best.candidate);
    why += "The model answers " + status_summary(run.by_status) + " where " + as_given + ".";
    return why;
}

bool all_ok(const RunResult& r, std::size_t expected) { return r.requests == expected && r.by_cause[0] == r.requests; }

FixOutcome outcome_of(const std::string& hypothesis_id, const std::vector<RunResult>& runs, std::size_t expected) {
    FixOutcome o;
    o.hypothesis_id = hypothesis_id;
    o.seeds = runs.size();
    for (const RunResult& r : runs) {
        if (all_ok(r, expected)) ++o.passing_seeds;
        for (const RequestRecord& rec : r.records) {
            std::string label = status_label(rec);
            if (!rec.ok()) label.append(" ").append(to_string(rec.cause));
            ++o.statuses[label];
        }
        o.p99_s = std::max(o.p99_s, engine::to_seconds(r.latency.percentile(99)));
    }
    return o;
}

Config with_sets(Config cfg, const std::vector<std::string>& sets) {
    for (const std::string& s : sets) apply_override(cfg, s);
    return cfg;
}

std::vector<std::string> split_assignments(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0, depth = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && (text[i] == '[' || text[i] == '{')) ++depth;
        if (i < text.size() && (text[i] == ']' || text[i] == '}') && depth > 0) --depth;
        if (i == text.size() || (text[i] == ',' && depth == 0)) {
            if (i > start) out.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

class FixChecker {
public:
    FixChecker(const Evaluator& ev, const Observation& obs, const std::vector<const Hypothesis*>& under)
        : ev_(ev), obs_(obs), under_(under) {}

    // `config_of(h)`: the configuration to run under hypothesis h.
    template <class ConfigOf>
    void check(FixCheck& fix, ConfigOf config_of) const {
        for (const Hypothesis* h : under_) fix.outcomes.push_back(outcome_of(h->id, ev_.runs_of(config_of(*h)), obs_.requests.size()));
    }

    bool passes(const Config& cfg) const {
        for (const RunResult& r : ev_.runs_of(cfg))
            if (!all_ok(r, obs_.requests.size())) return false;
        return true;
    }

    // The smallest value of a monotone capacity key that makes the workload pass under `h`, found by
    // bisection (geometric for wide ranges); nullopt when even `max` does not.
    std::optional<double> smallest_passing(const Hypothesis& h, const KeySpec& key, double max) const {
        const Config world = with_sets(ev_.base(), h.sets);
        const bool integer = key.type == KeyType::Int;
        auto at = [&](double v) {
            Config c = world;
            apply_override(c, std::string(key.key) + "=" + number_text(v, integer));
            return passes(c);
        };
        double lo = std::max(number_of(key.get(world)), integer ? 1.0 : 1e-3), hi = max;
        if (!at(hi)) return std::nullopt;
        if (at(lo)) return lo;
        for (int step = 0; step < 40 && (integer ? hi - lo > 1 : hi / lo > 1.01); ++step) {
            double mid = hi / lo > 4 ? std::sqrt(lo * hi) : (lo + hi) / 2;
            if (integer) mid = std::floor(mid);
            if (mid <= lo || mid >= hi) break;
            (at(mid) ? hi : lo) = mid;
        }
        return hi;
    }

    static std::string number_text(double v, bool integer) {
        char buf[64];
        if (integer) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::llround(v)));
        else std::snprintf(buf, sizeof buf, "%.6g", v);
        return buf;
    }

private:
    const Evaluator& ev_;
    const Observation& obs_;
    const std::vector<const Hypothesis*>& under_;
};

void check_fixes(Diagnosis& d, const Evaluator& ev, const Observation& obs, const DiagnoseOptions& o) {
    std::vector<const Hypothesis*> under;
    for (const Hypothesis& h : d.ranked)
        if (h.fit.reproduces() && under.size() < kFixHypotheses) under.push_back(&h);
    if (under.empty()) return;
    const FixChecker checker(ev, obs, under);

    if (o.fix) {
        Config fix = *o.fix;
        plan_replay(obs, fix);
        FixCheck c;
        c.label = o.fix_name;
        checker.check(c, [&](const Hypothesis& h) { return with_sets(fix, h.sets); });
        d.fix_checks.push_back(std::move(c));
    }
    if (!o.fix_sets.empty()) {
        FixCheck c;
        c.label = "--fix-set";
        c.sets = o.fix_sets;
        checker.check(c, [&](const Hypothesis& h) { return with_sets(with_sets(ev.base(), h.sets), o.fix_sets); });
        d.fix_checks.push_back(std::move(c));
    }
    if (!o.propose_fixes) return;
    std::vector<std::string> seen;
    for (const Hypothesis* h : under) {
        for (const Part& part : h->fit.best.candidate) {
            for (const FixRow& row : part.mechanism->fixes) {
                const std::string label(row.label);
                if (std::find(seen.begin(), seen.end(), label) != seen.end()) continue;
                seen.push_back(label);
                FixCheck c;
                c.label = label;
                for (std::string_view s : row.sets) c.sets.emplace_back(s);
                if (!row.raise.empty()) {
                    const KeySpec* key = find_key(row.raise);
                    if (!key) throw std::logic_error("catalogue: unknown key " + std::string(row.raise));
                    c.raised_key = std::string(row.raise);
                    c.raised_value = checker.smallest_passing(*h, *key, row.raise_max);
                    if (!c.raised_value) continue;  // even the largest value fails: not a fix
                    c.sets.push_back(c.raised_key + "=" + FixChecker::number_text(*c.raised_value, key->type == KeyType::Int));
                }
                checker.check(c, [&](const Hypothesis& hh) { return with_sets(with_sets(ev.base(), hh.sets), c.sets); });
                d.fix_checks.push_back(std::move(c));
            }
        }
    }
    // Proposals that pass under every hypothesis first; the team's own fixes keep their place.
    const std::size_t own = (o.fix ? 1 : 0) + (o.fix_sets.empty() ? 0 : 1);
    std::stable_sort(d.fix_checks.begin() + static_cast<std::ptrdiff_t>(own), d.fix_checks.end(),
                     [](const FixCheck& a, const FixCheck& b) { return a.passes_all() > b.passes_all(); });
}

}  // namespace

RunResult replay_run(const Observation& obs, const Config& config, const Hypothesis& h) {
    Config cfg = config;
    plan_replay(obs, cfg);
    cfg.simulation.record_requests = true;
    return simulate(with_sets(cfg, h.sets));
}

bool FixCheck::passes_all() const {
    if (outcomes.empty()) return false;
    return std::all_of(outcomes.begin(), outcomes.end(), [](const FixOutcome& o) { return o.passing_seeds == o.seeds; });
}

Diagnosis diagnose(const Observation& obs, const Config& config, const DiagnoseOptions& o) {
    if (obs.requests.empty()) throw std::invalid_argument("the observation holds no requests to replay");
    std::vector<const Mechanism*> mechanisms;
    for (const std::string& id : o.mechanisms) {
        const Mechanism* m = find_mechanism(id);
        if (!m) throw std::invalid_argument("unknown mechanism '" + id + "' (known: " + mechanism_ids() + ")");
        mechanisms.push_back(m);
    }
    if (mechanisms.empty())
        for (const Mechanism& m : catalogue()) mechanisms.push_back(&m);

    Diagnosis d;
    d.observed = obs.requests.size();
    d.observed_statuses = count_statuses(obs);
    d.notes = obs.notes;
    d.seeds = std::max<std::size_t>(o.seeds, 1);
    d.first_seed = config.simulation.seed;

    Config base = config;
    const Replay replay = plan_replay(obs, base);
    d.notes.insert(d.notes.end(), replay.notes.begin(), replay.notes.end());
    Evaluator ev(base, obs, replay, d.seeds, o.jobs);
    ev.set_progress(o.progress);
    ev.set_cancel(o.cancelled);

    // The configuration alone, and how long the replayed traffic runs in it (span-relative priors).
    Fit as_configured;
    as_configured.best = ev.evaluate(std::vector<Candidate>(1)).front();
    as_configured.points = 1;
    const RunResult as_run = ev.example_run(Candidate{});
    for (std::size_t c = 0; c < kCauseCount; ++c)
        if (as_run.by_cause[c] > 0) as_configured.causes_produced |= std::uint32_t{1} << c;
    as_configured.prior_mass = as_configured.best.reproduces() ? 1.0 : 0.0;
    d.as_configured = hypothesis_of(std::move(as_configured));
    const double span = std::max(replay.observed_span_s, engine::to_seconds(as_run.duration));

    std::vector<Hypothesis> fits;
    for (const Mechanism* m : mechanisms) fits.push_back(hypothesis_of(fit_mechanism(ev, *m, span)));
    rank(fits);
    if (!fits.empty() && !fits.front().fit.reproduces()) {
        std::vector<Hypothesis> pairs;
        const std::size_t pool = std::min(kPairPool, fits.size());
        for (std::size_t i = 0; i < pool; ++i)
            for (std::size_t j = i + 1; j < pool; ++j) {
                Hypothesis h = hypothesis_of(fit_pair(ev, fits[i].fit, fits[j].fit, span));
                if (h.fit.reproduces()) pairs.push_back(std::move(h));
            }
        fits.insert(fits.begin(), std::make_move_iterator(pairs.begin()), std::make_move_iterator(pairs.end()));
        rank(fits);
    }
    d.ranked = std::move(fits);
    if (d.reproduced()) {
        const double top = d.ranked.front().fit.best.distance;
        for (const Hypothesis& h : d.ranked)
            if (h.fit.reproduces() && h.fit.best.distance - top < kIndistinct) d.indistinct.push_back(h.id);
        if (d.indistinct.size() < 2) d.indistinct.clear();
    }
    if (!d.indistinct.empty()) {
        std::vector<Candidate> candidates;
        for (std::size_t i = 0; i < d.indistinct.size(); ++i) candidates.push_back(d.ranked[i].fit.best.candidate);
        d.experiments = discriminate(ev.base(), candidates);
    }

    const std::string observed = "the observation has " + status_summary(d.observed_statuses);
    for (const std::string& s : o.suspects) {
        Suspect suspect;
        suspect.label = s;
        if (const Mechanism* m = find_mechanism(s)) {
            const auto it = std::find_if(d.ranked.begin(), d.ranked.end(), [&](const Hypothesis& h) { return h.id == m->id; });
            suspect.hypothesis = it != d.ranked.end() ? *it : hypothesis_of(fit_mechanism(ev, *m, span));
        } else if (s.find('=') != std::string::npos) {
            const auto sets = split_assignments(s);
            Fit fit;
            fit.best = ev.evaluate_runs(ev.runs_of(with_sets(ev.base(), sets)));
            fit.points = 1;
            for (const Agreement& a : fit.best.seeds) fit.causes_produced |= a.causes_produced;
            suspect.hypothesis.fit = std::move(fit);
            suspect.hypothesis.id = s;
            suspect.hypothesis.title = s;
            suspect.hypothesis.sets = sets;
        } else {
            throw std::invalid_argument("--suspect '" + s + "' is neither a mechanism (" + mechanism_ids() +
                                        ") nor preset assignments such as server.timeout=300");
        }
        if (suspect.hypothesis.fit.best.candidate.empty() && !suspect.hypothesis.sets.empty() && !suspect.hypothesis.fit.reproduces()) {
            Config c = with_sets(ev.base(), suspect.hypothesis.sets);
            c.simulation.record_requests = false;
            const RunResult r = ev.runs_of(c).front();
            suspect.verdict = "does not reproduce it: at best " + std::to_string(suspect.hypothesis.fit.best.median_matched()) + " of " +
                              std::to_string(d.observed) + " requests. With " + s + " the model answers " +
                              status_summary(r.by_status) + " where " + observed + ".";
        } else {
            suspect.verdict = verdict_for(suspect.hypothesis, obs, ev, observed);
        }
        d.suspects.push_back(std::move(suspect));
    }

    check_fixes(d, ev, obs, o);
    d.best_run = d.reproduced() ? ev.example_run(d.ranked.front().fit.best.candidate) : as_run;
    d.simulations = ev.simulations();
    return d;
}

}  // namespace gatetune::sim::diagnosis
