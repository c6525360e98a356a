// import(export(preset)) gives the configuration back, for every shipped preset: the exported
// keys from the files alone (over defaults), and the whole configuration when imported over the
// preset itself — and the import reads every file without a problem.
#include "qtest_suite.hpp"

#include <QDirIterator>
#include <QTemporaryDir>

#include <algorithm>
#include <string>

#include "qtest_std_string.hpp"
#include "sim/preset/config_schema.hpp"
#include "sim/export/bindings.hpp"
#include "sim/export/export_test_options.hpp"
#include "sim/export/export.hpp"
#include "sim/import/importer.hpp"
#include "sim/preset/preset_io.hpp"

using namespace gatetune;

namespace {

std::vector<std::string> shipped_presets() {
    std::vector<std::string> out;
    QDirIterator it(QString(GATETUNE_SOURCE_DIR) + "/presets", {"*.toml"}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) out.push_back(it.next().toStdString());
    std::sort(out.begin(), out.end());
    return out;
}

std::string messages(const sim::importing::ImportResult& r) {
    std::string out;
    for (const auto& m : r.problems) out += m.to_string() + "\n";
    return out;
}

}  // namespace

class TestRoundTrip : public QObject {
    Q_OBJECT
private slots:
    void importOfExportGivesTheConfigurationBack_data() {
        QTest::addColumn<QString>("path");
        for (const std::string& p : shipped_presets()) QTest::newRow(p.substr(p.rfind("/presets/") + 9).c_str()) << QString::fromStdString(p);
    }
    void importOfExportGivesTheConfigurationBack() {
        QFETCH(QString, path);
        const sim::Config cfg = sim::load_preset(path.toStdString());
        QTemporaryDir dir;
        const auto files = sim::exporting::export_files(cfg, sim::validation::validate(cfg, 1), options(true));
        sim::exporting::write_files(dir.path().toStdString(), files);
        std::vector<std::string> paths;
        for (const auto& f : files) {
            if (f.name != "VALIDATION.md") paths.push_back(dir.filePath(QString::fromStdString(f.name)).toStdString());
        }

        const auto alone = sim::importing::import_files(paths, sim::Config{});
        QVERIFY2(alone.ok(), messages(alone).c_str());
        for (const auto* b : sim::exporting::exported_bindings(cfg)) {
            const sim::KeySpec& k = b->spec();
            QVERIFY2(sim::values_equal(k.get(alone.config), k.get(cfg)),
                     (std::string(k.key) + ": " + sim::format_value(alone.config, k) + " != " + sim::format_value(cfg, k)).c_str());
        }

        const auto over = sim::importing::import_files(paths, cfg);
        QVERIFY2(over.ok(), messages(over).c_str());
        const auto exported = sim::exporting::exported_bindings(cfg);
        for (const sim::KeySpec& k : sim::config_schema()) {
            // A key the files carry but export did not write from the preset: http_client.mode =
            // per_request, which http_client.py (always one client per process) cannot express.
            const auto* b = sim::exporting::binding_for_key(k.key);
            if (b && std::find(exported.begin(), exported.end(), b) == exported.end()) continue;
            QVERIFY2(sim::values_equal(k.get(over.config), k.get(cfg)), std::string(k.key).c_str());
        }

        // Each file on its own carries its part: gatetune.env alone has every exported key.
        const auto env = sim::importing::import_files({dir.filePath("gatetune.env").toStdString()}, sim::Config{});
        QVERIFY2(env.ok(), messages(env).c_str());
        QCOMPARE(env.applied.size(), sim::exporting::exported_bindings(cfg).size());
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestRoundTrip)
#include "test_round_trip.moc"
