// Every validation rule has a fixture that triggers it and a neighbouring one that does not
// (DuckDB-style: the cases are data, one driver runs them). Fixtures are the clean preset plus
// --set overrides; the trigger also pins the severity.
#include "qtest_suite.hpp"

#include <set>
#include <string>
#include <vector>

#include "qtest_std_string.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/validation/registry.hpp"

using namespace gatetune;
using sim::validation::Severity;

namespace {

const std::string kClean = std::string(GATETUNE_SOURCE_DIR) + "/tests/sim/validation/fixtures/clean.toml";

std::vector<std::string> overrides(const QString& list) {
    std::vector<std::string> out;
    for (const QString& s : list.split(';', Qt::SkipEmptyParts)) out.push_back(s.trimmed().toStdString());
    return out;
}

std::vector<sim::validation::Finding> findings_of(const QString& sets, const QString& rule) {
    const sim::Config cfg = sim::load_preset(kClean, overrides(sets));
    std::vector<sim::validation::Finding> mine;
    for (auto& f : sim::validation::static_findings(cfg)) {
        if (QString::fromLatin1(f.rule->id.data(), static_cast<int>(f.rule->id.size())) == rule) mine.push_back(f);
    }
    return mine;
}

struct Row {
    const char* name;
    const char* rule;
    const char* severity;
    const char* trigger;
    const char* quiet;
};

// clang-format off
const Row kRows[] = {
    {"budget",              "GT001", "error",   "server.workers=8",                                           "server.workers=6"},
    {"pool vs concurrency", "GT002", "warning", "workload.users=40; db_pool.pool_size=5; db_pool.max_overflow=0", "workload.users=10; db_pool.pool_size=5; db_pool.max_overflow=0"},
    {"sync long call",      "GT010", "error",   "server.worker_class=sync; workload.calls=[[1000, 3000]]",    "server.worker_class=sync; server.timeout=120"},
    {"sync worst case",     "GT010", "warning", "server.worker_class=sync",                                   "server.worker_class=sync; server.timeout=61"},
    {"timeout raised",      "GT011", "warning", "server.timeout=300",                                         "server.timeout=30"},
    {"timeout disabled",    "GT011", "warning", "server.timeout=0",                                           "server.worker_class=sync; server.timeout=0"},
    {"blocked loop kill",   "GT012", "error",   "request.blocking_call=45; request.blocking_probability=0.05", "request.blocking_call=15; request.blocking_probability=0.05"},
    {"blocked loop maybe",  "GT012", "warning", "request.blocking_call=20; request.blocking_probability=0.05", "request.blocking_call=45; request.blocking_probability=0"},
    {"graceful misread",    "GT020", "warning", "server.timeout=300; server.graceful_timeout=320",            "server.timeout=300; server.graceful_timeout=200"},
    {"max_requests drain",  "GT021", "warning", "server.max_requests=1000; workload.calls=[[1000, 3000]]",    "server.max_requests=1000"},
    {"threads ignored",     "GT022", "warning", "server.threads=4",                                           "server.worker_class=gthread; server.threads=4"},
    {"sync runs gthread",   "GT022", "warning", "server.worker_class=sync; server.threads=4; server.timeout=120; server.keepalive=2", "server.worker_class=sync; server.timeout=120; server.keepalive=2"},
    {"whole seconds",       "GT023", "error",   "server.keepalive=2.5",                                       "server.keepalive=3"},
    {"limit_concurrency",   "GT024", "warning", "server.limit_concurrency=10",                                ""},
    {"client first",        "GT030", "warning", "workload.client_timeout=30",                                 "workload.client_timeout=60"},
    {"read vs generation",  "GT031", "error",   "http_client.read_timeout=2",                                 "http_client.read_timeout=4"},
    {"read vs first token", "GT031", "error",   "workload.stream=true; http_client.read_timeout=0.2",         "workload.stream=true; http_client.read_timeout=0.5"},
    {"keepalive vs lb",     "GT040", "warning", "server.keepalive=2",                                         "server.keepalive=60"},
    {"keepalive override",  "GT041", "info",    "",                                                           "server.worker_class=gthread"},
    {"call vs lb idle",     "GT042", "error",   "workload.calls=[[1000, 5000]]",                              "workload.calls=[[1000, 3900]]"},
    {"worst vs lb idle",    "GT043", "warning", "http_client.read_timeout=55",                                "http_client.read_timeout=40"},
    {"db pool vs lb idle",  "GT044", "warning", "db_pool.pool_timeout=90",                                      "db_pool.pool_timeout=60"},
    {"http pool vs lb idle","GT044", "warning", "http_client.pool_timeout=90; http_client.read_timeout=100; load_balancer.idle_timeout=80", "http_client.pool_timeout=80; http_client.read_timeout=100; load_balancer.idle_timeout=80"},
    {"client per request",  "GT050", "error",   "http_client.mode=per_request",                               ""},
    {"keepalive > max",     "GT051", "warning", "http_client.max_keepalive_connections=200",                  "http_client.max_keepalive_connections=100"},
    {"http2",               "GT052", "warning", "http_client.http2=true",                                     ""},
    {"pool vs read",        "GT053", "warning", "http_client.pool_timeout=40",                                "http_client.pool_timeout=39"},
    {"rpm",                 "GT060", "error",   "upstream.rpm=30; workload.repeats=20",                       "upstream.rpm=100; workload.repeats=20"},
    {"tpm demand",          "GT061", "error",   "upstream.tpm=20000; workload.repeats=20",                    "upstream.tpm=1000000; workload.repeats=20"},
    {"tpm single call",     "GT061", "error",   "upstream.tpm=2000",                                          "upstream.tpm=2100; workload.users=1; workload.think_time=60; workload.calls=[[2000, 100]]"},
    {"retries saturate",    "GT062", "error",   "upstream.slots=1; http_client.max_attempts=3",               "upstream.slots=1; http_client.max_attempts=3; upstream.cancel_on_disconnect=true"},
    {"retries could",       "GT062", "warning", "upstream.slots=8; http_client.max_attempts=3",               "upstream.slots=8; http_client.max_attempts=1"},
    {"slots",               "GT063", "warning", "upstream.slots=2",                                           "upstream.slots=4"},
};
// clang-format on

}  // namespace

class TestRules : public QObject {
    Q_OBJECT
private slots:
    void triggersAndNeighbourIsQuiet_data() {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("severity");
        QTest::addColumn<QString>("trigger");
        QTest::addColumn<QString>("quiet");
        for (const Row& r : kRows) QTest::newRow(r.name) << QString(r.rule) << QString(r.severity) << QString(r.trigger) << QString(r.quiet);
    }
    void triggersAndNeighbourIsQuiet() {
        QFETCH(QString, rule);
        QFETCH(QString, severity);
        QFETCH(QString, trigger);
        QFETCH(QString, quiet);
        const auto hit = findings_of(trigger, rule);
        QVERIFY2(!hit.empty(), qPrintable(rule + " does not fire on: " + trigger));
        bool severity_seen = false;
        for (const auto& f : hit) {
            severity_seen |= QString::fromLatin1(sim::validation::to_string(f.severity).data()) == severity;
            QVERIFY2(!f.message.empty() && f.message.find('\n') == std::string::npos, "one-line message");
            QVERIFY2(!f.keys.empty(), "a finding names the keys to change");
            for (const std::string& k : f.keys) QVERIFY2(sim::find_key(k), k.c_str());
        }
        QVERIFY2(severity_seen, qPrintable(rule + " is not " + severity + ": " + QString::fromStdString(hit.front().message)));
        if (rule != "GT041") {  // GT041 is about every uvicorn configuration, the clean one included
            const auto base = findings_of("", rule);
            QVERIFY2(base.empty(), qPrintable(rule + " fires on the clean fixture: " + QString::fromStdString(base.empty() ? "" : base.front().message)));
        }
        const auto near = findings_of(quiet, rule);
        QVERIFY2(near.empty(), qPrintable(rule + " fires on its neighbour " + quiet + ": " + QString::fromStdString(near.empty() ? "" : near.front().message)));
    }

    void everyRuleHasFixtures() {
        std::set<std::string> covered;
        for (const Row& r : kRows) covered.insert(r.rule);
        for (const auto& rule : sim::validation::all_rules()) QVERIFY2(covered.count(std::string(rule.id)), std::string(rule.id).c_str());
    }

    void everyRuleIsDocumented() {
        std::string last;
        for (const auto& rule : sim::validation::all_rules()) {
            QVERIFY(rule.id.size() == 5 && rule.id.starts_with("GT"));
            QVERIFY2(std::string(rule.id) > last, "sorted, unique ids");
            last = rule.id;
            QVERIFY(!rule.name.empty());
            QVERIFY2(rule.explanation.size() > 80, std::string(rule.id).c_str());
            QVERIFY2(rule.model_ref.starts_with("MODEL.md §"), std::string(rule.id).c_str());
            QVERIFY(rule.check != nullptr);
            QCOMPARE(sim::validation::find_rule(rule.id), &rule);
        }
        QVERIFY(sim::validation::find_rule("GT999") == nullptr);
    }

    void readmeListsEveryRule() {
        QFile f(QString(GATETUNE_SOURCE_DIR) + "/README.md");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const std::string readme = f.readAll().toStdString();
        for (const auto& rule : sim::validation::all_rules()) {
            const std::string row = "| " + std::string(rule.id) + " `" + std::string(rule.name) + "` |";
            QVERIFY2(readme.find(row) != std::string::npos, row.c_str());
        }
    }

    void messagesCarryTheNumbers() {
        const auto f = findings_of("server.workers=8", "GT001");
        QCOMPARE(f.size(), std::size_t{1});
        QCOMPARE(f.front().message, std::string("8 workers × (10 + 5) × 1 replica = 120 PostgreSQL connections at peak, but only 97 "
                                                "are available (max_connections 100 − 3 reserved − 0 other); pool_size + "
                                                "max_overflow ≤ 12 would fit"));
    }

    void noLoadBalancerSilencesTheLoadBalancerRules() {
        for (const char* rule : {"GT040", "GT042", "GT043", "GT044"}) {
            QVERIFY(findings_of("load_balancer.enabled=false; server.keepalive=2; workload.calls=[[1000, 5000]]; db_pool.pool_timeout=90", rule).empty());
        }
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestRules)
#include "test_rules.moc"
