// validate(): valid means no rule error and the [slo] met on each of K seeds (simulation.seed,
// +1, … +K−1); the report's text and JSON forms carry the verdict, findings and per-seed runs.
#include "qtest_suite.hpp"

#include <sstream>
#include <stdexcept>
#include <string>

#include "qtest_std_string.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/validation/report.hpp"
#include "sim/validation/validate.hpp"

using namespace gatetune;
namespace va = sim::validation;

namespace {
const std::string kClean = std::string(GATETUNE_SOURCE_DIR) + "/tests/sim/validation/fixtures/clean.toml";
std::string preset(const char* name) { return std::string(GATETUNE_SOURCE_DIR) + "/presets/" + name; }
}  // namespace

class TestValidate : public QObject {
    Q_OBJECT
private slots:
    void cleanConfigurationIsValid() {
        const va::ValidationReport r = va::validate(sim::load_preset(kClean), 3);
        QVERIFY(r.valid());
        QCOMPARE(r.verdict(), std::string("valid"));
        QCOMPARE(r.runs.size(), std::size_t{3});
        QCOMPARE(r.runs[0].seed, std::uint64_t{1});
        QCOMPARE(r.runs[2].seed, std::uint64_t{3});
        QVERIFY(r.slo_configured);
        for (const auto& run : r.runs) {
            QCOMPARE(run.checks.size(), std::size_t{1});
            QVERIFY(run.requests > 0);
        }
    }

    void seedsStartAtTheConfiguredSeed() {
        sim::Config cfg = sim::load_preset(kClean, {"simulation.seed=41"});
        const va::ValidationReport r = va::validate(cfg, 2);
        QCOMPARE(r.runs[0].seed, std::uint64_t{41});
        QCOMPARE(r.runs[1].seed, std::uint64_t{42});
    }

    void aRuleErrorMakesItInvalid() {
        const va::ValidationReport r = va::validate(sim::load_preset(preset("seed-fixed.toml")), 1);
        QVERIFY(!r.valid());
        QVERIFY(r.slo_configured);
        QVERIFY(r.slo_passed());  // its [slo] holds: the rule's error alone makes it invalid
        QCOMPARE(r.verdict(), std::string("1 error (GT001)"));
    }

    void aFailedSloMakesItInvalid() {
        // 40 users on one worker's 15 connections: QueuePool timeouts on every seed.
        const sim::Config cfg = sim::load_preset(preset("failure-modes/db-pool-exhaustion.toml"), {"slo.max_error_rate=0"});
        const va::ValidationReport r = va::validate(cfg, 2);
        QVERIFY(!r.slo_passed());
        QVERIFY(!r.valid());
        QVERIFY2(r.verdict().find("SLO failed on seeds 1, 2") != std::string::npos, r.verdict().c_str());
        QVERIFY(va::slo_summary(r.runs[0]).starts_with("FAILED: max_error_rate"));
    }

    void seedsOutOfRangeAreRefused() {
        const sim::Config cfg = sim::load_preset(kClean);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, va::validate(cfg, 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, va::validate(cfg, va::kMaxSeeds + 1));
    }

    void sameConfigurationSameReport() {
        const sim::Config cfg = sim::load_preset(kClean);
        QCOMPARE(va::validation_json(va::validate(cfg, 2)).dump(), va::validation_json(va::validate(cfg, 2)).dump());
    }

    void jsonHasTheDocumentedShape() {
        const auto j = va::validation_json(va::validate(sim::load_preset(preset("seed-fixed.toml")), 1));
        for (const char* key : {"preset", "hash", "version", "valid", "verdict", "counts", "findings", "slo_configured", "runs"}) {
            QVERIFY2(j.contains(key), key);
        }
        QCOMPARE(j["valid"].get<bool>(), false);
        QCOMPARE(j["counts"]["error"].get<int>(), 1);
        const auto& f = j["findings"][0];
        QCOMPARE(f["rule"].get<std::string>(), std::string("GT001"));
        QCOMPARE(f["severity"].get<std::string>(), std::string("error"));
        for (const char* key : {"name", "message", "keys", "explanation", "model_ref"}) QVERIFY2(f.contains(key), key);
        QCOMPARE(j["runs"][0]["seed"].get<int>(), 1);
    }

    void textEndsWithTheVerdict() {
        std::ostringstream out;
        va::write_validation_text(out, va::validate(sim::load_preset(preset("seed-fixed.toml")), 1));
        const std::string text = out.str();
        QVERIFY(text.find("GT001  error") != std::string::npos);
        QVERIFY(text.find("MODEL.md §3, §6") != std::string::npos);
        QVERIFY(text.ends_with("Result: NOT VALID — 1 error (GT001)\n"));
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestValidate)
#include "test_validate.moc"
