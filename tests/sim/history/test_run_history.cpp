// The run history: runs are stored with their preset, summary and series, listed newest first,
// searched, loaded back and deleted; the file is owner-only; a file that is not a history is a
// HistoryError naming the file; the differences between two runs are listed.
#include <QTemporaryDir>
#include "qtest_suite.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>

#include "qtest_std_string.hpp"
#include "sim/history/run_diff.hpp"
#include "sim/history/run_history.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/stack.hpp"

using namespace gatetune;
using sim::history::HistoryError;
using sim::history::RunHistory;

namespace {
std::string presetPath(const char* name) { return std::string(GATETUNE_SOURCE_DIR "/presets/") + name; }

sim::history::RunRecord recordOf(const char* preset) {
    const sim::Config cfg = sim::load_preset(presetPath(preset));
    std::ifstream in(presetPath(preset));
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return sim::history::make_run_record(sim::simulate(cfg), cfg, text, "test");
}
}  // namespace

class TestRunHistory : public QObject {
    Q_OBJECT
private slots:
    void storesListsSearchesLoadsAndDeletes() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("sub/history.sqlite3").toStdString();
        RunHistory history(path);
        struct stat st{};
        QCOMPARE(stat(path.c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);

        const auto incident = recordOf("seed-incident.toml");
        const auto fixed = recordOf("seed-fixed.toml");
        const std::int64_t a = history.add(incident);
        const std::int64_t b = history.add(fixed);
        QVERIFY(b > a);
        const auto all = history.list();
        QCOMPARE(all.size(), std::size_t{2});
        QCOMPARE(all[0].id, b);
        QCOMPARE(all[0].preset_name, std::string("seed-fixed"));
        QCOMPARE(all[1].requests, std::uint64_t{12});
        QCOMPARE(all[1].source, std::string("test"));
        QVERIFY(!all[1].created_at.empty());
        QCOMPARE(history.list("SEED-INCIDENT").size(), std::size_t{1});
        QCOMPARE(history.list(incident.preset_hash).size(), std::size_t{1});
        QCOMPARE(history.list("per_request").size(), std::size_t{1});  // the preset text is searched too
        QCOMPARE(history.list("100%").size(), std::size_t{0});         // LIKE wildcards are literal

        const auto loaded = history.load(a);
        QCOMPARE(loaded.preset_text, incident.preset_text);
        QCOMPARE(loaded.preset_hash, incident.preset_hash);
        QCOMPARE(loaded.summary.dump(), incident.summary.dump());
        QCOMPARE(loaded.timeseries.dump(), incident.timeseries.dump());
        QVERIFY(!sim::history::series_column(loaded.timeseries, "in_flight").empty());

        QVERIFY(history.remove(a));
        QVERIFY(!history.remove(a));
        QVERIFY_THROWS_EXCEPTION(HistoryError, history.load(a));
        RunHistory reopened(path);  // a second connection sees the same runs
        QCOMPARE(reopened.list().size(), std::size_t{1});
    }

    void aDamagedOrForeignFileIsAClearError() {
        QTemporaryDir dir;
        const std::string garbage = dir.filePath("garbage.sqlite3").toStdString();
        std::ofstream(garbage) << std::string(8192, 'x');
        try {
            RunHistory h(garbage);
            QFAIL("opened a file that is not a database");
        } catch (const HistoryError& e) {
            QVERIFY(std::string(e.what()).find(garbage) != std::string::npos);
        }
        const std::string foreign = dir.filePath("foreign.sqlite3").toStdString();
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(foreign.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        try {
            RunHistory h(foreign);
            QFAIL("opened another program's database");
        } catch (const HistoryError& e) {
            QVERIFY(std::string(e.what()).find("another program") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(HistoryError, RunHistory(dir.path().toStdString()));  // a directory
    }

    void theDefaultPathFollowsXdg() {
        qputenv("XDG_DATA_HOME", "/data/me");
        QCOMPARE(sim::history::default_history_path(), std::string("/data/me/gatetune/history.sqlite3"));
        qputenv("XDG_DATA_HOME", "relative/ignored");
        qputenv("HOME", "/home/me");
        QCOMPARE(sim::history::default_history_path(), std::string("/home/me/.local/share/gatetune/history.sqlite3"));
    }

    void differencesListKeysThenOutcomes() {
        const auto diffs = sim::history::compare_runs(recordOf("seed-incident.toml"), recordOf("seed-fixed.toml"));
        QVERIFY(!diffs.empty());
        QCOMPARE(diffs.front().kind, sim::history::Difference::Kind::Parameter);
        bool pool = false, requests = false;
        for (const auto& d : diffs) {
            if (d.what == "db_pool.pool_size") pool = d.baseline == "5" && d.current == "20";
            if (d.what == "requests") requests = !d.differs && d.baseline == "12";
        }
        QVERIFY(pool);
        QVERIFY(requests);
    }
};

GATETUNE_QTEST_MAIN(TestRunHistory)
#include "test_run_history.moc"
