// The key table: defaults read from config.hpp, every entry well-formed and in range, value
// text round trips, key suggestions, and presets/README.md carrying the generated reference
// verbatim (run with GATETUNE_UPDATE_DOCS=1 to rewrite the generated blocks after a change).
#include "qtest_suite.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>

#include "qtest_std_string.hpp"
#include "sim/preset/config_schema.hpp"
#include "sim/outcome.hpp"
#include "sim/preset/preset_io.hpp"

using namespace gatetune::sim;


namespace {

const std::string kReadme = std::string(GATETUNE_SOURCE_DIR) + "/presets/README.md";

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string begin_marker(const std::string& what) { return "<!-- BEGIN GENERATED: " + what + " -->\n"; }
std::string end_marker(const std::string& what) { return "<!-- END GENERATED: " + what + " -->"; }

// The text between the markers, or "(missing markers)".
std::string generated_block(const std::string& doc, const std::string& what) {
    const auto b = doc.find(begin_marker(what));
    const auto e = doc.find(end_marker(what));
    if (b == std::string::npos || e == std::string::npos || e < b) return "(missing markers)";
    const auto start = b + begin_marker(what).size();
    return doc.substr(start, e - start);
}

std::string with_block(std::string doc, const std::string& what, const std::string& body) {
    const auto b = doc.find(begin_marker(what));
    const auto e = doc.find(end_marker(what));
    if (b == std::string::npos || e == std::string::npos) return doc;
    const auto start = b + begin_marker(what).size();
    return doc.replace(start, e - start, body);
}

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

class TestConfigSchema : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreConfigHpp() {
        const Config d;
        const auto text = [&](std::string_view key) { return format_value(d, *find_key(key)); };
        QCOMPARE(text("server.workers"), std::string("1"));
        QCOMPARE(text("server.worker_class"), std::string("\"sync\""));
        QCOMPARE(text("server.timeout"), std::string("30.0"));
        QCOMPARE(text("server.keepalive"), std::string("2.0"));
        QCOMPARE(text("server.backlog"), std::string("2048"));
        QCOMPARE(text("db_pool.pool_size"), std::string("5"));
        QCOMPARE(text("db_pool.max_overflow"), std::string("10"));
        QCOMPARE(text("db_pool.pool_timeout"), std::string("30.0"));
        QCOMPARE(text("db_pool.pool_recycle"), std::string("-1.0"));
        QCOMPARE(text("db_pool.connect_time"), std::string("{ dist = \"lognormal\", median = 0.004, p99 = 0.02 }"));
        QCOMPARE(text("db_server.max_connections"), std::string("100"));
        QCOMPARE(text("db_server.superuser_reserved_connections"), std::string("3"));
        QCOMPARE(text("http_client.mode"), std::string("\"shared\""));
        QCOMPARE(text("http_client.max_connections"), std::string("100"));
        QCOMPARE(text("http_client.max_keepalive_connections"), std::string("20"));
        QCOMPARE(text("http_client.read_timeout"), std::string("5.0"));
        QCOMPARE(text("http_client.timeout"), std::string("5.0"));  // all four agree
        QCOMPARE(text("request.parse_cpu"), std::string("0.003"));
        QCOMPARE(text("workload.calls"), std::string("[]"));
        QCOMPARE(text("workload.input_tokens"), std::string());  // unset optional
        QCOMPARE(text("slo.p99"), std::string());
        QCOMPARE(text("slo.max_cause_rate"), std::string("{}"));
        QCOMPARE(text("simulation.seed"), std::string("1"));
        QCOMPARE(text("deployment.replicas"), std::string("1"));
        QCOMPARE(text("name"), std::string("\"\""));
        // Stack model II
        QCOMPARE(text("request.close_after_error_delay"), std::string("0.002"));
        QCOMPARE(text("request.session_create_race"), std::string("true"));
        QCOMPARE(text("workload.api_keys"), std::string("1"));
        QCOMPARE(text("workload.trace"), std::string("\"\""));
        QCOMPARE(text("workload.time_scale"), std::string("1.0"));
        QCOMPARE(text("load_balancer.enabled"), std::string("false"));
        QCOMPARE(text("load_balancer.idle_timeout"), std::string("60.0"));
        QCOMPARE(text("load_balancer.connect_timeout"), std::string("10.0"));
        QCOMPARE(text("load_balancer.race_window"), std::string("0.001"));
        QCOMPARE(text("load_balancer.network_rtt"), std::string("0.0005"));
        QCOMPARE(text("rate_limiter.enabled"), std::string("false"));
        QCOMPARE(text("rate_limiter.requests_per_minute"), std::string("0"));
        QCOMPARE(text("rate_limiter.max_queue_wait"), std::string("0.0"));
        QCOMPARE(text("rate_limiter.per_worker"), std::string("true"));
        QCOMPARE(text("faults.upstream_slowdown"), std::string("[]"));
        QCOMPARE(text("faults.upstream_outage"), std::string("[]"));
        QCOMPARE(text("faults.upstream_error_burst"), std::string("[]"));
        QCOMPARE(text("faults.db_slowdown"), std::string("[]"));
    }

    // Every field of the new tables has its key (a field without one could not be set from a preset).
    void stackModelTwoKeys() {
        const std::vector<std::string_view> expected = {
            "load_balancer.enabled", "load_balancer.idle_timeout", "load_balancer.connect_timeout",
            "load_balancer.race_window", "load_balancer.network_rtt",
            "rate_limiter.enabled", "rate_limiter.requests_per_minute", "rate_limiter.tokens_per_minute",
            "rate_limiter.burst_requests", "rate_limiter.burst_tokens", "rate_limiter.window", "rate_limiter.max_concurrent",
            "rate_limiter.max_queue_wait", "rate_limiter.per_worker",
            "faults.upstream_slowdown", "faults.upstream_outage", "faults.upstream_error_burst", "faults.db_slowdown",
        };
        std::vector<std::string_view> actual;
        for (const KeySpec& k : config_schema()) {
            if (k.table() == "load_balancer" || k.table() == "rate_limiter" || k.table() == "faults") actual.push_back(k.key);
        }
        QCOMPARE(actual, expected);
        for (const std::string_view key : {"request.close_after_error_delay", "request.session_create_race", "workload.api_keys",
                                           "workload.trace", "workload.time_scale"}) {
            QVERIFY2(find_key(key) != nullptr, key.data());
        }
        QCOMPARE(find_key("load_balancer.idle_timeout")->min, 1.0);
        QCOMPARE(find_key("load_balancer.idle_timeout")->max, 4000.0);
        QCOMPARE(find_key("faults.upstream_outage")->type, KeyType::WindowList);
    }

    void everyEntryIsWellFormed() {
        std::set<std::string_view> keys;
        std::set<std::string_view> tables;
        for (const TableSpec& t : config_tables()) tables.insert(t.name);
        for (const KeySpec& k : config_schema()) {
            QVERIFY2(keys.insert(k.key).second, k.key.data());
            QVERIFY2(k.table().empty() || tables.count(k.table()), k.key.data());
            QVERIFY2(!k.doc.empty(), k.key.data());
            QVERIFY2(k.access.get && k.access.set, k.key.data());
            QVERIFY2(find_key(k.key) == &k, k.key.data());
            QVERIFY2((k.type == KeyType::Enum) == !k.allowed.empty(), k.key.data());
            QVERIFY2(!k.allowed_text().empty() && !k.type_text().empty(), k.key.data());
        }
        QVERIFY(keys.size() > 100);
        for (const std::string_view t : tables) {
            QVERIFY2(std::any_of(keys.begin(), keys.end(), [&](std::string_view k) { return k.starts_with(std::string(t) + "."); }),
                     t.data());
        }
    }

    // A default outside its own range would make write_preset(all keys) unreadable.
    void defaultsParseBackThroughTheirOwnKey() {
        const Config d;
        for (const KeySpec& k : config_schema()) {
            const std::string text = format_value(d, k);
            if (text.empty()) continue;
            try {
                const Value v = parse_value(k, text);
                QVERIFY2(values_equal(v, k.get(d)), qPrintable(q(std::string(k.key) + " = " + text)));
            } catch (const PresetError& e) {
                QFAIL(e.what());
            }
        }
    }

    void enumSpellings() {
        QCOMPARE(std::string(to_string(WorkerClass::Sync)), std::string("sync"));
        QCOMPARE(std::string(to_string(WorkerClass::Gthread)), std::string("gthread"));
        QCOMPARE(std::string(to_string(WorkerClass::Uvicorn)), std::string("uvicorn"));
        QCOMPARE(std::string(to_string(DbHolding::PerRequest)), std::string("per_request"));
        QCOMPARE(std::string(to_string(DbHolding::PerQuery)), std::string("per_query"));
        QCOMPARE(std::string(to_string(HttpClientMode::PerRequest)), std::string("per_request"));
        QCOMPARE(std::string(to_string(HttpClientMode::Shared)), std::string("shared"));
        QCOMPARE(std::string(to_string(WorkloadKind::Sessions)), std::string("sessions"));
        QCOMPARE(std::string(to_string(WorkloadKind::Open)), std::string("open"));
        QCOMPARE(std::string(to_string(WorkloadKind::Trace)), std::string("trace"));
        const KeySpec& wc = *find_key("server.worker_class");
        QCOMPARE(canonical_enum(wc, "uvicorn.workers.UvicornWorker"), std::string_view("uvicorn"));
        QCOMPARE(canonical_enum(wc, "gthread"), std::string_view("gthread"));
        QVERIFY(canonical_enum(wc, "async").empty());
        // Every spelling sets the field and reads back.
        for (const KeySpec& k : config_schema()) {
            if (k.type != KeyType::Enum) continue;
            for (const std::string_view a : k.allowed) {
                Config c;
                k.set(c, std::string(a));
                QCOMPARE(std::get<std::string>(k.get(c)), std::string(a));
            }
        }
    }

    void accessorsReachTheField() {
        Config c;
        find_key("db_pool.pool_size")->set(c, std::int64_t{7});
        QCOMPARE(c.db_pool.pool_size, 7);
        find_key("http_client.read_timeout")->set(c, 120.0);
        QCOMPARE(c.http_client.read_timeout, 120.0);
        find_key("server.worker_class")->set(c, std::string("uvicorn"));
        QVERIFY(c.server.worker_class == WorkerClass::Uvicorn);
        find_key("slo.p99")->set(c, 2.5);
        QCOMPARE(c.slo.p99.value(), 2.5);
        find_key("slo.p99")->set(c, Value{});
        QVERIFY(!c.slo.p99.has_value());
        find_key("simulation.seed")->set(c, std::int64_t{9007199254740993});
        QCOMPARE(c.simulation.seed, std::uint64_t{9007199254740993});
        find_key("deployment.replicas")->set(c, std::int64_t{3});
        QCOMPARE(c.replicas, 3);
        find_key("slo.max_cause_rate")->set(c, CauseRates{{"worker_killed", 0.0}, {"db_pool_timeout", 0.01}});
        QCOMPARE(c.slo.max_cause_rate.front().first, std::string("db_pool_timeout"));  // kept sorted
        find_key("faults.db_slowdown")->set(c, std::vector<FaultWindow>{{10, 20, 3}});
        QCOMPARE(c.faults.db_slowdown.at(0).value, 3.0);
        find_key("load_balancer.idle_timeout")->set(c, 300.0);
        QCOMPARE(c.load_balancer.idle_timeout, 300.0);
        find_key("rate_limiter.max_concurrent")->set(c, std::int64_t{16});
        QCOMPARE(c.rate_limiter.max_concurrent, 16);
        find_key("workload.trace")->set(c, std::string("presets/traces/burst.csv"));
        QCOMPARE(c.workload.trace, std::string("presets/traces/burst.csv"));
    }

    void windowTextRoundTrips() {
        const KeySpec& k = *find_key("faults.upstream_slowdown");
        const std::vector<FaultWindow> windows = {{0, 0.5, 2}, {60, 120, 4.25}, {120, 1e9, 1e-3}};
        const std::string text = format_value(windows);
        QCOMPARE(text, std::string("[[0.0, 0.5, 2.0], [60.0, 120.0, 4.25], [120.0, 1000000000.0, 0.001]]"));
        QVERIFY(values_equal(parse_value(k, text), windows));
        QVERIFY(!values_equal(windows, std::vector<FaultWindow>{{0, 0.5, 2}, {60, 120, 4.25}, {120, 1e9, 2e-3}}));
        QVERIFY(!values_equal(windows, std::vector<RateStep>{}));
        QCOMPARE(format_value(std::vector<FaultWindow>{}), std::string("[]"));
        // An outage's [start, end] reads as the fixed value and is written with it.
        const Value outage = parse_value(*find_key("faults.upstream_outage"), "[[5, 6]]");
        QCOMPARE(format_value(outage), std::string("[[5.0, 6.0, 1.0]]"));
    }

    void httpTimeoutConvenienceSetsAllFour() {
        Config c;
        const KeySpec& t = *find_key("http_client.timeout");
        QVERIFY(t.write_only);
        t.set(c, 120.0);
        QCOMPARE(c.http_client.connect_timeout, 120.0);
        QCOMPARE(c.http_client.read_timeout, 120.0);
        QCOMPARE(c.http_client.write_timeout, 120.0);
        QCOMPARE(c.http_client.pool_timeout, 120.0);
        QCOMPARE(format_value(c, t), std::string("120.0"));
        c.http_client.connect_timeout = 10;
        QCOMPARE(format_value(c, t), std::string());  // no single value any more
    }

    void floatText() {
        QCOMPARE(format_float(30), std::string("30.0"));
        QCOMPARE(format_float(-1), std::string("-1.0"));
        QCOMPARE(format_float(0.0005), std::string("0.0005"));
        QCOMPARE(format_float(1e-05), std::string("0.00001"));
        QCOMPARE(format_float(1e-300), std::string("1e-300"));
        QCOMPARE(format_float(0.1 + 0.2), std::string("0.30000000000000004"));
        QCOMPARE(format_float(1e20), std::string("1e+20"));
        QCOMPARE(format_float(std::numeric_limits<double>::infinity()), std::string("inf"));
        QCOMPARE(quote_toml_string("a \"b\"\\\n\x01"), std::string("\"a \\\"b\\\"\\\\\\n\\u0001\""));
    }

    void distributionTextRoundTrips() {
        const KeySpec& k = *find_key("request.blocking_call");
        const std::vector<Distribution> ds = {
            Distribution::constant(0.25),
            Distribution::constant(2).truncated(3),
            Distribution::uniform(0.1, 0.3),
            Distribution::exponential(0.2).truncated(1),
            Distribution::normal(1, 0.1),
            Distribution::lognormal(-3, 0.7),
            Distribution::lognormal_from_median_p99(0.004, 0.05),
            Distribution::lognormal_from_mean_stddev(0.3, 0.1).truncated(2),
            Distribution::pareto(0.5, 2.5),
            Distribution::empirical({0.3, 0.1, 0.2, 0.1}),
        };
        for (const Distribution& d : ds) {
            const std::string text = format_distribution(d);
            const Value back = parse_value(k, text);
            QVERIFY2(values_equal(back, d), text.c_str());
            QCOMPARE(format_distribution(std::get<Distribution>(back)), text);
        }
        QCOMPARE(format_distribution(Distribution::lognormal_from_median_p99(0.004, 0.05)),
                 std::string("{ dist = \"lognormal\", median = 0.004, p99 = 0.05 }"));
        QCOMPARE(format_distribution(Distribution::uniform(1, 2)),
                 std::string("{ dist = \"uniform\", min = 1.0, max = 2.0 }"));
        QCOMPARE(format_distribution(Distribution::exponential(0.2).truncated(1)),
                 std::string("{ dist = \"exponential\", mean = 0.2, cap = 1.0 }"));
        QCOMPARE(format_distribution(Distribution::empirical({3, 1, 2})),
                 std::string("{ dist = \"empirical\", samples = [1.0, 2.0, 3.0] }"));
    }

    void suggestions() {
        QCOMPARE(suggest_key("db_pool.pool_timout"), std::string_view("db_pool.pool_timeout"));
        QCOMPARE(suggest_key("server.worker"), std::string_view("server.workers"));
        QCOMPARE(suggest_key("seed"), std::string_view("simulation.seed"));
        QCOMPARE(suggest_key("db_pool.max_connections"), std::string_view("db_server.max_connections"));
        QVERIFY(suggest_key("server.colour_scheme").empty());
        QCOMPARE(suggest_table("dbpool"), std::string_view("db_pool"));
        QCOMPARE(suggest_table("sever"), std::string_view("server"));
        QVERIFY(suggest_table("frobnicator").empty());
        QVERIFY(find_key("db_pool.nope") == nullptr);
    }

    // A megabyte-long unknown key (fuzzing found a 190-byte `--set` key costing milliseconds):
    // only keys within the suggestion distance are compared, so the answer is immediate and the
    // same as before — the right name in the wrong table is still found.
    void suggestionsForHugeKeys() {
        const std::string junk(1 << 20, 'x');
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(suggest_key(junk + ".pool_size"), std::string_view("db_pool.pool_size"));
        QVERIFY(suggest_key(junk).empty());
        QVERIFY(suggest_table(junk).empty());
        QVERIFY2(timer.elapsed() < 1000, "suggestions for a huge key took over a second");
    }

    void allowedText() {
        QCOMPARE(find_key("db_pool.pool_size")->allowed_text(), std::string("integer 0 to 10000"));
        QCOMPARE(find_key("http_client.read_timeout")->allowed_text(), std::string("seconds greater than 0, at most 1000000"));
        QCOMPARE(find_key("simulation.seed")->allowed_text(), std::string("integer 0 or more"));
        QCOMPARE(find_key("server.worker_class")->allowed_text(),
                 std::string("one of \"sync\", \"gthread\", \"uvicorn\" (\"uvicorn.workers.UvicornWorker\" means \"uvicorn\")"));
        QCOMPARE(find_key("load_balancer.idle_timeout")->allowed_text(), std::string("seconds 1 to 4000"));
        QCOMPARE(find_key("workload.api_keys")->allowed_text(), std::string("integer 1 to 1000000"));
        QCOMPARE(find_key("faults.upstream_slowdown")->allowed_text(),
                 std::string("[start, end, factor] windows: 0 ≤ start < end ≤ 1000000000 s, in time order, not overlapping; "
                             "factor greater than 0, at most 1000000"));
        QCOMPARE(find_key("faults.upstream_error_burst")->type_text(), std::string("list of [start, end, probability] windows"));
        QCOMPARE(find_key("faults.upstream_outage")->type_text(), std::string("list of [start, end] windows"));
        QCOMPARE(find_key("faults.upstream_outage")->allowed_text(),
                 std::string("[start, end] windows: 0 ≤ start < end ≤ 1000000000 s, in time order, not overlapping (a third "
                             "number, if given, must be 1)"));
    }

    void markdownCoversEveryKeyAndCause() {
        const std::string md = schema_markdown();
        for (const KeySpec& k : config_schema()) QVERIFY2(md.find("| `" + std::string(k.key) + "` |") != std::string::npos, k.key.data());
        for (const TableSpec& t : config_tables()) QVERIFY(md.find("### `[" + std::string(t.name) + "]`") != std::string::npos);
        const std::string causes = causes_markdown();
        for (std::size_t i = 0; i < kCauseCount; ++i) {
            QVERIFY(causes.find("- `" + std::string(to_string(static_cast<Cause>(i))) + "` — ") != std::string::npos);
        }
    }

    void readmeCarriesTheGeneratedReference() {
        std::string doc = read_text(kReadme);
        QVERIFY2(!doc.empty(), qPrintable(q("cannot read " + kReadme)));
        if (qEnvironmentVariableIsSet("GATETUNE_UPDATE_DOCS")) {
            doc = with_block(doc, "schema_markdown()", schema_markdown());
            doc = with_block(doc, "causes_markdown()", causes_markdown());
            std::ofstream(kReadme, std::ios::binary) << doc;
            qInfo("rewrote the generated blocks of %s", kReadme.c_str());
        }
        // On failure: GATETUNE_UPDATE_DOCS=1 ./test_sim_config_schema rewrites the blocks.
        QVERIFY2(generated_block(doc, "schema_markdown()") == schema_markdown(),
                 "presets/README.md key reference differs from schema_markdown(); rerun with GATETUNE_UPDATE_DOCS=1");
        QVERIFY2(generated_block(doc, "causes_markdown()") == causes_markdown(),
                 "presets/README.md Causes differ from causes_markdown(); rerun with GATETUNE_UPDATE_DOCS=1");
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestConfigSchema)
#include "test_config_schema.moc"
