// The Python tokenizer and literal reader: lines, logical lines across brackets and backslashes,
// string prefixes and triple quotes, and which expressions count as literals.
#include "qtest_suite.hpp"

#include <string>
#include <vector>

#include "qtest_std_string.hpp"
#include "sim/import/python_literal.hpp"
#include "sim/import/python_statements.hpp"
#include "sim/import/python_tokens.hpp"

using namespace gatetune::sim::importing;

namespace {

std::optional<PyLiteral> literal_of(const std::string& expr) {
    const auto t = tokenize_python(expr);
    return read_literal(t.data(), t.data() + t.size() - 1);  // without the final Newline
}

}  // namespace

class TestPythonTokens : public QObject {
    Q_OBJECT
private slots:
    void linesAndLogicalLines() {
        const auto t = tokenize_python("a = (1,\n     2)  # c\nb = 3 \\\n  + 4\n\n  c = 'x'\n");
        std::vector<std::string> texts;
        for (const auto& x : t) texts.push_back(x.kind == PyKind::Newline ? "NL" : x.text);
        const std::vector<std::string> expected{"a", "=", "(", "1", ",", "2", ")", "NL", "b", "=", "3", "+", "4", "NL", "c", "=", "'x'", "NL"};
        QCOMPARE(texts, expected);
        QCOMPARE(t[8].line, 3);
        QVERIFY(t[8].line_start);
        QCOMPARE(t[12].line, 4);
        QCOMPARE(t[14].column, 2);
    }

    void stringsWithPrefixesAndTripleQuotes() {
        const auto t = tokenize_python("x = rb'\\'' + f\"{y}\" + '''a\nb'''\nz = 1\n");
        QCOMPARE(t[2].text, std::string("rb'\\''"));
        QCOMPARE(t[4].text, std::string("f\"{y}\""));
        QCOMPARE(t[6].text, std::string("'''a\nb'''"));
        QCOMPARE(t[6].line, 1);
        QCOMPARE(t[8].line, 3);  // z: after the two-line string
    }

    void errorsCarryTheLine() {
        try {
            tokenize_python("a = 1\nb = 'open\n");
            QFAIL("no error");
        } catch (const PyTokenError& e) {
            QCOMPARE(e.line, 2);
        }
        QVERIFY_THROWS_EXCEPTION(PyTokenError, tokenize_python("a = (1,\n"));
        QVERIFY_THROWS_EXCEPTION(PyTokenError, tokenize_python("a = 1)\n"));
    }

    void literals() {
        QCOMPARE(literal_of("20")->toml, std::string("20"));
        QCOMPARE(literal_of("1_000")->toml, std::string("1000"));
        QCOMPARE(literal_of("0x10")->toml, std::string("16"));
        QCOMPARE(literal_of("-1")->toml, std::string("-1"));
        QCOMPARE(literal_of("30.0")->toml, std::string("30.0"));
        QCOMPARE(literal_of(".5")->toml, std::string("0.5"));
        QCOMPARE(literal_of("1e3")->toml, std::string("1000.0"));
        QCOMPARE(literal_of("(30)")->toml, std::string("30"));
        QCOMPARE(literal_of("True")->toml, std::string("true"));
        QVERIFY(literal_of("None")->kind == PyLiteral::Kind::None);
        QCOMPARE(literal_of("'uvicorn.workers.' \"UvicornWorker\"")->text, std::string("uvicorn.workers.UvicornWorker"));
        QCOMPARE(literal_of("'a\\'b'")->text, std::string("a'b"));
    }

    void notLiterals() {
        for (const char* expr : {"multiprocessing.cpu_count() * 2 + 1", "WORKERS", "int(os.environ['W'])", "f'{x}'", "b'x'",
                                 "2 * 15", "1j", "-x", "[1]"}) {
            QVERIFY2(!literal_of(expr), expr);
        }
    }

    void assignments() {
        const auto t = tokenize_python("workers = 4\ntimeout: int = 30\nif x:\n    workers = 8\nkeepalive += 1\na.b = 3\n");
        const auto a = find_assignments(t);
        QCOMPARE(a.size(), std::size_t{4});
        QCOMPARE(a[0].name, std::string("workers"));
        QVERIFY(a[0].module_level);
        QCOMPARE(a[1].name, std::string("timeout"));
        QCOMPARE(t[a[1].value_first].text, std::string("30"));
        QVERIFY(!a[2].module_level);
        QCOMPARE(a[2].line, 4);
        QVERIFY(a[3].augmented);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestPythonTokens)
#include "test_python_tokens.moc"
