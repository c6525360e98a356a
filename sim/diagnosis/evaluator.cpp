#include "sim/diagnosis/evaluator.hpp"

#include <algorithm>

#include "sim/preset/preset_io.hpp"
#include "sim/run_control.hpp"
#include "sim/stack.hpp"

namespace gatetune::sim::diagnosis {

namespace {
constexpr double kRefused = 1e9;
}  // namespace

std::size_t Evaluated::median_matched() const {
    if (seeds.empty()) return 0;
    std::vector<std::size_t> m;
    for (const Agreement& a : seeds) m.push_back(a.matched);
    std::sort(m.begin(), m.end());
    return m[m.size() / 2];
}

Evaluator::Evaluator(const Config& base, const Observation& obs, const Replay& replay, std::size_t seeds, unsigned jobs)
    : base_(base), obs_(obs), replay_(replay), seeds_(std::max<std::size_t>(seeds, 1)), jobs_(jobs) {
    base_.simulation.record_requests = true;
}

std::vector<Evaluated> Evaluator::evaluate(const std::vector<Candidate>& candidates) {
    std::vector<Evaluated> out(candidates.size());
    std::vector<std::optional<Config>> configs(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        out[i].candidate = candidates[i];
        out[i].seeds.resize(seeds_);
        try {
            configs[i] = apply_candidate(base_, candidates[i]);
        } catch (const PresetError&) {
            out[i].valid = false;  // e.g. an outage window beyond the schema's bounds
        }
    }
    const std::size_t runs = candidates.size() * seeds_;
    experiment::run_parallel(
        runs, jobs_,
        [&](std::size_t k) {
            stop_if_cancelled();  // outside the try below: a cancelled run must not score as refused
            const std::size_t i = k / seeds_, s = k % seeds_;
            if (!configs[i]) return;
            Config cfg = *configs[i];
            cfg.simulation.seed = base_.simulation.seed + s;
            try {
                out[i].seeds[s] = agree(obs_, replay_, simulate(cfg));
            } catch (const std::exception&) {  // a combination the model refuses: scores as far away
                out[i].seeds[s].distance = kRefused;
            }
            simulations_.fetch_add(1);
        },
        progress_ ? experiment::ProgressFn([this](std::size_t, std::size_t) { progress_(simulations_.load(), 0); })
                  : experiment::ProgressFn{});
    for (Evaluated& e : out) {
        if (!e.valid) {
            e.distance = kRefused;
            continue;
        }
        double sum = 0;
        for (const Agreement& a : e.seeds) {
            sum += a.distance;
            if (a.reproduces) ++e.reproducing_seeds;
        }
        e.distance = sum / static_cast<double>(e.seeds.size());
    }
    return out;
}

Evaluated Evaluator::evaluate_runs(const std::vector<RunResult>& runs) const {
    Evaluated e;
    double sum = 0;
    for (const RunResult& r : runs) {
        e.seeds.push_back(agree(obs_, replay_, r));
        sum += e.seeds.back().distance;
        if (e.seeds.back().reproduces) ++e.reproducing_seeds;
    }
    e.distance = runs.empty() ? kRefused : sum / static_cast<double>(runs.size());
    return e;
}

void Evaluator::stop_if_cancelled() const {
    if (cancelled_ && cancelled_()) throw RunCancelled();
}

RunResult Evaluator::example_run(const Candidate& c) const {
    stop_if_cancelled();
    simulations_.fetch_add(1);
    return simulate(apply_candidate(base_, c));
}

std::vector<RunResult> Evaluator::runs_of(const Config& cfg) const {
    std::vector<RunResult> out(seeds_);
    experiment::run_parallel(seeds_, jobs_, [&](std::size_t s) {
        stop_if_cancelled();
        Config c = cfg;
        c.simulation.record_requests = true;
        c.simulation.seed = base_.simulation.seed + s;
        out[s] = simulate(c);
    });
    simulations_.fetch_add(seeds_);
    return out;
}

}  // namespace gatetune::sim::diagnosis
