// tune: its answer passes on every seed, each next-cheaper neighbour fails (checked here with
// independent simulations, not with tune's own bookkeeping), it is the cheapest passing point
// of the whole grid when the response is monotone, and it costs far fewer simulations.
#include "qtest_suite.hpp"

#include <optional>
#include <string>

#include "qtest_std_string.hpp"
#include "sim/experiment/capacity.hpp"
#include "sim/experiment/experiment_error.hpp"
#include "sim/experiment/grid.hpp"
#include "sim/experiment/objective.hpp"
#include "sim/experiment/tune.hpp"
#include "sim/experiment/tune_report.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/stack.hpp"
#include "tiny_preset.hpp"

using namespace gatetune;
using namespace gatetune::sim::experiment;

namespace {

constexpr std::size_t kSeeds = 2;

sim::Config tiny() { return sim::parse_preset(test::kTinyPreset, "tiny.toml"); }

// Independently of tune: static rules clean and the SLO met on every seed.
bool passes(const sim::Config& config) {
    if (has_errors(static_findings(config))) return false;
    for (std::uint64_t seed = config.simulation.seed; seed < config.simulation.seed + kSeeds; ++seed) {
        sim::Config c = config;
        c.simulation.seed = seed;
        if (!sim::all_passed(sim::evaluate_slo(c.slo, sim::simulate(c)))) return false;
    }
    return true;
}

TuneSpec spec(std::vector<std::string> vary, std::optional<Expression> minimize = std::nullopt) {
    return {tiny(), parse_axes(vary), kSeeds, std::move(minimize)};
}

// The answer, and one step down on every capacity axis (values ascending), checked afresh.
void verify_answer_and_neighbours(const TuneSpec& s, const TuneResult& r) {
    QVERIFY(r.found);
    QVERIFY2(passes(r.best), "the answer passes");
    for (const Axis& axis : s.axes) {
        if (!is_monotone_axis(axis)) continue;
        const sim::Value current = axis.key->get(r.best);
        std::optional<sim::Value> below;
        for (const sim::Value& v : axis.values) {
            if (std::get<std::int64_t>(v) < std::get<std::int64_t>(current) &&
                (!below || std::get<std::int64_t>(v) > std::get<std::int64_t>(*below))) below = v;
        }
        if (!below) continue;
        sim::Config neighbour = r.best;
        axis.key->set(neighbour, *below);
        QVERIFY2(!passes(neighbour), (std::string(axis.name()) + "=" + sim::format_value(*below) + " passes but is cheaper").c_str());
    }
}

}  // namespace

class TestExperimentTune : public QObject {
    Q_OBJECT
private slots:
    void answerPassesAndEachNextCheaperNeighbourFails() {
        const TuneSpec s = spec({"db_pool.pool_size=1..8", "db_pool.max_overflow=0..4", "server.workers=1..3"});
        const TuneResult r = tune(s, 2);
        verify_answer_and_neighbours(s, r);
        QVERIFY(!r.neighbours.empty());
        for (const Neighbour& n : r.neighbours) QVERIFY2(!n.verdict.passes(), n.change.c_str());
        QCOMPARE(r.grid_points, std::size_t{120});
        QCOMPARE(r.simulations, r.candidates * kSeeds);
        QVERIFY2(r.candidates * 3 < r.grid_points, qPrintable(QString("%1 candidates").arg(r.candidates)));
        QCOMPARE(r.bisected, (std::vector<std::string>{"db_pool.pool_size", "db_pool.max_overflow", "server.workers"}));
    }

    void answerIsTheCheapestPassingPointOfTheWholeGrid() {
        const TuneSpec s = spec({"db_pool.pool_size=1..8", "db_pool.max_overflow=0..2", "server.workers=1..2"});
        const TuneResult r = tune(s, 2);
        QVERIFY(r.found);
        // Brute force over the same grid, cheapest first by the default objective.
        const Grid grid(s.axes);
        const Objective objective(s.axes, std::nullopt);
        std::optional<std::pair<Cost, std::size_t>> best;
        for (std::size_t p = 0; p < grid.size(); ++p) {
            const sim::Config c = grid.apply(s.base, p);
            if (!passes(c)) continue;
            const Cost cost = objective.cost(c, 0);
            if (!best || cost < best->first) best = {cost, p};
        }
        QVERIFY(best);
        const sim::Config expected = grid.apply(s.base, best->second);
        QCOMPARE(total_db_connections(r.best), total_db_connections(expected));
        QCOMPARE(r.best.server.workers, expected.server.workers);
    }

    void gridAxesAndCustomObjectives() {
        // pool_timeout is not a capacity: searched as a grid; a longer wait lets fewer connections pass.
        const TuneSpec s = spec({"db_pool.pool_size=1..12", "db_pool.pool_timeout=0.5,2.0,5.0"});
        const TuneResult r = tune(s, 2);
        verify_answer_and_neighbours(s, r);
        QCOMPARE(r.bisected, (std::vector<std::string>{"db_pool.pool_size"}));
        // Minimising the wait instead: the shortest pool_timeout that can pass at all.
        const TuneResult t = tune(spec({"db_pool.pool_size=1..12", "db_pool.pool_timeout=0.5,2.0,5.0"},
                                       Expression::parse("db_pool.pool_timeout")), 2);
        QVERIFY(t.found);
        QVERIFY(passes(t.best));
        QVERIFY(t.best.db_pool.pool_timeout <= r.best.db_pool.pool_timeout);
        QVERIFY(t.objective.starts_with("smallest db_pool.pool_timeout"));
    }

    void zeroMeansUnlimitedIsNotBisected() {
        QVERIFY(!is_monotone_axis(parse_axis("upstream.slots=0,4,8")));
        QVERIFY(is_monotone_axis(parse_axis("upstream.slots=2,4,8")));
        QVERIFY(!is_monotone_axis(parse_axis("db_pool.pool_timeout=1,2")));
        QVERIFY(is_monotone_axis(parse_axis("server.workers=4,1,2")));
    }

    void nothingPassesIsReportedNotInvented() {
        const TuneResult r = tune(spec({"db_pool.pool_size=1..2"}), 1);
        QVERIFY(!r.found);
        QVERIFY(r.candidates >= 1);
        std::ostringstream text;
        write_tune_text(text, "tiny.toml", tiny(), r);
        QVERIFY(text.str().find("No configuration on the grid passes") != std::string::npos);
    }

    void staticErrorsExcludePointsWithoutSimulating() {
        TuneSpec s = spec({"db_pool.pool_size=20..22"});
        s.base.db_server.max_connections = 15;  // 20+ connections cannot fit: rule GT001
        const TuneResult r = tune(s, 1);
        QVERIFY(!r.found);
        QCOMPARE(r.candidates, std::size_t{0});
        QCOMPARE(r.rejected_statically, std::size_t{3});
        QVERIFY(r.cheapest_rejected);
        QCOMPARE(r.cheapest_rejected->change, std::string("db_pool.pool_size=20"));
        QVERIFY(failure_reason(r.cheapest_rejected->verdict).find("GT001") != std::string::npos);
    }

    void refusesWhatCannotBeTuned() {
        TuneSpec no_slo = spec({"db_pool.pool_size=1..4"});
        no_slo.base.slo = {};
        QVERIFY_THROWS_EXCEPTION(ExperimentError, tune(no_slo, 1));
        QVERIFY_THROWS_EXCEPTION(ExperimentError, tune(spec({}), 1));
    }

    void reportShowsTheDiffValidationAndSimulations() {
        const TuneResult r = tune(spec({"db_pool.pool_size=1..12"}), 2);
        QVERIFY(r.found);
        std::ostringstream text;
        write_tune_text(text, "tiny.toml", tiny(), r);
        const std::string t = text.str();
        for (const char* part : {"db_pool.pool_size", "Validation:", "SLO over 2 seeds (1, 2)", "Each next-cheaper neighbour fails",
                                 "simulations:", "the full grid would take 24"}) {
            QVERIFY2(t.find(part) != std::string::npos, part);
        }
        const auto json = tune_json("tiny.toml", tiny(), r);
        QCOMPARE(json["found"].get<bool>(), true);
        QCOMPARE(json["changes"][0]["key"].get<std::string>(), std::string("db_pool.pool_size"));
        QCOMPARE(json["full_grid_simulations"].get<std::size_t>(), std::size_t{24});
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestExperimentTune)
#include "test_experiment_tune.moc"
