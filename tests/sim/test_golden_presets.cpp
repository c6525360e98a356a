// Every shipped preset against its expected outcome (NAME.expected beside NAME.toml): one
// data-driven driver, one row per preset found under presets/, exact counts for the preset's own
// seed. A preset without an expectation fails, and so does an expectation without its preset.
// GATETUNE_UPDATE_GOLDEN=1 rewrites the expectations (presets/README.md, "Expected outcomes").
#include "qtest_suite.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "golden_outcome.hpp"
#include "qtest_std_string.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/stack.hpp"

namespace fs = std::filesystem;
using namespace gatetune;
using testing::GoldenOutcome;
using testing::GoldenScope;

namespace {

const fs::path kPresets = fs::path(GATETUNE_SOURCE_DIR) / "presets";
constexpr const char* kUpdate = "GATETUNE_UPDATE_GOLDEN=1 ctest --test-dir build/release -R golden_presets";

bool updating() { return qEnvironmentVariableIsSet("GATETUNE_UPDATE_GOLDEN") && qgetenv("GATETUNE_UPDATE_GOLDEN") != "0"; }

// Files under presets/ (any depth) ending in `extension`, relative to presets/, sorted.
std::vector<fs::path> presets_files(std::string_view extension) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::recursive_directory_iterator(kPresets))
        if (entry.is_regular_file() && entry.path().extension() == extension) out.push_back(fs::relative(entry.path(), kPresets));
    std::sort(out.begin(), out.end());
    return out;
}

fs::path with_extension(fs::path p, std::string_view extension) { return p.replace_extension(extension); }

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_text(const fs::path& path, const std::string& text) {
    const fs::path tmp = with_extension(path, ".expected.tmp");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
    }
    fs::rename(tmp, path);  // never a half-written expectation
}

GoldenOutcome sample() {
    GoldenOutcome g;
    g.note = "a \"quoted\" note";
    g.counts = {{"seed", 7},          {"requests", 10},       {"worker_timeouts", 1},      {"worker_boots", 3},
                {"upstream_calls", 9}, {"upstream_abandoned", 0}, {"by_status.200", 6},   {"by_status.RemoteProtocolError", 4},
                {"by_cause.ok", 6},   {"by_cause.worker_killed", 4}, {"calls.1.200", 5},   {"calls.1.RemoteProtocolError", 0},
                {"calls.2.200", 1},   {"calls.10.RemoteProtocolError", 4}};
    return g;
}

}  // namespace

class TestGoldenPresets : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    fs::path write_sample(const char* name, const std::string& text) {
        const fs::path p = fs::path(dir_.path().toStdString()) / name;
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }

    QString read_error(const char* name, const std::string& text) {
        try {
            testing::read_golden(write_sample(name, text).string());
        } catch (const std::runtime_error& e) {
            return QString::fromUtf8(e.what());
        }
        return {};
    }

private slots:
    void presetMatchesItsExpectation_data() {
        QTest::addColumn<QString>("preset");
        const auto presets = presets_files(".toml");
        QVERIFY2(!presets.empty(), "no presets found under presets/");
        for (const fs::path& p : presets) QTest::newRow(p.generic_string().c_str()) << QString::fromStdString(p.generic_string());
    }

    void presetMatchesItsExpectation() {
        QFETCH(QString, preset);
        const fs::path path = kPresets / preset.toStdString();
        const fs::path expectation = with_extension(path, ".expected");
        const std::string shown = "presets/" + preset.toStdString();
        const std::string expectation_shown = "presets/" + with_extension(preset.toStdString(), ".expected").generic_string();
        const bool have = fs::exists(expectation);
        GoldenOutcome expected;
        if (have) {
            try {
                expected = testing::read_golden(expectation.string());
            } catch (const std::runtime_error& e) {
                if (!updating()) QFAIL(e.what());
            }
        }
        sim::RunResult run;
        try {
            run = sim::simulate(sim::load_preset(path.string()));
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QString::fromStdString(shown + " does not run: " + e.what())));
        }
        const GoldenScope scope = have ? expected.scope
                                       : run.requests > testing::kFullScopeMaxRequests ? GoldenScope::Counts : GoldenScope::Full;
        GoldenOutcome actual = testing::golden_outcome(run, scope);

        if (updating()) {
            actual.note = expected.note;
            const std::string text = testing::golden_text(actual, path.filename().string());
            if (have && read_text(expectation) == text) return;
            const std::string diff = have ? testing::golden_diff(expected, actual) : std::string();
            write_text(expectation, text);
            qInfo("%s %s%s%s", have ? "rewrote" : "wrote", expectation_shown.c_str(), diff.empty() ? "" : ":\n", diff.c_str());
            return;
        }
        if (!have)
            QFAIL(qPrintable(QString::fromStdString(shown + " has no expected outcome (" + expectation_shown +
                                                    "). Run it, check that the outcome shows what the preset's comments say, "
                                                    "then write the file with " + kUpdate + " and review it.")));
        const std::string diff = testing::golden_diff(expected, actual);
        if (!diff.empty())
            QFAIL(qPrintable(QString::fromStdString(shown + " (seed " + std::to_string(run.seed) + ") no longer gives the outcome in " +
                                                    expectation_shown + ":\n" + diff +
                                                    "If the change is intended, check that the preset still shows what its comments "
                                                    "say, then rewrite the expectation: " + kUpdate)));
    }

    void everyExpectationHasItsPreset() {
        for (const fs::path& e : presets_files(".expected")) {
            const fs::path preset = with_extension(e, ".toml");
            QVERIFY2(fs::exists(kPresets / preset),
                     qPrintable(QString::fromStdString("presets/" + e.generic_string() + " expects the outcome of presets/" +
                                                       preset.generic_string() + ", which does not exist: rename or delete it")));
        }
    }

    // The driver's own parts: what is written reads back unchanged, every differing count shows.
    void writtenTextReadsBack() {
        QVERIFY(dir_.isValid());
        const GoldenOutcome g = sample();
        const std::string text = testing::golden_text(g, "sample.toml");
        const GoldenOutcome back = testing::read_golden(write_sample("sample.expected", text).string());
        QCOMPARE(back.counts, g.counts);
        QCOMPARE(back.note, g.note);
        QVERIFY(back.scope == GoldenScope::Full);
        QCOMPARE(testing::golden_text(back, "sample.toml"), text);
        QVERIFY2(text.find("\n2 = { 200 = 1 }\n") != std::string::npos, text.c_str());  // calls in numeric order
        QVERIFY(text.find("\n10 = {") > text.find("\n2 = {"));
    }

    void diffShowsEveryDifferingCount() {
        const GoldenOutcome expected = sample();
        QCOMPARE(testing::golden_diff(expected, expected), std::string());
        GoldenOutcome actual = expected;
        actual.counts["by_cause.ok"] = 5;               // changed
        actual.counts.erase("calls.2.200");             // gone
        actual.counts["by_status.500"] = 1;             // new
        actual.counts["calls.1.RemoteProtocolError"] = 0;  // absent and 0 are the same
        const std::string diff = testing::golden_diff(expected, actual);
        QVERIFY2(diff.find("by_cause.ok") != std::string::npos && diff.find("calls.2.200") != std::string::npos &&
                     diff.find("by_status.500") != std::string::npos,
                 diff.c_str());
        QVERIFY2(diff.find("RemoteProtocolError") == std::string::npos, diff.c_str());
        QVERIFY2(QString::fromStdString(diff).contains(QRegularExpression("by_status\\.500 +- +1\n")), diff.c_str());
    }

    void countsScopePinsOnlyStatusAndCause() {
        sim::RunResult run;
        run.seed = 3;
        run.requests = 2;
        run.by_status["200"] = 2;
        run.by_cause[0] = 2;
        run.worker_boots = 4;
        run.calls.push_back({});
        run.calls.back().by_status["200"] = 2;
        const GoldenOutcome counts = testing::golden_outcome(run, GoldenScope::Counts);
        QCOMPARE(counts.counts.size(), std::size_t{4});  // seed, requests, by_status.200, by_cause.ok
        const GoldenOutcome full = testing::golden_outcome(run, GoldenScope::Full);
        QCOMPARE(full.counts.at("worker_boots"), std::int64_t{4});
        QCOMPARE(full.counts.at("calls.1.200"), std::int64_t{2});
    }

    void badExpectationSaysWhereAndWhat() {
        QVERIFY(dir_.isValid());
        QVERIFY(read_error("syntax.expected", "requests = \n").contains("syntax.expected:1:"));
        const QString unknown = read_error("unknown.expected", "requests = 1\nrequest = 2\n");
        QVERIFY2(unknown.contains("unknown.expected:2:") && unknown.contains("unknown key \"request\"") && unknown.contains("allowed:"),
                 qPrintable(unknown));
        QVERIFY(read_error("cause.expected", "[by_cause]\nok = 1\ndb_pool_timout = 2\n").contains("cause.expected:3: unknown cause \"db_pool_timout\""));
        QVERIFY(read_error("negative.expected", "requests = -1\n").contains("requests must be a count"));
        QVERIFY(read_error("float.expected", "[by_status]\n200 = 1.5\n").contains("by_status.200 must be a count"));
        QVERIFY(read_error("call.expected", "[calls]\n0 = { 200 = 1 }\n").contains("numbered from 1"));
        QVERIFY(read_error("scope.expected", "scope = \"some\"\n").contains("scope must be"));
        QVERIFY(read_error("empty.expected", "").isEmpty());  // valid, and every count of a run then differs from it
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, testing::read_golden((fs::path(dir_.path().toStdString()) / "absent").string()));
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestGoldenPresets)
#include "test_golden_presets.moc"
