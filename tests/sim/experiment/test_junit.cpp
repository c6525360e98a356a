// JUnit XML: well-formed whatever the text (markup characters, line breaks, control characters,
// broken UTF-8), counts that match the testcases, and check's report with one testcase per
// preset × rule or SLO check whose failures carry the measured value and the limit.
#include "qtest_suite.hpp"
#include <QXmlStreamReader>

#include <map>
#include <sstream>
#include <string>

#include "qtest_std_string.hpp"
#include "sim/experiment/check.hpp"
#include "sim/experiment/check_report.hpp"
#include "sim/junit.hpp"
#include "tiny_preset.hpp"

using namespace gatetune;

namespace {

struct ParsedCase {
    QString suite, name, classname, outcome = "passed", message, text;
};

struct Parsed {
    QString error;  // empty when well-formed
    std::map<QString, QString> root;  // testsuites attributes
    std::vector<ParsedCase> cases;
};

Parsed parse(const std::string& xml) {
    Parsed out;
    QXmlStreamReader r(QByteArray::fromStdString(xml));
    QString suite;
    while (!r.atEnd()) {
        r.readNext();
        if (!r.isStartElement()) continue;
        const auto a = r.attributes();
        if (r.name() == u"testsuites") {
            for (const auto& attr : a) out.root[attr.name().toString()] = attr.value().toString();
        } else if (r.name() == u"testsuite") {
            suite = a.value("name").toString();
        } else if (r.name() == u"testcase") {
            ParsedCase c;
            c.suite = suite;
            c.name = a.value("name").toString();
            c.classname = a.value("classname").toString();
            out.cases.push_back(c);
        } else if (r.name() == u"failure" || r.name() == u"error" || r.name() == u"skipped") {
            out.cases.back().outcome = r.name().toString();
            out.cases.back().message = a.value("message").toString();
            out.cases.back().text = r.readElementText();
        }
    }
    if (r.hasError()) out.error = r.errorString() + " at line " + QString::number(r.lineNumber());
    return out;
}

std::string junit(const std::vector<sim::JUnitSuite>& suites) {
    std::ostringstream out;
    sim::write_junit(out, "gatetune check", suites);
    return out.str();
}

const ParsedCase* find(const Parsed& p, const QString& suite_suffix, const QString& name) {
    for (const ParsedCase& c : p.cases) {
        if (c.suite.endsWith(suite_suffix) && c.name == name) return &c;
    }
    return nullptr;
}

}  // namespace

class TestJUnit : public QObject {
    Q_OBJECT
private slots:
    void anyTextStaysWellFormed() {
        sim::JUnitCase nasty;
        nasty.name = "a <b> & \"c\" 'd'";
        nasty.classname = "x]]>y";
        nasty.outcome = sim::JUnitOutcome::Failed;
        nasty.message = "line one\nline two\ttab";
        nasty.details = "ctrl \x01\x1f end, broken \xff\xc3 utf-8, ok é → ✓, </failure>";
        nasty.type = "slo";
        sim::JUnitCase skipped;
        skipped.name = "s";
        skipped.outcome = sim::JUnitOutcome::Skipped;
        skipped.message = "nothing";
        sim::JUnitCase passed;
        passed.name = "p";
        passed.system_out = "note <1>";
        const Parsed p = parse(junit({{"suite & co", {nasty, skipped, passed}}, {"empty", {}}}));
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(p.cases.size(), std::size_t{3});
        QCOMPARE(p.cases[0].name, QString("a <b> & \"c\" 'd'"));
        QCOMPARE(p.cases[0].classname, QString("x]]>y"));
        QCOMPARE(p.cases[0].outcome, QString("failure"));
        QCOMPARE(p.cases[0].message, QString("line one\nline two\ttab"));  // attribute normalisation undone by references
        QCOMPARE(p.cases[0].text, QString::fromUtf8("ctrl \uFFFD\uFFFD end, broken \uFFFD\uFFFD utf-8, ok é → ✓, </failure>"));
        QCOMPARE(p.cases[1].outcome, QString("skipped"));
        QCOMPARE(p.cases[2].outcome, QString("passed"));
        QCOMPARE(p.root.at("tests"), QString("3"));
        QCOMPARE(p.root.at("failures"), QString("1"));
        QCOMPARE(p.root.at("errors"), QString("0"));
        QCOMPARE(p.root.at("skipped"), QString("1"));
    }

    void checkReportHasATestcasePerPresetAndCheck() {
        QTemporaryDir dir;
        const std::string good = test::write_file(dir, "good.toml", test::tiny_preset_with_pool(12));
        const std::string bad = test::write_file(dir, "bad.toml", test::tiny_preset_with_pool(2));
        const std::string no_slo = test::write_file(dir, "noslo.toml", "[workload]\nusers = 2\ncalls = [[100, 10]]\n");
        const std::string broken = test::write_file(dir, "broken.toml", "[db_pool]\npool_size = -3\n");
        const auto checks = sim::experiment::check_presets({{good, bad, no_slo, broken}, {}, std::nullopt, 3}, 2);
        QVERIFY(checks[0].passed());
        QVERIFY(!checks[1].passed());
        QVERIFY(checks[2].passed());
        QVERIFY(!checks[3].loaded());

        const std::string xml = junit(sim::experiment::check_junit(checks));
        const Parsed p = parse(xml);
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        const std::size_t rules = sim::experiment::static_rules().size();
        // good and bad: every rule plus max_error_rate and p99; noslo: every rule plus a skipped "slo"; broken: one error.
        QCOMPARE(p.cases.size(), 2 * (rules + 2) + (rules + 1) + 1);
        QCOMPARE(p.root.at("errors"), QString("1"));
        QCOMPARE(p.root.at("skipped"), QString("1"));

        const ParsedCase* passed = find(p, "good.toml", "slo.max_error_rate");
        QVERIFY(passed);
        QCOMPARE(passed->outcome, QString("passed"));
        QCOMPARE(passed->classname, QString("tiny"));
        const ParsedCase* failed = find(p, "bad.toml", "slo.max_error_rate");
        QVERIFY(failed);
        QCOMPARE(failed->outcome, QString("failure"));
        // The measured value (a percentage with its CI) and the limit, in the message and the text.
        QVERIFY2(failed->message.contains("max_error_rate ") && failed->message.contains("limit 0 %") &&
                     failed->message.contains("failed on 3 of 3 seeds (1, 2, 3)"),
                 qPrintable(failed->message));
        QVERIFY2(failed->text.contains("measured: ") && failed->text.contains("limit:    0 %"), qPrintable(failed->text));
        const ParsedCase* skipped = find(p, "noslo.toml", "slo");
        QVERIFY(skipped);
        QCOMPARE(skipped->outcome, QString("skipped"));
        const ParsedCase* error = find(p, "broken.toml", "preset");
        QVERIFY(error);
        QCOMPARE(error->outcome, QString("error"));
        QVERIFY2(error->message.contains("pool_size") && error->message.contains("integer 0 to 10000"), qPrintable(error->message));
        QVERIFY(find(p, "good.toml", QString::fromUtf8(std::string(sim::experiment::static_rules().front().id).c_str()) + " " +
                                         QString::fromUtf8(std::string(sim::experiment::static_rules().front().name).c_str())));
    }

    void checkTableAndJson() {
        QTemporaryDir dir;
        const std::string bad = test::write_file(dir, "bad.toml", test::tiny_preset_with_pool(2));
        const auto checks = sim::experiment::check_presets({{bad}, {}, std::uint64_t{7}, 2}, 1);
        std::ostringstream table;
        sim::experiment::write_check_table(table, checks);
        for (const char* part : {"slo.max_error_rate", "FAIL", "failed seeds", "1 of 1 presets failed", "(7, 8)"}) {
            QVERIFY2(table.str().find(part) != std::string::npos, part);
        }
        const auto json = sim::experiment::check_json(checks, 2);
        QCOMPARE(json["passed"].get<bool>(), false);
        QCOMPARE(json["presets"][0]["seeds"].dump(), std::string("[7,8]"));
        QCOMPARE(json["presets"][0]["slo"][0]["check"].get<std::string>(), std::string("max_error_rate"));
        QCOMPARE(json["presets"][0]["slo"][0]["passed"].get<bool>(), false);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestJUnit)
#include "test_junit.moc"
