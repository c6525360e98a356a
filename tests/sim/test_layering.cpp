// The libraries of sim/ (sim/CMakeLists.txt) form layers: each folder is one library, the links
// between them have no cycle, only `preset` links toml++ and only `history` SQLite (and only `calibration` simdjson), and no file
// includes a header of a folder its library does not depend on (directly or through others).
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "qtest_suite.hpp"

namespace {

namespace fs = std::filesystem;

struct Layer {
    std::string folder;                 // under sim/, "." for sim/ itself
    std::vector<std::string> links;     // as declared: other layers (gatetune_…) and libraries
};
using Layers = std::map<std::string, Layer>;  // by library name

// sim_layers.txt: one line per library, "NAME FOLDER: LINK LINK…", written by CMake.
Layers read_layers(std::istream& in) {
    Layers layers;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto colon = line.find(':');
        if (colon == std::string::npos) throw std::runtime_error("no ':' in layer line: " + line);
        std::istringstream head(line.substr(0, colon));
        std::string name;
        Layer layer;
        head >> name >> layer.folder;
        std::string links = line.substr(colon + 1);
        std::replace(links.begin(), links.end(), ',', ' ');
        std::istringstream words(links);
        for (std::string link; words >> link;) layer.links.push_back(link);
        layers["gatetune_" + name] = layer;
    }
    return layers;
}

// The first cycle through the layers' links, as "a → b → a", or empty.
std::string find_cycle(const Layers& layers) {
    std::map<std::string, int> state;  // 0 unseen, 1 on the path, 2 done
    std::vector<std::string> path;
    std::string cycle;
    std::function<bool(const std::string&)> visit = [&](const std::string& name) {
        state[name] = 1;
        path.push_back(name);
        for (const auto& link : layers.at(name).links) {
            if (!layers.contains(link)) continue;
            if (state[link] == 1) {
                for (auto it = std::find(path.begin(), path.end(), link); it != path.end(); ++it) cycle += *it + " → ";
                cycle += link;
                return true;
            }
            if (state[link] == 0 && visit(link)) return true;
        }
        path.pop_back();
        state[name] = 2;
        return false;
    };
    for (const auto& [name, layer] : layers)
        if (state[name] == 0 && visit(name)) return cycle;
    return {};
}

// Everything a library links, through the other layers.
std::set<std::string> closure(const Layers& layers, const std::string& name) {
    std::set<std::string> seen;
    std::vector<std::string> todo{name};
    while (!todo.empty()) {
        const std::string next = todo.back();
        todo.pop_back();
        const auto it = layers.find(next);
        if (it == layers.end()) continue;
        for (const auto& link : it->second.links)
            if (seen.insert(link).second) todo.push_back(link);
    }
    return seen;
}

bool is_toml(const std::string& link) { return link.find("TOMLPLUSPLUS") != std::string::npos; }
bool is_sqlite(const std::string& link) { return link.find("SQLite") != std::string::npos; }
bool is_simdjson(const std::string& link) { return link.find("simdjson") != std::string::npos; }

// Includes of a folder's files that reach a folder its library does not depend on.
std::vector<std::string> stray_includes(const Layers& layers, const fs::path& sim) {
    std::map<std::string, std::string> library_of;  // folder → library
    for (const auto& [name, layer] : layers) library_of[layer.folder] = name;
    const std::regex include("^\\s*#\\s*include\\s*[<\"]([^\">]+)[\">]");
    std::vector<std::string> stray;
    for (const auto& [name, layer] : layers) {
        const std::set<std::string> reach = closure(layers, name);
        const fs::path dir = layer.folder == "." ? sim : sim / layer.folder;
        for (const auto& entry : fs::directory_iterator(dir)) {
            const auto ext = entry.path().extension();
            if (ext != ".cpp" && ext != ".hpp") continue;
            std::ifstream in(entry.path());
            int line_number = 0;
            for (std::string line; std::getline(in, line);) {
                ++line_number;
                std::smatch m;
                if (!std::regex_search(line, m, include)) continue;
                const std::string header = m[1];
                const std::string where = (fs::relative(entry.path(), sim.parent_path())).string() + ":" + std::to_string(line_number);
                std::string wanted;  // the library the header belongs to
                if (header.rfind("sim/", 0) == 0) {
                    const auto slash = header.find('/', 4);
                    wanted = slash == std::string::npos ? library_of["."] : library_of[header.substr(4, slash - 4)];
                    if (wanted.empty()) wanted = "(no library for " + header + ")";
                } else if (header.rfind("toml++", 0) == 0) {
                    wanted = "toml++";
                } else if (header == "sqlite3.h") {
                    wanted = "SQLite";
                } else if (header == "simdjson.h") {
                    wanted = "simdjson";
                } else {
                    continue;
                }
                if (wanted == name) continue;
                const bool reached = wanted == "toml++"   ? std::any_of(reach.begin(), reach.end(), is_toml)
                                     : wanted == "SQLite" ? std::any_of(reach.begin(), reach.end(), is_sqlite)
                                     : wanted == "simdjson" ? std::any_of(reach.begin(), reach.end(), is_simdjson)
                                                          : reach.contains(wanted);
                if (!reached) stray.push_back(where + " includes " + header + " (" + wanted + ") but " + name + " does not link it");
            }
        }
    }
    return stray;
}

Layers real_layers() {
    std::ifstream in(GATETUNE_SIM_LAYERS_FILE);
    if (!in) throw std::runtime_error("cannot read " + std::string(GATETUNE_SIM_LAYERS_FILE));
    return read_layers(in);
}

}  // namespace

class TestLayering : public QObject {
    Q_OBJECT

private slots:
    void theLayersHaveNoCycle() {
        const Layers layers = real_layers();
        QVERIFY(layers.size() >= 9);
        const std::string cycle = find_cycle(layers);
        QVERIFY2(cycle.empty(), cycle.c_str());
    }

    void aCycleIsFound() {
        std::istringstream in("a .: gatetune_b, gatetune_engine\nb x: gatetune_c\nc y: gatetune_a\n");
        QCOMPARE(QString::fromStdString(find_cycle(read_layers(in))),
                 QString("gatetune_a → gatetune_b → gatetune_c → gatetune_a"));
    }

    void onlyPresetLinksTomlOnlyHistorySqliteOnlyCalibrationSimdjson() {
        const Layers layers = real_layers();
        for (const auto& [name, layer] : layers) {
            const bool toml = std::any_of(layer.links.begin(), layer.links.end(), is_toml);
            const bool sqlite = std::any_of(layer.links.begin(), layer.links.end(), is_sqlite);
            QVERIFY2(toml == (name == "gatetune_preset"), qPrintable(QString::fromStdString(name + " and toml++")));
            QVERIFY2(sqlite == (name == "gatetune_history"), qPrintable(QString::fromStdString(name + " and SQLite")));
            const bool simdjson = std::any_of(layer.links.begin(), layer.links.end(), is_simdjson);
            QVERIFY2(simdjson == (name == "gatetune_calibration"), qPrintable(QString::fromStdString(name + " and simdjson")));
        }
        const auto model = closure(layers, "gatetune_model");
        QVERIFY(std::none_of(model.begin(), model.end(), is_toml));
        QVERIFY(std::none_of(model.begin(), model.end(), is_sqlite));
    }

    void everyFolderOfSimIsALibrary() {
        const Layers layers = real_layers();
        std::set<std::string> folders;
        for (const auto& [name, layer] : layers) folders.insert(layer.folder);
        for (const auto& entry : fs::directory_iterator(fs::path(GATETUNE_SOURCE_DIR) / "sim")) {
            if (!entry.is_directory()) continue;
            bool has_sources = false;
            for (const auto& file : fs::directory_iterator(entry.path())) has_sources |= file.path().extension() == ".cpp";
            if (has_sources)
                QVERIFY2(folders.contains(entry.path().filename().string()),
                         qPrintable("sim/" + QString::fromStdString(entry.path().filename().string()) + " is not a library in sim/CMakeLists.txt"));
        }
    }

    void noFileIncludesAroundItsLibrarysLinks() {
        const auto stray = stray_includes(real_layers(), fs::path(GATETUNE_SOURCE_DIR) / "sim");
        std::string all;
        for (const auto& s : stray) all += s + "\n";
        QVERIFY2(stray.empty(), all.c_str());
    }

    void aStrayIncludeIsFound() {
        // model including a validation header, with model not linking validation.
        const fs::path root = fs::temp_directory_path() / ("gatetune_layering_" + std::to_string(QCoreApplication::applicationPid()));
        fs::create_directories(root / "sim" / "validation");
        std::ofstream(root / "sim" / "stack.cpp") << "#include \"sim/validation/validate.hpp\"\n#include <toml++/toml.hpp>\n";
        std::istringstream in("model .: gatetune_engine\nvalidation validation: gatetune_model\n");
        const auto stray = stray_includes(read_layers(in), root / "sim");
        fs::remove_all(root);
        QCOMPARE(stray.size(), std::size_t{2});
        QVERIFY(stray[0].find("sim/stack.cpp:1 includes sim/validation/validate.hpp") != std::string::npos);
        QVERIFY(stray[1].find("toml++") != std::string::npos);
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestLayering)
#include "test_layering.moc"
