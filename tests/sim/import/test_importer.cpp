// Merging the files: kinds by name, gunicorn's precedence (command line over GUNICORN_CMD_ARGS
// over files over implied defaults), conflicts at equal precedence, invalid values with their
// line, gatetune.env, and the preset written with the sources in its header.
#include "qtest_suite.hpp"

#include <QTemporaryDir>

#include <fstream>
#include <string>

#include "qtest_std_string.hpp"
#include "sim/import/importer.hpp"
#include "sim/preset/preset_io.hpp"

using namespace gatetune;
using namespace gatetune::sim::importing;

namespace {

class Files {
public:
    std::string add(const std::string& name, const std::string& text) {
        const std::string path = dir_.filePath(QString::fromStdString(name)).toStdString();
        std::ofstream(path) << text;
        return path;
    }

private:
    QTemporaryDir dir_;
};

std::string problems(const ImportResult& r) {
    std::string out;
    for (const auto& p : r.problems) out += p.to_string() + "\n";
    return out;
}

}  // namespace

class TestImporter : public QObject {
    Q_OBJECT
private slots:
    void kindsByName() {
        QVERIFY(file_kind("x/Dockerfile") == FileKind::Dockerfile);
        QVERIFY(file_kind("Dockerfile.prod") == FileKind::Dockerfile);
        QVERIFY(file_kind("api.dockerfile") == FileKind::Dockerfile);
        QVERIFY(file_kind("out/Dockerfile.cmd") == FileKind::Dockerfile);
        QVERIFY(file_kind("gunicorn.conf.py") == FileKind::GunicornConf);
        QVERIFY(file_kind("gunicorn_config.py") == FileKind::GunicornConf);
        QVERIFY(file_kind("src/db/database.py") == FileKind::Python);
        QVERIFY(file_kind("gatetune.env") == FileKind::Env);
        QVERIFY(!file_kind("settings.yaml"));
    }

    void commandLineOverridesTheConfigFile() {
        Files f;
        const auto r = import_files({f.add("Dockerfile", "CMD [\"gunicorn\", \"--timeout\", \"300\", \"app:app\"]\n"),
                                     f.add("gunicorn.conf.py", "timeout = 60\nworkers = 3\n")},
                                    sim::Config{});
        QVERIFY2(r.ok(), problems(r).c_str());
        QCOMPARE(r.config.server.timeout, 300.0);
        QCOMPARE(r.config.server.workers, 3);
        bool noted = false;
        for (const auto& n : r.notes) noted |= n.message.find("`timeout = 60` is overridden by `--timeout 300`") != std::string::npos;
        QVERIFY(noted);
    }

    void explicitValuesOverrideImpliedDefaults() {
        Files f;
        // The client leaves timeout out (httpx's 5 s), the module-level constant elsewhere does not matter;
        // gatetune.env gives the read timeout explicitly.
        const auto r = import_files({f.add("client.py", "import httpx\nclient = httpx.AsyncClient()\n"),
                                     f.add("gatetune.env", "GATETUNE_HTTP_CLIENT_READ_TIMEOUT=90\n")},
                                    sim::Config{});
        QVERIFY2(r.ok(), problems(r).c_str());
        QCOMPARE(r.config.http_client.read_timeout, 90.0);
        QCOMPARE(r.config.http_client.connect_timeout, 5.0);
    }

    void conflictsAreProblems() {
        Files f;
        const auto r = import_files({f.add("a.py", "from sqlalchemy.ext.asyncio import create_async_engine\ne = create_async_engine(u, pool_size=5)\n"),
                                     f.add("b.py", "from sqlalchemy.ext.asyncio import create_async_engine\ne = create_async_engine(u, pool_size=20)\n")},
                                    sim::Config{});
        QVERIFY(!r.ok());
        QCOMPARE(r.problems.size(), std::size_t{1});
        QVERIFY(r.problems[0].message.find("db_pool.pool_size: `create_async_engine(pool_size=20)` conflicts with") != std::string::npos);
    }

    void valuesOutOfRangeNameTheLine() {
        Files f;
        const auto r = import_files({f.add("gatetune.env", "# x\nGATETUNE_SERVER_WORKERS=0\nGATETUNE_NOPE=1\nPATH=/bin\n")}, sim::Config{});
        QCOMPARE(r.problems.size(), std::size_t{2});
        const std::string all = problems(r);
        QVERIFY2(all.find(":2: `GATETUNE_SERVER_WORKERS=0`: 0 is out of range") != std::string::npos, all.c_str());
        QVERIFY2(all.find(":3: GATETUNE_NOPE is not a variable gatetune export writes") != std::string::npos, all.c_str());
        QCOMPARE(r.notes.size(), std::size_t{1});  // PATH
    }

    void unknownAndMissingFiles() {
        Files f;
        const auto r = import_files({f.add("settings.yaml", "x: 1\n"), "/nonexistent/Dockerfile"}, sim::Config{});
        QCOMPARE(r.problems.size(), std::size_t{2});
        QVERIFY(r.problems[0].message.starts_with("unknown kind of file"));
        QCOMPARE(r.problems[1].message, std::string("cannot open the file"));
    }

    void presetNamesItsSources() {
        Files f;
        sim::Config base = sim::load_preset(std::string(GATETUNE_SOURCE_DIR) + "/presets/seed-incident.toml");
        const auto r = import_files({f.add("gunicorn.conf.py", "workers = 8\n")}, base);
        QVERIFY(r.ok());
        const std::string text = imported_preset(r);
        QVERIFY(text.starts_with("# Imported by gatetune import."));
        QVERIFY(text.find("#   server.workers  ") != std::string::npos);
        QVERIFY(text.find("gunicorn.conf.py:1  workers = 8") != std::string::npos);
        const sim::Config back = sim::parse_preset(text, "imported.toml");
        QCOMPARE(back.server.workers, 8);
        QCOMPARE(back.workload.calls.size(), std::size_t{12});  // from the base
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestImporter)
#include "test_importer.moc"
