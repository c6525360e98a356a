// Every rule both runtimes share has one definition (issue 16): no cause name, metric name or
// emitted error text is spelled in sim/, app/ or ui/ source outside the one table that owns it.
// The names come from the tables themselves; the source is read as C++ string literals (comments
// skipped, adjacent literals joined), so a copy split over two literals is found too.
#include "qtest_suite.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/concurrency_limits.hpp"
#include "sim/metric_names.hpp"
#include "sim/outcome.hpp"
#include "sim/postgres_admission.hpp"
#include "qtest_std_string.hpp"

namespace {

using namespace gatetune;
namespace fs = std::filesystem;

struct Literal {
    int line = 0;
    std::string text;
};

// The string literals of a C++ source, adjacent ones joined ("a" "b" → "ab"). Character literals,
// comments and raw strings are understood; escapes are kept as written.
std::vector<Literal> string_literals(const std::string& src) {
    std::vector<Literal> out;
    bool joinable = false;  // only whitespace or comments since the last literal
    int line = 1;
    for (std::size_t i = 0; i < src.size();) {
        const char c = src[i];
        if (c == '\n') {
            ++line;
            ++i;
            continue;
        }
        if (c == '/' && i + 1 < src.size() && src[i + 1] == '/') {
            while (i < src.size() && src[i] != '\n') ++i;
            continue;
        }
        if (c == '/' && i + 1 < src.size() && src[i + 1] == '*') {
            const std::size_t end = src.find("*/", i + 2);
            const std::size_t stop = end == std::string::npos ? src.size() : end + 2;
            for (std::size_t k = i; k < stop; ++k) line += src[k] == '\n';
            i = stop;
            continue;
        }
        if (c == '\'') {  // a character literal (or a digit separator: skipped the same way)
            ++i;
            while (i < src.size() && src[i] != '\'' && src[i] != '\n') i += src[i] == '\\' ? 2 : 1;
            ++i;
            joinable = false;
            continue;
        }
        if (c == 'R' && i + 1 < src.size() && src[i + 1] == '"') {
            const std::size_t open = src.find('(', i + 2);
            if (open == std::string::npos) break;
            // Appended, not `")" + … + "\""`: GCC 12 at -O3 warns falsely on that chain (-Wstringop-overflow).
            std::string close(1, ')');
            close.append(src, i + 2, open - i - 2).push_back('"');
            const std::size_t end = src.find(close, open + 1);
            if (end == std::string::npos) break;
            const std::string body = src.substr(open + 1, end - open - 1);
            if (joinable && !out.empty()) out.back().text += body;
            else out.push_back({line, body});
            for (char ch : body) line += ch == '\n';
            i = end + close.size();
            joinable = true;
            continue;
        }
        if (c == '"') {
            std::string body;
            ++i;
            while (i < src.size() && src[i] != '"' && src[i] != '\n') {
                if (src[i] == '\\' && i + 1 < src.size()) body += src[i++];
                body += src[i++];
            }
            ++i;
            if (joinable && !out.empty()) out.back().text += body;
            else out.push_back({line, body});
            joinable = true;
            continue;
        }
        if (!std::isspace(static_cast<unsigned char>(c))) joinable = false;
        ++i;
    }
    return out;
}

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `name` as a whole identifier-like word of `text` (not part of a longer name).
bool has_word(const std::string& text, std::string_view name) {
    for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
        const bool left = at == 0 || !is_word(text[at - 1]);
        const bool right = at + name.size() == text.size() || !is_word(text[at + name.size()]);
        if (left && right) return true;
    }
    return false;
}

// How a needle is looked for in a literal.
enum class Match {
    Whole,  // the whole literal: cause and column names, which also occur as words in prose
            // ("… ends as client_timeout") and in preset keys ("workload.client_timeout")
    Word,   // as a word anywhere: the distinctive /metrics family names
    Text,   // anywhere: the error texts the runtimes emit
};

struct Needle {
    std::string text;
    Match match;
    std::string owner;  // the one file allowed to spell it
    std::string what;
};

std::vector<Needle> needles() {
    std::vector<Needle> n;
    // "ok" is an everyday word (JSON flags, labels); its use as the cause goes through
    // to_string(Cause::Ok) by the same rule, but a grep cannot tell the two apart.
    for (std::size_t c = 1; c < sim::kCauseCount; ++c)
        n.push_back({std::string(sim::to_string(static_cast<sim::Cause>(c))), Match::Whole, "sim/outcome.cpp", "cause name"});
    for (const sim::MetricInfo& m : sim::kMetrics) {
        for (std::string_view name : {m.series, m.peak})
            if (!name.empty()) n.push_back({std::string(name), Match::Whole, "sim/metric_names.hpp", "metric name"});
        if (!m.prometheus.empty()) n.push_back({std::string(m.prometheus), Match::Word, "sim/metric_names.hpp", "metric name"});
    }
    n.push_back({"QueuePool limit of size %", Match::Text, "sim/queue_pool_rules.hpp", "QueuePool timeout text"});
    n.push_back({std::string(sim::kPgTooManyClients), Match::Text, "sim/postgres_admission.hpp", "PostgreSQL refusal text"});
    n.push_back({std::string(sim::kPgReservedSlotsPrefix), Match::Text, "sim/postgres_admission.hpp", "PostgreSQL refusal text"});
    n.push_back({std::string(sim::kConcurrencyLimitLog), Match::Text, "sim/concurrency_limits.hpp", "uvicorn limit_concurrency text"});
    return n;
}

// Places that spell a name for another purpose, each with its reason.
struct Exemption {
    std::string file;
    std::string text;
    const char* reason;
};
const std::vector<Exemption>& exemptions() {
    static const std::vector<Exemption> list{
        {"sim/outcome.cpp", "upstream_queue", "the phase of the same name (Phase::UpstreamQueue), a separate vocabulary"},
        {"sim/outcome.cpp", std::string(sim::kPgTooManyClients), "the cause's one-line summary quotes the error text for people"},
        {"sim/preset/config_schema.cpp", std::string(sim::kPgTooManyClients), "the key's documentation quotes the error text"},
        {"sim/validation/rules_database.cpp", std::string(sim::kPgTooManyClients), "the finding quotes the error text"},
    };
    return list;
}

bool exempt(const std::string& file, const std::string& text) {
    for (const Exemption& e : exemptions())
        if (e.file == file && e.text == text) return true;
    return false;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// "file:line: what "name" in "literal"", one per copy found.
std::vector<std::string> copies_in(const std::string& file, const std::string& source, const std::vector<Needle>& list) {
    std::vector<std::string> found;
    for (const Literal& lit : string_literals(source))
        for (const Needle& n : list) {
            if (file == n.owner || exempt(file, n.text)) continue;
            const bool hit = n.match == Match::Whole  ? lit.text == n.text
                              : n.match == Match::Word ? has_word(lit.text, n.text)
                                                       : lit.text.find(n.text) != std::string::npos;
            if (hit) found.push_back(file + ":" + std::to_string(lit.line) + ": " + n.what + " \"" + n.text + "\" in \"" + lit.text + "\"");
        }
    return found;
}

}  // namespace

class TestOneDefinition : public QObject {
    Q_OBJECT

private slots:
    // The scanner itself: it must find what it is there to find, and only that.
    void scannerFindsCopiesOnly() {
        const auto list = needles();
        const auto copies = [&list](const char* file, const std::string& source) { return copies_in(file, source, list).size(); };
        // (Plain literals here: moc's preprocessor does not read raw strings in macro arguments.)
        const std::string split = "f(\"db_pool_\" \"timeout\");";
        const std::string commented = "// \"db_pool_timeout\" in a comment\nint x; /* \"gatetune_in_flight\" */";
        const std::string family = "line(out, \"gatetune_in_flight{worker=\\\"%d\\\"} %lld\\n\", w, n);";
        const std::string preset_key = "auto k = \"workload.client_timeout\"; char c = '\"';";
        const std::string longer = "auto k = \"gatetune_in_flight_max\";";
        const std::string raw = "auto m = R\"x(gatetune_requests_total{status=\"200\"})x\";";
        const std::string pool = "snprintf(b, n, \"QueuePool limit of size %d overflow %d\");";
        const std::string owner = "{\"db_pool_timeout\", \"a summary\"}";
        QCOMPARE(copies("app/x.cpp", split), std::size_t(1));
        QCOMPARE(copies("app/x.cpp", commented), std::size_t(0));
        QCOMPARE(copies("app/x.cpp", family), std::size_t(1));
        QCOMPARE(copies("app/x.cpp", preset_key), std::size_t(0));
        QCOMPARE(copies("app/x.cpp", longer), std::size_t(0));
        QCOMPARE(copies("ui/y.cpp", raw), std::size_t(1));
        QCOMPARE(copies("sim/z.cpp", pool), std::size_t(1));
        QCOMPARE(copies("sim/outcome.cpp", owner), std::size_t(0));  // the owner
        const auto lines = string_literals("a\n\"x\"\n/* \n */ \"y\"\n'\\''; \"z\"");
        QCOMPARE(lines.size(), std::size_t(2));
        QCOMPARE(lines[0].text, std::string("xy"));
        QCOMPARE(lines[1].line, 5);
    }

    void everySharedNameHasOneDefinition() {
        const fs::path root = GATETUNE_SOURCE_DIR;
        const auto list = needles();
        std::vector<std::string> copies;
        std::size_t files = 0;
        for (const char* dir : {"sim", "app", "ui"})
            for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
                const std::string ext = entry.path().extension().string();
                if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
                ++files;
                const std::string file = fs::relative(entry.path(), root).generic_string();
                for (auto& c : copies_in(file, read(entry.path()), list)) copies.push_back(std::move(c));
            }
        QVERIFY2(files > 100, "the source tree was not found");
        std::string report;
        for (const auto& c : copies) report += "\n  " + c;
        QVERIFY2(copies.empty(), ("second copies of shared names (use the table that owns each):" + report).c_str());
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestOneDefinition)
#include "test_one_definition.moc"
