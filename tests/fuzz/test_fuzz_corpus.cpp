// Corpus replay: every file of every seed corpus (tests/fuzz/corpus/<target>/) through its fuzz
// target's body, on every normal build, so what the fuzzers found stays fixed without clang. A
// row per file: a failure names the target and the file. Crashes and sanitizer reports end the
// test; an exception a parser does not document fails its row.
#include "qtest_suite.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "fuzz_target.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = GATETUNE_FUZZ_CORPUS_DIR;

std::vector<fs::path> corpus_files(std::string_view target) {
    std::vector<fs::path> files;
    const fs::path dir = kCorpus / target;
    if (!fs::is_directory(dir)) return files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

const gatetune::fuzz::Target* find_target(const std::string& name) {
    for (const auto& t : gatetune::fuzz::targets()) {
        if (t.name == name) return &t;
    }
    return nullptr;
}

}  // namespace

class TestFuzzCorpus : public QObject {
    Q_OBJECT
private slots:
    // A corpus without its target would silently never run; a target without seeds starts blind.
    void corporaMatchTargets() {
        QVERIFY(!gatetune::fuzz::targets().empty());
        std::set<std::string> names;
        for (const auto& t : gatetune::fuzz::targets()) {
            names.insert(std::string(t.name));
            QVERIFY2(!corpus_files(t.name).empty(), ("no seed files in corpus/" + std::string(t.name)).c_str());
        }
        for (const auto& entry : fs::directory_iterator(kCorpus)) {
            const std::string dir = entry.path().filename().string();
            QVERIFY2(!entry.is_directory() || names.count(dir), ("corpus/" + dir + " has no fuzz target").c_str());
        }
    }

    void replay_data() {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        for (const auto& t : gatetune::fuzz::targets()) {
            for (const fs::path& f : corpus_files(t.name)) {
                const std::string row = std::string(t.name) + "/" + f.filename().string();
                QTest::newRow(row.c_str()) << QString::fromStdString(std::string(t.name)) << QString::fromStdString(f.string());
            }
        }
    }

    void replay() {
        QFETCH(QString, target);
        QFETCH(QString, file);
        const gatetune::fuzz::Target* t = find_target(target.toStdString());
        QVERIFY(t);
        std::ifstream in(file.toStdString(), std::ios::binary);
        QVERIFY2(in, "cannot open the corpus file");
        const std::string input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        try {
            t->body(input);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        } catch (...) {
            QFAIL("an exception that is not a std::exception");
        }
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "test_fuzz_corpus.moc"
