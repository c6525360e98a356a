// Every exported Python file compiles (python3 -m py_compile) for every shipped preset, and uses
// only the keyword arguments SQLAlchemy 1.4/2.0 and httpx 0.23–0.28 accept (the lists below are
// their signatures: create_engine's pool keywords, httpx.Timeout/Limits/AsyncClient).
#include "qtest_suite.hpp"

#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>

#include <regex>
#include <set>
#include <string>

#include "qtest_std_string.hpp"
#include "sim/export/export_test_options.hpp"
#include "sim/export/export.hpp"
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

// The `name=` keywords inside the call that starts at `call` (up to its closing parenthesis).
std::set<std::string> keywords(const std::string& text, const std::string& call) {
    std::set<std::string> out;
    const auto start = text.find(call);
    if (start == std::string::npos) return out;
    int depth = 0;
    std::size_t end = start;
    for (std::size_t i = start + call.size() - 1; i < text.size(); ++i) {
        if (text[i] == '(') ++depth;
        if (text[i] == ')' && --depth == 0) {
            end = i;
            break;
        }
    }
    std::string body = text.substr(start + call.size(), end - start - call.size());
    // Only this call's own keywords: drop nested calls' arguments.
    for (std::size_t p; (p = body.find('(')) != std::string::npos;) {
        int d = 0;
        std::size_t q = p;
        for (; q < body.size(); ++q) {
            if (body[q] == '(') ++d;
            if (body[q] == ')' && --d == 0) break;
        }
        body.erase(p, q - p + 1);
    }
    const std::regex kw(R"(\b([a-z_0-9]+)=)");
    for (auto m = std::sregex_iterator(body.begin(), body.end(), kw); m != std::sregex_iterator(); ++m) out.insert((*m)[1]);
    return out;
}

bool subset(const std::set<std::string>& a, const std::set<std::string>& allowed) {
    return std::all_of(a.begin(), a.end(), [&](const std::string& k) { return allowed.count(k) > 0; });
}

}  // namespace

class TestExportedPython : public QObject {
    Q_OBJECT
private slots:
    void compilesForEveryPreset_data() {
        QTest::addColumn<QString>("path");
        for (const std::string& p : shipped_presets()) QTest::newRow(p.substr(p.rfind("/presets/") + 9).c_str()) << QString::fromStdString(p);
    }
    void compilesForEveryPreset() {
        QFETCH(QString, path);
        const sim::Config cfg = sim::load_preset(path.toStdString());
        QTemporaryDir dir;
        const auto files = sim::exporting::export_files(cfg, sim::validation::validate(cfg, 1), options(true));
        sim::exporting::write_files(dir.path().toStdString(), files);
        QStringList py;
        for (const auto& f : files) {
            if (f.name.ends_with(".py")) py << dir.filePath(QString::fromStdString(f.name));
        }
        QCOMPARE(py.size(), 3);
        QProcess p;
        p.start(GATETUNE_PYTHON3, QStringList{"-m", "py_compile"} + py);
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());

        for (const auto& f : files) {
            if (f.name == "db.py") {
                // SQLAlchemy 1.4/2.0 create_engine pool keywords.
                QVERIFY(subset(keywords(f.content, "create_async_engine("),
                               {"pool_size", "max_overflow", "pool_timeout", "pool_recycle", "pool_pre_ping", "pool_use_lifo"}));
            }
            if (f.name == "http_client.py") {
                QVERIFY(subset(keywords(f.content, "httpx.Timeout("), {"connect", "read", "write", "pool"}));
                QVERIFY(subset(keywords(f.content, "httpx.Limits("), {"max_connections", "max_keepalive_connections", "keepalive_expiry"}));
                QCOMPARE(keywords(f.content, "httpx.AsyncClient("), (std::set<std::string>{"timeout", "limits", "http2"}));
            }
        }
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestExportedPython)
#include "test_exported_python.moc"
