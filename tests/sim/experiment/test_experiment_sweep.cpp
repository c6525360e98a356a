// Sweeps: a point is exactly the single simulation of its configuration and seed; replications
// are means over consecutive seeds; the output does not depend on the number of jobs; and the
// shards' outputs merge into the unsharded output byte for byte (or a clear error).
#include "qtest_suite.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "qtest_std_string.hpp"
#include "sim/experiment/experiment_error.hpp"
#include "sim/experiment/parallel.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/experiment/sweep_merge.hpp"
#include "sim/experiment/sweep_output.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/stack.hpp"
#include "tiny_preset.hpp"

using namespace gatetune;
using namespace gatetune::sim::experiment;

namespace {

sim::Config tiny() { return sim::parse_preset(test::kTinyPreset, "tiny.toml"); }

SweepSpec spec(std::size_t replications = 1, Shard shard = {}) {
    return {tiny(), Grid(parse_axes({"db_pool.pool_size=4..6", "server.workers=1,2"})), replications, shard};
}

std::string output(const SweepResult& r, SweepFormat f) {
    std::ostringstream out;
    write_sweep(out, r, f);
    return out.str();
}

// The shards' outputs of `count` shards, in reverse order (merge must not care).
std::vector<ShardOutput> shard_outputs(std::size_t count, SweepFormat f, std::size_t replications = 1) {
    std::vector<ShardOutput> out;
    for (std::size_t i = count; i >= 1; --i) {
        out.push_back({"shard" + std::to_string(i), output(run_sweep(spec(replications, {i, count}), 2), f)});
    }
    return out;
}

std::string merge_error(const std::vector<ShardOutput>& shards) {
    try {
        merge_sweep_outputs(shards);
    } catch (const ExperimentError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

class TestExperimentSweep : public QObject {
    Q_OBJECT
private slots:
    void aPointIsTheSingleRunOfItsConfigurationAndSeed() {
        const SweepSpec s = spec();
        const SweepResult r = run_sweep(s, 2);
        QCOMPARE(r.points.size(), std::size_t{6});
        bool some_fail = false, some_pass = false;
        for (const SweepPoint& p : r.points) {
            // A plain run of the same configuration, with per-request records as the preset says.
            const sim::Config config = s.grid.apply(s.base, p.index);
            QVERIFY(config.simulation.record_requests);
            const RunFigures single = measure(sim::simulate(config), config.slo);
            QCOMPARE(p.result.seeds, (std::vector<std::uint64_t>{config.simulation.seed}));
            for (std::size_t f = 0; f < single.values.size(); ++f) {
                QVERIFY2(p.result.figures[f].mean == single.values[f], figure_names()[f].c_str());
            }
            QCOMPARE(p.result.slo_holds(), all_passed(single.slo));
            (p.result.slo_holds() ? some_pass : some_fail) = true;
        }
        QVERIFY2(some_fail && some_pass, "the tiny grid crosses the pool boundary");
    }

    void replicationsAreMeansOverConsecutiveSeeds() {
        const SweepSpec s = spec(3);
        const SweepResult r = run_sweep(s, 2);
        const SweepPoint& p = r.points[1];
        QCOMPARE(p.result.seeds, (std::vector<std::uint64_t>{1, 2, 3}));
        const std::size_t p99 = static_cast<std::size_t>(
            std::find(figure_names().begin(), figure_names().end(), "p99_s") - figure_names().begin());
        std::vector<double> values;
        for (const std::uint64_t seed : p.result.seeds) {
            sim::Config c = s.grid.apply(s.base, p.index);
            c.simulation.seed = seed;
            values.push_back(measure(sim::simulate(c), c.slo).values[p99]);
        }
        QCOMPARE(p.result.figures[p99].mean, estimate(values).mean);
        QCOMPARE(p.result.figures[p99].ci95, estimate(values).ci95);
        QVERIFY(p.result.figures[p99].has_interval());
    }

    void outputDoesNotDependOnJobs() {
        for (const SweepFormat f : {SweepFormat::Csv, SweepFormat::Json}) {
            const std::string one = output(run_sweep(spec(2), 1), f);
            QCOMPARE(output(run_sweep(spec(2), 2), f), one);
            QCOMPARE(output(run_sweep(spec(2), 5), f), one);
        }
    }

    void runnerFillsEverySlotReportsProgressAndRethrows() {
        for (const unsigned jobs : {0u, 1u, 2u, 7u}) {
            std::vector<int> cells(100, -1);
            std::vector<std::size_t> seen;
            run_parallel(cells.size(), jobs, [&](std::size_t i) { cells[i] = static_cast<int>(i * i); },
                         [&](std::size_t done, std::size_t total) {
                             QCOMPARE(total, std::size_t{100});
                             seen.push_back(done);
                         });
            for (std::size_t i = 0; i < cells.size(); ++i) QCOMPARE(cells[i], static_cast<int>(i * i));
            QCOMPARE(seen.size(), std::size_t{100});
            QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        }
        // Single-threaded, the first failure stops the run and is the one rethrown.
        try {
            run_parallel(10, 1, [](std::size_t i) {
                if (i >= 3) throw std::runtime_error("task " + std::to_string(i));
            });
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            QCOMPARE(std::string(e.what()), std::string("task 3"));
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, run_parallel(50, 2, [](std::size_t i) {
                                     if (i % 7 == 6) throw std::runtime_error("boom");
                                 }));
        run_parallel(0, 2, [](std::size_t) { QFAIL("no task for an empty run"); });
    }

    void csvHasOneRowPerPointWithTheAgreedColumns() {
        const std::string csv = output(run_sweep(spec(), 2), SweepFormat::Csv);
        std::istringstream in(csv);
        std::string header;
        std::getline(in, header);
        QVERIFY(header.starts_with("preset,point,grid_points,replications,seed,db_pool.pool_size,server.workers,requests,requests_ci95,error_rate,"));
        for (const char* column : {",cause_rate.db_pool_timeout,", ",p50_s,", ",p99_s,", ",peak_db_connections,", ",peak_http_connections,",
                                   ",slo,slo_failed_seeds,slo_failed_checks"}) {
            QVERIFY2(header.find(column) != std::string::npos, column);
        }
        std::size_t rows = 0;
        for (std::string line; std::getline(in, line);) ++rows;
        QCOMPARE(rows, std::size_t{6});
        QVERIFY(csv.find("tiny,0,6,1,1,4,1,24,,") != std::string::npos);  // one seed: empty CI cells
    }

    void shardsMergeIntoTheUnshardedOutput() {
        for (const SweepFormat f : {SweepFormat::Csv, SweepFormat::Json}) {
            const std::string whole = output(run_sweep(spec(), 2), f);
            for (const std::size_t n : {1, 2, 4, 8}) {  // 8 > 6 points: two shards are empty
                QCOMPARE(merge_sweep_outputs(shard_outputs(n, f)), whole);
            }
        }
    }

    void mergeRefusesIncompleteRepeatedOrForeignShards() {
        for (const SweepFormat f : {SweepFormat::Csv, SweepFormat::Json}) {
            std::vector<ShardOutput> shards = shard_outputs(3, f);
            std::vector<ShardOutput> missing(shards.begin(), shards.begin() + 2);
            QVERIFY(merge_error(missing).find("2 of 6 points are missing (0, 3)") != std::string::npos);
            std::vector<ShardOutput> repeated = shards;
            repeated.push_back(shards.front());
            QVERIFY(merge_error(repeated).find("is also in") != std::string::npos);
            std::vector<ShardOutput> foreign = shards;
            foreign[0] = shard_outputs(3, f, 2)[0];  // same grid, other replications
            const std::string message = merge_error(foreign);
            QVERIFY2(message.find("different sweep") != std::string::npos || message.find("differ") != std::string::npos, message.c_str());
        }
        const std::vector<ShardOutput> mixed = {shard_outputs(2, SweepFormat::Csv)[0], shard_outputs(2, SweepFormat::Json)[1]};
        QVERIFY(merge_error(mixed).find("merge outputs of one format") != std::string::npos);
        QVERIFY(merge_error({{"x.json", "{ not json"}}).find("x.json: not valid JSON") != std::string::npos);
        QVERIFY(merge_error({{"x.csv", "a,b\n1,2\n"}}).find("no column \"point\"") != std::string::npos);
        QVERIFY(merge_error({}).find("no shard outputs") != std::string::npos);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestExperimentSweep)
#include "test_experiment_sweep.moc"
