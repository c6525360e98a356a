// Presets in and out: every key round trips (--set → write_preset → parse), every kind of
// mistake gives the exact file:line:column and message, overrides, and the httpx.Timeout(x)
// convenience key.
#include "qtest_suite.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "qtest_std_string.hpp"
#include "sim/preset/config_schema.hpp"
#include "sim/preset/preset_io.hpp"

using namespace gatetune::sim;


namespace {

// The smallest valid preset: a workload needs something to send.
constexpr std::string_view kMinimal = "[workload]\ncalls = [[664, 2]]\n";

Config base_config() {
    Config c = parse_preset(kMinimal, "base.toml");
    c.workload.input_tokens = Distribution::constant(100);
    c.workload.output_tokens = Distribution::constant(50);
    return c;
}

// A valid value different from the default, for every key type.
Value sample_value(const KeySpec& k, const Config& defaults) {
    const Value def = k.get(defaults);
    switch (k.type) {
        case KeyType::Int: {
            auto v = static_cast<std::int64_t>(k.min) + 7;
            if (values_equal(def, v)) ++v;
            return v;
        }
        case KeyType::Float:
        case KeyType::Duration: {
            const double v = k.min + (std::isfinite(k.max) ? (k.max - k.min) * 0.37 : 1.37);
            return values_equal(def, v) ? v / 2 : v;
        }
        case KeyType::Bool: return !std::get<bool>(def);
        case KeyType::String: return std::string("a \"quoted\" text\nwith two lines");
        case KeyType::Enum:
            for (const std::string_view a : k.allowed) {
                if (!values_equal(def, std::string(a))) return std::string(a);
            }
            return {};
        case KeyType::Distribution: return Distribution::lognormal_from_median_p99(0.3, 1.2);
        case KeyType::CallList: return std::vector<CallSpec>{{1, 2}, {3, 4}};
        case KeyType::RateStepList: return std::vector<RateStep>{{0, 1.5}, {10, 3}};
        case KeyType::CauseRateTable: return CauseRates{{"db_pool_timeout", 0.01}, {"worker_killed", 0.0}};
        case KeyType::WindowList: {
            // Values inside the key's range: a fixed one (an outage) or two different ones.
            const double a = k.min == k.max ? k.min : std::min(k.max, k.min + 0.5);
            const double b = k.min == k.max ? k.min : std::min(k.max, k.min + 0.25);
            return std::vector<FaultWindow>{{0, 10, a}, {10, 30.5, b}, {60, 1e9, a}};
        }
    }
    return {};
}

// Keys whose values differ, as text for a failure message ("" when equal).
std::string differences(const Config& a, const Config& b) {
    std::string out;
    for (const KeySpec& k : config_schema()) {
        if (!values_equal(k.get(a), k.get(b))) {
            out += std::string(k.key) + ": " + format_value(a, k) + " vs " + format_value(b, k) + "\n";
        }
    }
    return out;
}

// The message of the PresetError that parsing throws, or "(no error)".
std::string error_of(std::string_view text, const std::string& source = "presets/x.toml") {
    try {
        parse_preset(text, source);
    } catch (const PresetError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string override_error(std::string_view assignment) {
    Config c = base_config();
    try {
        apply_override(c, assignment);
    } catch (const PresetError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

class TestPresetIo : public QObject {
    Q_OBJECT

private slots:
    void minimalPresetKeepsDefaults() {
        const Config c = parse_preset(kMinimal, "presets/incident.toml");
        QCOMPARE(c.name, std::string("incident"));  // the file stem
        QCOMPARE(c.workload.calls.size(), std::size_t{1});
        Config expected;
        expected.name = "incident";
        expected.workload.calls = {{664, 2}};
        QCOMPARE(differences(c, expected), std::string());
    }

    void fullPreset() {
        const Config c = parse_preset(R"(name = "incident"
description = "4 uvicorn workers, pool 5+10"
[server]
workers = 4
worker_class = "uvicorn.workers.UvicornWorker"
timeout = 300
[db_pool]
pool_pre_ping = true
connect_time = { dist = "lognormal", median = 0.004, p99 = 0.05, cap = 1 }
[http_client]
mode = "per_request"
timeout = 120
connect_timeout = 10
[upstream]
latency_factor = { dist = "pareto", scale = 1, shape = 3 }
[workload]
users = 10
calls = [[664, 2], [2280, 55],
         [3737, 321]]
think_time = 0.5
[slo]
max_error_rate = 0.01
p99 = 60
[slo.max_cause_rate]
worker_killed = 0
db_pool_timeout = 0.001
[simulation]
seed = 42
[deployment]
replicas = 2
)",
                                      "presets/incident.toml");
        QCOMPARE(c.name, std::string("incident"));
        QVERIFY(c.server.worker_class == WorkerClass::Uvicorn);
        QCOMPARE(c.server.timeout, 300.0);
        QVERIFY(c.db_pool.connect_time.cap().has_value());
        QVERIFY(c.http_client.mode == HttpClientMode::PerRequest);
        QCOMPARE(c.http_client.connect_timeout, 10.0);
        QCOMPARE(c.http_client.read_timeout, 120.0);
        QCOMPARE(c.http_client.write_timeout, 120.0);
        QCOMPARE(c.http_client.pool_timeout, 120.0);
        QCOMPARE(c.workload.calls.size(), std::size_t{3});
        QCOMPARE(c.workload.calls[2].output_tokens, 321);
        QVERIFY(c.workload.think_time == Distribution::constant(0.5));
        QCOMPARE(c.slo.max_error_rate.value(), 0.01);
        QVERIFY(!c.slo.p50.has_value());
        QCOMPARE(c.slo.max_cause_rate.size(), std::size_t{2});
        QCOMPARE(c.slo.max_cause_rate[0].first, std::string("db_pool_timeout"));
        QCOMPARE(c.simulation.seed, std::uint64_t{42});
        QCOMPARE(c.replicas, 2);
    }

    void everyKeyRoundTrips() {
        const Config defaults;
        for (const KeySpec& k : config_schema()) {
            Config c = base_config();
            const Value v = sample_value(k, defaults);
            apply_override(c, std::string(k.key) + "=" + format_value(v));
            QVERIFY2(values_equal(k.get(c), v), k.key.data());
            for (const bool all : {false, true}) {
                const std::string text = write_preset(c, all);
                Config back;
                try {
                    back = parse_preset(text, "roundtrip.toml");
                } catch (const PresetError& e) {
                    QFAIL(qPrintable(QString::fromStdString(std::string(k.key) + ": " + e.what() + "\n" + text)));
                }
                QVERIFY2(differences(c, back).empty(), qPrintable(QString::fromStdString(differences(c, back) + text)));
            }
        }
    }

    void everyKeyAtOnceRoundTrips() {
        const Config defaults;
        Config c = base_config();
        for (const KeySpec& k : config_schema()) {
            if (!k.write_only) k.set(c, sample_value(k, defaults));
        }
        QCOMPARE(changed_keys(c).size(), std::size_t(std::count_if(config_schema().begin(), config_schema().end(),
                                                                   [](const KeySpec& k) { return !k.write_only; })));
        for (const bool all : {false, true}) {
            const std::string text = write_preset(c, all);
            const Config back = parse_preset(text, "roundtrip.toml");
            QVERIFY2(differences(c, back).empty(), qPrintable(QString::fromStdString(differences(c, back))));
        }
    }

    void writtenPresetIsCommentedAndMinimal() {
        Config c = base_config();
        c.name = "pool";
        c.workload.input_tokens.reset();
        c.workload.output_tokens.reset();
        c.db_pool.pool_size = 20;
        c.workload.calls = {{664, 2}, {2280, 55}, {3737, 321}, {1371, 89}, {1517, 45}, {4161, 88}, {1966, 28}};
        const std::string text = write_preset(c);
        QCOMPARE(text, std::string(
            "# Gatetune preset. Keys not listed keep their defaults; presets/README.md documents every key.\n"
            "name = \"pool\"\n"
            "\n[db_pool]\n"
            "# SQLAlchemy `pool_size`: connections the QueuePool keeps open. Default: 5.\n"
            "pool_size = 20\n"
            "\n[workload]\n"
            "# The script: one [input_tokens, output_tokens] pair per call, e.g. the incident's [[664, 2],\n"
            "# [2280, 55], [3737, 321], …]. Default: [].\n"
            "calls = [\n"
            "    [664, 2], [2280, 55], [3737, 321], [1371, 89], [1517, 45], [4161, 88],\n"
            "    [1966, 28],\n"
            "]\n"));
        QCOMPARE(differences(parse_preset(text, "pool.toml"), c), std::string());
        QCOMPARE(changed_keys(c, base_config()).size(), std::size_t{5});  // name, pool_size, calls, tokens ×2
    }

    // ---- errors: exact place and message --------------------------------------------------

    void errorOutOfRange() {
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[db_pool]\npool_size = -3\n"),
                 std::string("presets/x.toml:4:1: db_pool.pool_size: -3 is out of range (allowed: integer 0 to 10000)"));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[http_client]\nread_timeout = 0\n"),
                 std::string("presets/x.toml:4:1: http_client.read_timeout: 0 is out of range (allowed: seconds greater "
                             "than 0, at most 1000000)"));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[request]\nleak_probability = 1.5\n"),
                 std::string("presets/x.toml:4:1: request.leak_probability: 1.5 is out of range (allowed: number 0 to 1)"));
    }

    void errorWrongType() {
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[server]\n  timeout = \"30s\"\n"),
                 std::string("presets/x.toml:4:3: server.timeout: expected a number of seconds, got string \"30s\""));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[server]\nworkers = 2.5\n"),
                 std::string("presets/x.toml:4:1: server.workers: expected an integer, got float 2.5"));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[db_pool]\npool_pre_ping = \"yes\"\n"),
                 std::string("presets/x.toml:4:1: db_pool.pool_pre_ping: expected true or false, got string \"yes\""));
        QCOMPARE(error_of("server = 3\n[workload]\ncalls = [[1, 2]]\n"),
                 std::string("presets/x.toml:1:1: server: expected a table [server], got integer 3"));
    }

    void errorUnknownKeyWithSuggestion() {
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[db_pool]\npool_timout = 3\n"),
                 std::string("presets/x.toml:4:1: db_pool.pool_timout: unknown key (did you mean db_pool.pool_timeout?)"));
        QCOMPARE(error_of("seed = 3\n[workload]\ncalls = [[1, 2]]\n"),
                 std::string("presets/x.toml:1:1: seed: unknown key (did you mean simulation.seed?)"));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[deployment]\ncolour = 3\n"),
                 std::string("presets/x.toml:4:1: deployment.colour: unknown key (allowed in [deployment]: replicas)"));
    }

    void errorUnknownTable() {
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n\n[dbpool]\npool_size = 3\n"),
                 std::string("presets/x.toml:4:1: dbpool: unknown table [dbpool] (did you mean [db_pool]?)"));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[workload.open]\nrate = 3\n"),
                 std::string("presets/x.toml:3:1: workload.open: unknown key (allowed in [workload]: kind, users, calls, "
                             "repeats, think_time, start_spread, client_timeout, network_rtt, stream, keepalive, rate, steps, ramp, "
                             "duration, input_tokens, output_tokens, api_keys, trace, time_scale)"));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[fault]\ndb_slowdown = [[1, 2, 3]]\n"),
                 std::string("presets/x.toml:3:1: fault: unknown table [fault] (did you mean [faults]?)"));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[load_balancer]\nidle_timeut = 300\n"),
                 std::string("presets/x.toml:4:1: load_balancer.idle_timeut: unknown key (did you mean "
                             "load_balancer.idle_timeout?)"));
    }

    void errorBadEnum() {
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[server]\nworker_class = \"async\"\n"),
                 std::string("presets/x.toml:4:1: server.worker_class: \"async\" is not allowed (allowed: one of \"sync\", "
                             "\"gthread\", \"uvicorn\" (\"uvicorn.workers.UvicornWorker\" means \"uvicorn\"))"));
        QCOMPARE(error_of("[workload]\nkind = \"closed\"\ncalls = [[1, 2]]\n"),
                 std::string("presets/x.toml:2:1: workload.kind: \"closed\" is not allowed (allowed: one of \"sessions\", "
                             "\"open\", \"trace\")"));
    }

    void errorBadDistribution() {
        const std::string head = "[workload]\ncalls = [[1, 2]]\n[db_pool]\n";
        QCOMPARE(error_of(head + "connect_time = { dist = \"lognormal\", median = 0.05, p99 = 0.004 }\n"),
                 std::string("presets/x.toml:4:1: db_pool.connect_time: invalid distribution: lognormal: p99 (0.004) must "
                             "be greater than median (0.05)"));
        QCOMPARE(error_of(head + "connect_time = { dist = \"lognormal\", medain = 0.05, p99 = 0.1 }\n"),
                 std::string("presets/x.toml:4:38: db_pool.connect_time: unknown field medain in a lognormal distribution "
                             "(allowed: median and p99, or mu and sigma, or mean and stddev (and optionally cap))"));
        QCOMPARE(error_of(head + "connect_time = { dist = \"lognormal\", median = 0.05, sigma = 0.1 }\n"),
                 std::string("presets/x.toml:4:1: db_pool.connect_time: a lognormal distribution takes median and p99, or "
                             "mu and sigma, or mean and stddev (and optionally cap)"));
        QCOMPARE(error_of(head + "connect_time = { dist = \"betas\", shape = 2 }\n"),
                 std::string("presets/x.toml:4:25: db_pool.connect_time: dist = \"betas\" is not a distribution (allowed: "
                             "\"constant\", \"uniform\", \"exponential\", \"normal\", \"lognormal\", \"pareto\", "
                             "\"gamma\", \"weibull\", \"empirical\")"));
        QCOMPARE(error_of(head + "connect_time = { median = 0.05 }\n"),
                 std::string("presets/x.toml:4:1: db_pool.connect_time: a distribution table needs dist = \"constant\", "
                             "\"uniform\", \"exponential\", \"normal\", \"lognormal\", \"pareto\", \"gamma\", \"weibull\", \"empirical\""));
        QCOMPARE(error_of(head + "connect_time = -0.5\n"),
                 std::string("presets/x.toml:4:1: db_pool.connect_time: distribution value -0.5 is out of range (allowed: "
                             "distribution of values ≥ 0)"));
        QCOMPARE(error_of(head + "connect_time = \"fast\"\n"),
                 std::string("presets/x.toml:4:1: db_pool.connect_time: expected a number or a distribution such as "
                             "{ dist = \"lognormal\", median = 0.004, p99 = 0.05 }, got string \"fast\""));
    }

    void errorBadLists() {
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2],\n  [3, -4]]\n"),
                 std::string("presets/x.toml:3:7: workload.calls: [1] output_tokens -4 is out of range (allowed: "
                             "[input, output] pairs of integers 0 to 10000000)"));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2], [3]]\n"),
                 std::string("presets/x.toml:2:18: workload.calls: [1] expected a pair of integers [input_tokens, "
                             "output_tokens], got an array of 1 values"));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\nsteps = [[60, 5.0], [30, 1]]\n"),
                 std::string("presets/x.toml:3:22: workload.steps: [1] at 30 s is not after the previous step's 60 s "
                             "(steps must be in increasing time order)"));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[slo.max_cause_rate]\ndb_pool_timout = 0.1\n"),
                 std::string("presets/x.toml:4:1: slo.max_cause_rate: unknown cause db_pool_timout (allowed: ok, "
                             "db_pool_timeout, db_too_many_clients, http_pool_timeout, upstream_connect_timeout, "
                             "upstream_connect_error, upstream_read_timeout, upstream_error, upstream_rate_limited, context_length_exceeded, "
                             "worker_killed, lb_idle_timeout, lb_keepalive_race, lb_target_closed, concurrency_limit, "
                             "backlog_full, client_timeout, gateway_rate_limited, closed_after_error, "
                             "session_create_race, db_error, invalid_request, invalid_api_key, lb_client_idle_close)"));
    }

    void errorTomlSyntax() {
        QCOMPARE(error_of("[server]\nworkers = 4\ntimeout = 30s\n"),
                 std::string("presets/x.toml:3:13: TOML syntax error: Error while parsing decimal integer: expected digit, "
                             "saw 's'"));
        QCOMPARE(error_of("[server]\nworkers = 4\nworkers = 5\n"),
                 std::string("presets/x.toml:3:11: TOML syntax error: Error while parsing key-value pair: cannot redefine "
                             "existing integer 'workers'"));
        try {
            parse_preset("a = [1,\n", "p.toml");
            QFAIL("no error");
        } catch (const PresetError& e) {
            QCOMPARE(e.file(), std::string("p.toml"));
            QCOMPARE(e.line(), 1);  // toml++ places end-of-file after the last complete line
            QCOMPARE(e.column(), 9);
            QVERIFY(e.key().empty());
            QCOMPARE(std::string(e.what()), std::string("p.toml:1:9: TOML syntax error: Error while parsing array: "
                                                        "encountered end-of-file"));
        }
    }

    void errorCrossKey() {
        QCOMPARE(error_of("[workload]\nkind = \"sessions\"\n"),
                 std::string("presets/x.toml: workload.calls: the workload has no calls (give calls = [[input_tokens, "
                             "output_tokens], …], or both input_tokens and output_tokens distributions, or kind = "
                             "\"trace\" with a trace file)"));
        QCOMPARE(error_of("[workload]\ncalls = []\n"),
                 std::string("presets/x.toml:2:1: workload.calls: the workload has no calls (give calls = [[input_tokens, "
                             "output_tokens], …], or both input_tokens and output_tokens distributions, or kind = "
                             "\"trace\" with a trace file)"));
        QCOMPARE(error_of("[workload]\nkind = \"open\"\ninput_tokens = 100\n"),
                 std::string("presets/x.toml:3:1: workload.input_tokens: needs workload.output_tokens too (requests draw "
                             "both token counts)"));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[db_server]\nmax_connections = 3\n"),
                 std::string("presets/x.toml: db_server.superuser_reserved_connections: 3 must be less than "
                             "max_connections (3); PostgreSQL refuses to start otherwise"));
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\n[slo]\np50 = 2\np99 = 1\n"),
                 std::string("presets/x.toml:4:1: slo.p50: 2 s exceeds slo.p99 (1 s); a median cannot be above the 99th "
                             "percentile"));
        // Open loop with token distributions and no script is fine; so is keep-alive > max (httpx allows it).
        const Config c = parse_preset("[workload]\nkind = \"open\"\ninput_tokens = { dist = \"uniform\", min = 100, max = 4000 }\n"
                                      "output_tokens = 200\n[http_client]\nmax_connections = 10\nmax_keepalive_connections = 50\n",
                                      "open.toml");
        QVERIFY(c.workload.input_tokens.has_value());
        QCOMPARE(c.http_client.max_keepalive_connections, 50);
    }

    // ---- stack model II: fault windows, trace replay ------------------------------------------

    void faultWindows() {
        const Config c = parse_preset("[workload]\ncalls = [[1, 2]]\n[faults]\n"
                                      "upstream_slowdown = [[60, 120, 4.0], [120, 130, 1.5]]\n"
                                      "upstream_outage = [[10, 20], [30, 40.5, 1]]\n"
                                      "upstream_error_burst = [[0, 5.5, 0.5]]\n"
                                      "db_slowdown = []\n",
                                      "f.toml");
        QCOMPARE(c.faults.upstream_slowdown.size(), std::size_t{2});
        QCOMPARE(c.faults.upstream_slowdown[1].start, 120.0);
        QCOMPARE(c.faults.upstream_slowdown[1].value, 1.5);
        QCOMPARE(c.faults.upstream_outage.size(), std::size_t{2});
        QCOMPARE(c.faults.upstream_outage[0].value, 1.0);  // [start, end]: the fixed value
        QCOMPARE(c.faults.upstream_outage[1].end, 40.5);
        QCOMPARE(c.faults.upstream_error_burst[0].value, 0.5);
        QVERIFY(c.faults.db_slowdown.empty());
        QCOMPARE(format_value(c, *find_key("faults.upstream_slowdown")), std::string("[[60.0, 120.0, 4.0], [120.0, 130.0, 1.5]]"));
        QCOMPARE(format_value(c, *find_key("faults.upstream_outage")), std::string("[[10.0, 20.0, 1.0], [30.0, 40.5, 1.0]]"));
        QCOMPARE(differences(parse_preset(write_preset(c), "f.toml"), c), std::string());
        Config d = base_config();
        apply_override(d, "faults.db_slowdown=[[5, 10, 3]]");
        QCOMPARE(d.faults.db_slowdown.at(0).value, 3.0);
    }

    void errorBadWindows() {
        const std::string head = "[workload]\ncalls = [[1, 2]]\n[faults]\n";
        QCOMPARE(error_of(head + "upstream_slowdown = 3\n"),
                 std::string("presets/x.toml:4:1: faults.upstream_slowdown: expected a list of [start, end, factor] windows "
                             "such as [[60, 120, 4]], got integer 3"));
        QCOMPARE(error_of(head + "upstream_slowdown = [[60, 120]]\n"),
                 std::string("presets/x.toml:4:22: faults.upstream_slowdown: [0] expected [start, end, factor], got an "
                             "array of 2 values"));
        QCOMPARE(error_of(head + "upstream_slowdown = [[60, 120, 0]]\n"),
                 std::string("presets/x.toml:4:32: faults.upstream_slowdown: [0] factor 0 is out of range (allowed: [start, "
                             "end, factor] windows: 0 ≤ start < end ≤ 1000000000 s, in time order, not overlapping; factor "
                             "greater than 0, at most 1000000)"));
        QCOMPARE(error_of(head + "upstream_error_burst = [[10, 5, 0.5]]\n"),
                 std::string("presets/x.toml:4:30: faults.upstream_error_burst: [0] end 5 s is not after start 10 s (a window "
                             "needs start < end)"));
        QCOMPARE(error_of(head + "upstream_error_burst = [[0, 5, 1.5]]\n"),
                 std::string("presets/x.toml:4:32: faults.upstream_error_burst: [0] probability 1.5 is out of range (allowed: "
                             "[start, end, probability] windows: 0 ≤ start < end ≤ 1000000000 s, in time order, not "
                             "overlapping; probability 0 to 1)"));
        QCOMPARE(error_of(head + "db_slowdown = [[-1, 5, 2]]\n"),
                 std::string("presets/x.toml:4:17: faults.db_slowdown: [0] start -1 is out of range (allowed: seconds 0 to "
                             "1000000000)"));
        QCOMPARE(error_of(head + "db_slowdown = [[0, 2e9, 2]]\n"),
                 std::string("presets/x.toml:4:20: faults.db_slowdown: [0] end 2000000000 is out of range (allowed: seconds "
                             "up to 1000000000)"));
        QCOMPARE(error_of(head + "db_slowdown = [[0, 60, 2], [30, 90, 3]]\n"),
                 std::string("presets/x.toml:4:29: faults.db_slowdown: [1] start 30 s is before the previous window's end "
                             "60 s (windows must be in time order and not overlap)"));
        QCOMPARE(error_of(head + "upstream_outage = [[0, 60, 0.5]]\n"),
                 std::string("presets/x.toml:4:28: faults.upstream_outage: [0] the third number must be 1, got 0.5 (allowed: "
                             "[start, end] windows: 0 ≤ start < end ≤ 1000000000 s, in time order, not overlapping (a third "
                             "number, if given, must be 1))"));
        QCOMPARE(error_of(head + "upstream_outage = [[0, 60, 1, 2]]\n"),
                 std::string("presets/x.toml:4:20: faults.upstream_outage: [0] expected [start, end], got an array of 4 "
                             "values"));
        QCOMPARE(error_of(head + "upstream_outage = [[0, \"60\"]]\n"),
                 std::string("presets/x.toml:4:24: faults.upstream_outage: [0] expected [start, end] with numbers, got "
                             "string \"60\""));
    }

    void traceWorkloadChecks() {
        QCOMPARE(error_of("[workload]\nkind = \"trace\"\n"),
                 std::string("presets/x.toml:2:1: workload.kind: kind = \"trace\" needs workload.trace = "
                             "\"path/to/trace.csv\" (a .csv, .jsonl or .ndjson file, relative to the preset's directory)"));
        QCOMPARE(error_of("[workload]\nkind = \"trace\"\ntrace = \"calls.txt\"\n"),
                 std::string("presets/x.toml:3:1: workload.trace: \"presets/calls.txt\" is not a trace file (allowed "
                             "extensions: .csv, .jsonl, .ndjson)"));
        QCOMPARE(error_of("[workload]\nkind = \"trace\"\ntrace = \"traces/nope.csv\"\n"),
                 std::string("presets/x.toml:3:1: workload.trace: cannot open \"presets/traces/nope.csv\" (a relative path in "
                             "a preset is relative to the preset's directory; with --set, to the current directory)"));
        // The trace is the workload: no calls needed. Other kinds ignore the key (and its file).
        const std::string shipped = std::string(GATETUNE_SOURCE_DIR) + "/presets/replay.toml";
        const Config c = parse_preset("[workload]\nkind = \"trace\"\ntrace = \"traces/burst.csv\"\ntime_scale = 0.5\n", shipped);
        QCOMPARE(c.workload.trace, std::string(GATETUNE_SOURCE_DIR) + "/presets/traces/burst.csv");
        QCOMPARE(c.workload.time_scale, 0.5);
        QVERIFY(c.workload.calls.empty());
        QCOMPARE(error_of("[workload]\ncalls = [[1, 2]]\ntrace = \"nope.txt\"\n"), std::string("(no error)"));
        QCOMPARE(error_of("[workload]\nkind = \"trace\"\ntrace = \"t.csv\"\ntime_scale = 0\n"),
                 std::string("presets/x.toml:4:1: workload.time_scale: 0 is out of range (allowed: number greater than 0, at "
                             "most 1000000)"));
    }

    // Relative to the preset's directory on reading; written back relative to where the preset goes.
    void tracePathResolution() {
        const auto traced = [](std::string_view trace, const std::string& source) {
            return parse_preset("[workload]\ncalls = [[1, 2]]\ntrace = " + quote_toml_string(trace) + "\n", source).workload.trace;
        };
        QCOMPARE(traced("traces/a.csv", "some/dir/x.toml"), std::string("some/dir/traces/a.csv"));
        QCOMPARE(traced("../traces/./a.csv", "some/dir/x.toml"), std::string("some/traces/a.csv"));
        QCOMPARE(traced("/data/a.csv", "some/dir/x.toml"), std::string("/data/a.csv"));
        QCOMPARE(traced("traces//a.csv", "x.toml"), std::string("traces//a.csv"));  // no directory: as written
        QCOMPARE(traced("", "some/dir/x.toml"), std::string());

        Config c = base_config();
        c.workload.trace = "some/traces/a.csv";
        const auto written = [&](const std::string& preset) {
            const std::string text = write_preset(c, false, preset);
            const auto at = text.find("trace = ");
            return at == std::string::npos ? text : text.substr(at, text.find('\n', at) - at);
        };
        QCOMPARE(written("some/dir/x.toml"), std::string("trace = \"../traces/a.csv\""));
        QCOMPARE(written("some/y.toml"), std::string("trace = \"traces/a.csv\""));
        QCOMPARE(written("y.toml"), std::string("trace = \"some/traces/a.csv\""));
        QCOMPARE(written(""), std::string("trace = \"some/traces/a.csv\""));  // as stored
        const std::string cwd = std::filesystem::current_path().generic_string();
        QCOMPARE(written("/elsewhere/z.toml"), "trace = \"" + cwd + "/some/traces/a.csv\"");  // not ../work/main/…
        QCOMPARE(written(cwd + "/some/dir/x.toml"), std::string("trace = \"../traces/a.csv\""));
        c.workload.trace = "/data/a.csv";
        QCOMPARE(written("/data/presets/x.toml"), std::string("trace = \"../a.csv\""));
        QCOMPARE(written("rel/x.toml"), std::string("trace = \"/data/a.csv\""));  // not tied to the current directory
        c.workload.trace = "a.csv";
        QCOMPARE(written("../x.toml"), "trace = \"" + std::filesystem::current_path().filename().generic_string() + "/a.csv\"");

        // Through files: load, write next to the original, load again.
        const auto dir = std::filesystem::temp_directory_path() / "gatetune_test_trace_path";
        std::filesystem::create_directories(dir / "presets" / "traces");
        std::ofstream(dir / "presets" / "traces" / "calls.csv") << "t,input_tokens,output_tokens\n0,664,2\n";
        const std::string path = (dir / "presets" / "replay.toml").string();
        std::ofstream(path) << "[workload]\nkind = \"trace\"\ntrace = \"traces/calls.csv\"\n";
        const Config loaded = load_preset(path);
        QCOMPARE(loaded.workload.trace, (dir / "presets" / "traces" / "calls.csv").generic_string());
        const std::string text = write_preset(loaded, false, path);
        QVERIFY2(text.find("trace = \"traces/calls.csv\"\n") != std::string::npos, text.c_str());
        std::ofstream(path) << text;
        QCOMPARE(differences(load_preset(path), loaded), std::string());
        // --set paths are the caller's: relative to the current directory, kept as typed.
        const Config overridden =
            load_preset(path, {"workload.kind=open", "workload.calls=[[1, 2]]", "workload.trace=mine.jsonl"});
        QCOMPARE(overridden.workload.trace, std::string("mine.jsonl"));
        std::filesystem::remove_all(dir);
    }

    void allErrorsInOnePass() {
        try {
            parse_preset("[server]\nworkers = 0\nworker_class = \"async\"\n[db_pool]\npool_timout = 3\n[dbpool]\nx = 1\n"
                         "[workload]\ncalls = [[1, 2]]\n",
                         "many.toml");
            QFAIL("no error");
        } catch (const PresetError& e) {
            QCOMPARE(e.issues().size(), std::size_t{4});
            QCOMPARE(e.issues()[0].line, 2);
            QCOMPARE(e.issues()[1].line, 3);
            QCOMPARE(e.issues()[2].line, 5);
            QCOMPARE(e.issues()[3].line, 6);
            QCOMPARE(e.key(), std::string("server.workers"));
            QCOMPARE(e.column(), 1);
            QCOMPARE(e.message(), std::string("0 is out of range (allowed: integer 1 to 1024)"));
            const std::string what = e.what();
            QCOMPARE(std::count(what.begin(), what.end(), '\n'), 3L);
            QVERIFY(what.find("many.toml:6:1: dbpool: unknown table [dbpool] (did you mean [db_pool]?)") != std::string::npos);
        }
    }

    // ---- overrides ----------------------------------------------------------------------------

    void overrides() {
        Config c = base_config();
        apply_override(c, "db_pool.pool_size=20");
        apply_override(c, " server.worker_class = uvicorn.workers.UvicornWorker ");
        apply_override(c, "request.db_holding=per_query");
        apply_override(c, "http_client.mode=\"per_request\"");
        apply_override(c, "workload.calls=[[664, 2], [2280, 55]]");
        apply_override(c, "upstream.latency_factor={dist=\"lognormal\", median=1, p99=4}");
        apply_override(c, "name=bare-word name");
        apply_override(c, "slo.p99=30");
        apply_override(c, "slo.max_cause_rate.worker_killed=0");
        apply_override(c, "slo.max_cause_rate.db_pool_timeout=0.5");
        apply_override(c, "slo.max_cause_rate.db_pool_timeout=0.01");
        QCOMPARE(c.db_pool.pool_size, 20);
        QVERIFY(c.server.worker_class == WorkerClass::Uvicorn);
        QVERIFY(c.request.db_holding == DbHolding::PerQuery);
        QVERIFY(c.http_client.mode == HttpClientMode::PerRequest);
        QCOMPARE(c.workload.calls.size(), std::size_t{2});
        QVERIFY(c.upstream.latency_factor == Distribution::lognormal_from_median_p99(1, 4));
        QCOMPARE(c.name, std::string("bare-word name"));
        QCOMPARE(c.slo.p99.value(), 30.0);
        QCOMPARE(format_value(c, *find_key("slo.max_cause_rate")), std::string("{ db_pool_timeout = 0.01, worker_killed = 0.0 }"));
        apply_override(c, "slo.p99=none");
        QVERIFY(!c.slo.p99.has_value());
    }

    void overrideErrors() {
        QCOMPARE(override_error("db_pool.pool_size=-3"),
                 std::string("--set: db_pool.pool_size: -3 is out of range (allowed: integer 0 to 10000)"));
        QCOMPARE(override_error("db_pool.pool_timout=3"),
                 std::string("--set: db_pool.pool_timout: unknown key (did you mean db_pool.pool_timeout?)"));
        QCOMPARE(override_error("server.timeout=30s"),
                 std::string("--set: server.timeout: expected a number of seconds, got 30s (not a TOML value)"));
        QCOMPARE(override_error("server.timeout=\"30s\""),
                 std::string("--set: server.timeout: expected a number of seconds, got string \"30s\""));
        QCOMPARE(override_error("server.worker_class=async"),
                 std::string("--set: server.worker_class: \"async\" is not allowed (allowed: one of \"sync\", \"gthread\", "
                             "\"uvicorn\" (\"uvicorn.workers.UvicornWorker\" means \"uvicorn\"))"));
        QCOMPARE(override_error("server.workers"), std::string("--set: \"server.workers\" is not table.key=value"));
        QCOMPARE(override_error("server.workers=1\nserver.timeout=3"),
                 std::string("--set: server.workers: expected an integer, got 1\nserver.timeout=3 (not a TOML value)"));
        QCOMPARE(override_error("slo.max_cause_rate.nope=0.1").substr(0, 51),
                 std::string("--set: slo.max_cause_rate: unknown cause nope (allo"));
        QCOMPARE(override_error("db_pool.pool_size=none"),
                 std::string("--set: db_pool.pool_size: expected an integer, got none (not a TOML value)"));
        // A bare word that is not UTF-8 could not be saved as a preset (found by fuzzing); UTF-8 can.
        QCOMPARE(override_error("name=caf\xe9"), std::string("--set: name: the value is not valid UTF-8 text"));
        QCOMPARE(override_error("description=\xed\xa0\x80"), std::string("--set: description: the value is not valid UTF-8 text"));
        QCOMPARE(override_error("name=\xc0\xaf"), std::string("--set: name: the value is not valid UTF-8 text"));
        Config c = base_config();
        apply_override(c, "name=caf\xc3\xa9 \xf0\x9f\x9a\x80");
        QCOMPARE(parse_preset(write_preset(c), "t.toml").name, std::string("caf\xc3\xa9 \xf0\x9f\x9a\x80"));
    }

    void httpTimeoutConvenience() {
        // Applied before the specific keys whatever the order in the file: httpx.Timeout(120, connect=10).
        const Config c = parse_preset("[http_client]\nconnect_timeout = 10\ntimeout = 120\n[workload]\ncalls = [[1, 2]]\n", "t.toml");
        QCOMPARE(c.http_client.connect_timeout, 10.0);
        QCOMPARE(c.http_client.read_timeout, 120.0);
        QCOMPARE(c.http_client.write_timeout, 120.0);
        QCOMPARE(c.http_client.pool_timeout, 120.0);
        // With --set the order of the options decides.
        Config d = base_config();
        apply_override(d, "http_client.read_timeout=300");
        apply_override(d, "http_client.timeout=60");
        QCOMPARE(d.http_client.read_timeout, 60.0);
        QCOMPARE(d.http_client.connect_timeout, 60.0);
        // Never exported; the four keys are.
        const std::string text = write_preset(c);
        QVERIFY(text.find("\ntimeout =") == std::string::npos);
        QVERIFY(text.find("read_timeout = 120.0") != std::string::npos);
    }

    void loadFromFileWithOverrides() {
        const auto dir = std::filesystem::temp_directory_path() / "gatetune_test_preset_io";
        std::filesystem::create_directories(dir);
        const std::string path = (dir / "no_calls.toml").string();
        std::ofstream(path) << "[server]\nworkers = 4\n";
        // Incomplete on its own…
        try {
            load_preset(path);
            QFAIL("no error");
        } catch (const PresetError& e) {
            QCOMPARE(e.key(), std::string("workload.calls"));
            QCOMPARE(e.file(), path);
        }
        // …completed by an override before the cross-key checks.
        const Config c = load_preset(path, {"workload.calls=[[664, 2]]", "server.workers=8"});
        QCOMPARE(c.name, std::string("no_calls"));
        QCOMPARE(c.server.workers, 8);
        // Override errors are collected; cross-key errors name --set when an override set the key.
        try {
            load_preset(path, {"workload.calls=[]", "db_pool.pool_size=-1", "server.workers=x"});
            QFAIL("no error");
        } catch (const PresetError& e) {
            QCOMPARE(e.issues().size(), std::size_t{2});
        }
        try {
            load_preset(path, {"workload.calls=[]"});
            QFAIL("no error");
        } catch (const PresetError& e) {
            QCOMPARE(e.file(), std::string("--set"));
        }
        try {
            load_preset((dir / "missing.toml").string());
            QFAIL("no error");
        } catch (const PresetError& e) {
            QCOMPARE(e.message(), std::string("cannot open the preset file"));
        }
        std::filesystem::remove_all(dir);
    }

    void checkConfig() {
        Config c;
        try {
            check_config(c, "gui");
            QFAIL("no error");
        } catch (const PresetError& e) {
            QCOMPARE(std::string(e.what()).substr(0, 21), std::string("gui: workload.calls: "));
        }
        c.workload.calls = {{1, 2}};
        check_config(c, "gui");
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestPresetIo)
#include "test_preset_io.moc"
