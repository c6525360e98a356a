#include "sim/experiment/replication.hpp"

#include <algorithm>

#include "sim/outcome.hpp"
#include "sim/stack.hpp"

namespace gatetune::sim::experiment {

const std::vector<std::string>& figure_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n{"requests", "error_rate"};
        for (std::size_t c = 1; c < kCauseCount; ++c) n.push_back("cause_rate." + std::string(to_string(static_cast<Cause>(c))));
        for (const char* tail : {"p50_s", "p99_s", "peak_db_connections", "peak_http_connections"}) n.emplace_back(tail);
        return n;
    }();
    return names;
}

RunFigures measure(const RunResult& r, const SloConfig& slo) {
    RunFigures f;
    f.values.reserve(figure_names().size());
    const double n = static_cast<double>(r.requests);
    f.values.push_back(n);
    f.values.push_back(r.error_rate());
    for (std::size_t c = 1; c < kCauseCount; ++c) f.values.push_back(n > 0 ? static_cast<double>(r.by_cause[c]) / n : 0.0);
    // Percentiles as the SLO sees them (sim/slo.cpp): all requests, failed ones included.
    for (const double q : {50.0, 99.0}) f.values.push_back(r.latency.empty() ? 0.0 : engine::to_seconds(r.latency.percentile(q)));
    f.values.push_back(static_cast<double>(r.peaks.db_connections_total));
    f.values.push_back(static_cast<double>(r.peaks.http_connections));
    f.slo = evaluate_slo(slo, r);
    return f;
}

Config replication_config(const Config& config, std::uint64_t seed) {
    Config c = config;
    c.simulation.seed = seed;
    c.simulation.record_requests = false;
    return c;
}

std::vector<std::uint64_t> replication_seeds(std::uint64_t first, std::size_t count) {
    std::vector<std::uint64_t> seeds(count);
    for (std::size_t i = 0; i < count; ++i) seeds[i] = first + i;
    return seeds;
}

bool Replicated::slo_holds() const noexcept {
    return std::all_of(slo.begin(), slo.end(), [](const SloSummary& s) { return s.passed(); });
}

std::size_t Replicated::failed_seed_count() const {
    std::vector<std::uint64_t> failed;
    for (const SloSummary& s : slo) failed.insert(failed.end(), s.failed_seeds.begin(), s.failed_seeds.end());
    std::sort(failed.begin(), failed.end());
    return static_cast<std::size_t>(std::unique(failed.begin(), failed.end()) - failed.begin());
}

Replicated replicate(const std::vector<std::uint64_t>& seeds, const std::vector<RunFigures>& runs) {
    Replicated out;
    out.seeds = seeds;
    const std::size_t figures = figure_names().size();
    std::vector<double> column(runs.size());
    for (std::size_t f = 0; f < figures; ++f) {
        for (std::size_t r = 0; r < runs.size(); ++r) column[r] = runs[r].values[f];
        out.figures.push_back(estimate(column));
    }
    // Every run of one configuration has the same [slo], hence the same checks in the same order.
    const std::size_t checks = runs.empty() ? 0 : runs.front().slo.size();
    for (std::size_t k = 0; k < checks; ++k) {
        SloSummary s;
        s.name = runs.front().slo[k].name;
        s.unit = runs.front().slo[k].unit;
        s.limit = runs.front().slo[k].limit;
        for (std::size_t r = 0; r < runs.size(); ++r) {
            column[r] = runs[r].slo[k].measured;
            if (!runs[r].slo[k].passed) s.failed_seeds.push_back(seeds[r]);
        }
        s.measured = estimate(column);
        out.slo.push_back(std::move(s));
    }
    return out;
}

std::vector<Replicated> run_replicated(std::size_t count, const std::function<Config(std::size_t)>& config_of,
                                       std::size_t seeds, unsigned jobs, const ProgressFn& progress) {
    std::vector<RunFigures> runs(count * seeds);
    std::vector<std::vector<std::uint64_t>> seed_lists(count);
    for (std::size_t i = 0; i < count; ++i) seed_lists[i] = replication_seeds(config_of(i).simulation.seed, seeds);
    run_parallel(
        runs.size(), jobs,
        [&](std::size_t task) {
            const std::size_t i = task / seeds;
            const Config config = replication_config(config_of(i), seed_lists[i][task % seeds]);
            runs[task] = measure(simulate(config), config.slo);
        },
        progress);
    std::vector<Replicated> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::vector<RunFigures> mine(runs.begin() + static_cast<std::ptrdiff_t>(i * seeds),
                                           runs.begin() + static_cast<std::ptrdiff_t>((i + 1) * seeds));
        out.push_back(replicate(seed_lists[i], mine));
    }
    return out;
}

}  // namespace gatetune::sim::experiment
