// gatetune diagnose, round trip: simulate each failure-mode preset, hide the parameter that makes
// it fail (reset it to the real component's default), hand the run's own per-request records to
// the diagnosis as the observation, and check that the hidden mechanism comes first (or ties for
// first with a mechanism the observation cannot tell apart from it) and that the hidden value lies
// in the range over which it reproduces. Then the same with noise: latencies jittered ±10 %, one
// status flipped, the records shuffled.
#include "qtest_suite.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine/random.hpp"
#include "sim/diagnosis/catalogue.hpp"
#include "sim/diagnosis/diagnosis.hpp"
#include "sim/diagnosis/diagnosis_report.hpp"
#include "sim/import/importer.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/stack.hpp"

using namespace gatetune::sim;
using namespace gatetune::sim::diagnosis;

namespace {

std::string preset_path(const char* name) { return std::string(GATETUNE_SOURCE_DIR) + "/presets/failure-modes/" + name + ".toml"; }

// What a team would export from its request log: no causes, only what the caller saw.
Observation observation_of(const RunResult& run) {
    Observation obs;
    for (const RequestRecord& r : run.records) {
        ObservedRequest o;
        o.start = r.start;
        o.latency = r.latency();
        o.status = status_label(r);
        o.http_status = r.http_status;
        o.prompt_tokens = r.input_tokens;
        o.completion_tokens = r.output_tokens;
        o.session = r.user >= 0 ? std::optional<std::string>("user-" + std::to_string(r.user)) : std::nullopt;
        o.call = r.user >= 0 ? std::optional<int>(r.call) : std::nullopt;
        o.source = "run:" + std::to_string(r.id);
        obs.requests.push_back(std::move(o));
    }
    std::stable_sort(obs.requests.begin(), obs.requests.end(), [](const auto& a, const auto& b) { return *a.start < *b.start; });
    const auto t0 = obs.requests.empty() ? 0 : *obs.requests.front().start;
    for (std::size_t i = 0; i < obs.requests.size(); ++i) {
        obs.requests[i].order = i;
        *obs.requests[i].start -= t0;
    }
    return obs;
}

// ±10 % on every latency, one status flipped when there are ten or more (a 200 becomes a 500 or
// the other way; in a shorter observation one flip is not noise but another observation), shuffled.
Observation noisy(Observation obs, std::uint64_t seed) {
    gatetune::engine::Rng rng = gatetune::engine::RngStreams(seed).stream("noise");
    for (auto& r : obs.requests)
        if (r.latency) *r.latency = static_cast<std::int64_t>(static_cast<double>(*r.latency) * (0.9 + 0.2 * rng.uniform01()));
    if (obs.requests.size() >= 10) {
        auto& r = obs.requests[obs.requests.size() / 2];
        r.status = r.status == "200" ? "500" : "200";
        r.http_status = std::stoi(r.status);
    }
    for (std::size_t i = obs.requests.size(); i > 1; --i)
        std::swap(obs.requests[i - 1], obs.requests[static_cast<std::size_t>(rng.uniform01() * static_cast<double>(i))]);
    std::stable_sort(obs.requests.begin(), obs.requests.end(), [](const auto& a, const auto& b) { return *a.start < *b.start; });
    return obs;
}

// The lines the real stack logs when a request dies of each cause (docs/MODEL.md's texts), one per
// failed request, as a gunicorn error log with the app's exceptions in it.
std::string log_text_of(const RunResult& run, const Config& cfg) {
    std::string log = "[2026-12-06 10:00:00 +0000] [1] [INFO] Starting gunicorn 20.1.0\n";
    char line[512];
    for (const RequestRecord& r : run.records) {
        switch (r.cause) {
            case Cause::WorkerKilled:
                std::snprintf(line, sizeof line, "[2026-12-06 10:00:01 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:%d)\n", 100 + r.worker);
                break;
            case Cause::DbPoolTimeout:
                std::snprintf(line, sizeof line,
                              "sqlalchemy.exc.TimeoutError: QueuePool limit of size %d overflow %d reached, connection timed out, "
                              "timeout %0.2f (Background on this error at: https://sqlalche.me/e/14/3o7r)\n",
                              cfg.db_pool.pool_size, cfg.db_pool.max_overflow, cfg.db_pool.pool_timeout);
                break;
            case Cause::UpstreamRateLimited:
                std::snprintf(line, sizeof line,
                              "httpx.HTTPStatusError: Client error '429 Too Many Requests' for url 'http://router/v1/chat/completions'\n");
                break;
            case Cause::UpstreamConnectError:
                std::snprintf(line, sizeof line, "httpx.ConnectError: [Errno 111] Connection refused\n");
                break;
            case Cause::UpstreamReadTimeout:
                std::snprintf(line, sizeof line, "httpx.ReadTimeout\n");
                break;
            case Cause::ConcurrencyLimit:
                std::snprintf(line, sizeof line, "WARNING:  Exceeded concurrency limit.\n");
                break;
            default:
                continue;
        }
        log += line;
    }
    return log;
}

struct Case {
    const char* preset;
    const char* mechanism;
    std::vector<std::string> hide;        // assignments that take the mechanism out of the preset
    std::vector<double> truth;            // the hidden values, per freed parameter (NaN: not checked)
    std::vector<std::string> candidates;  // mechanisms tried besides the true one (keeps the test fast)
    std::vector<std::string> truth_sets = {};  // applied to the preset before it is simulated as the truth
    // The mechanism strikes requests at random (a blocking call in 5 % of them), so no replay
    // matches the observation request for request: it must be the closest, with its fitted values
    // near the truth.
    bool closest_only = false;
};

const std::vector<Case>& cases() {
    const double skip = std::nan("");
    static const std::vector<Case> c{
        {"upstream-tpm-429", "upstream_tpm", {"upstream.tpm=0"}, {7000}, {"upstream_rpm", "upstream_outage", "upstream_errors"}},
        {"sync-worker-kill", "sync_worker_timeout", {"server.worker_class=uvicorn"}, {30},
         {"worker_timeout", "blocked_loop", "upstream_slow"}},
        {"concurrency-limit-503", "limit_concurrency", {"server.limit_concurrency=0"}, {10},
         {"upstream_errors", "gateway_limiter", "db_pool_exhaustion"}},
        {"upstream-slot-collapse", "upstream_slots", {"upstream.slots=0"}, {4}, {"upstream_slow", "http_pool", "upstream_errors"}},
        {"upstream-outage", "upstream_outage", {"faults.upstream_outage=[]"}, {30, 15}, {"upstream_errors", "deploy_restart"}},
        {"db-pool-exhaustion", "db_pool_exhaustion", {"db_pool.pool_timeout=30"}, {skip, 5},
         {"session_leak", "db_max_connections", "http_pool"}},
        {"gateway-limiter-429", "gateway_limiter", {"rate_limiter.enabled=false"}, {10},
         {"upstream_rpm", "upstream_tpm", "gateway_token_limiter"}},
        {"alb-idle-timeout-504", "alb_idle_timeout", {"load_balancer.enabled=false"}, {60}, {"client_timeout", "upstream_slow"}},
        {"db-max-connections", "db_max_connections", {"db_server.other_connections=0"}, {70}, {"db_pool_exhaustion", "session_leak"}},
        {"upstream-read-timeout", "upstream_slow", {"upstream.time_per_output_token=0.002"}, {0.015, skip},
         {"upstream_slots", "client_timeout", "upstream_errors"}},
        // Which requests block is drawn per request, so only the stall's length is checked.
        // The CPU per request set here, not taken from the defaults (with the measured 3 + 2.4 ms
        // the closest replay's stall is 8.75 s, not 45: docs/FIDELITY.md "CPU per request").
        {"blocked-loop-kill", "blocked_loop", {"request.blocking_probability=0"}, {45, skip},
         {"worker_timeout", "upstream_slow", "deploy_restart"}, {"request.parse_cpu=0.0005", "request.response_cpu=0.0003"}, true},
        // The restart time is a share of the span in the catalogue: not compared with the preset's 20 s.
        {"deploy-during-load", "deploy_restart", {"server.restart_at=none"}, {skip}, {"blocked_loop", "upstream_outage", "upstream_errors"}},
        // A few 502s in 400 requests: within the tolerance, but a run without any 502 does not
        // explain them. The wider race window (as the live test uses) makes a handful per run.
        {"alb-keepalive-race-502", "alb_keepalive_race", {"load_balancer.enabled=false"}, {2},
         {"alb_idle_timeout", "upstream_errors", "deploy_restart"}, {"load_balancer.race_window=0.05"}},

    };
    return c;
}

DiagnoseOptions options_for(const Case& c) {
    DiagnoseOptions o;
    o.seeds = 2;
    o.jobs = 2;
    o.mechanisms = c.candidates;
    o.mechanisms.insert(o.mechanisms.begin(), c.mechanism);
    o.propose_fixes = false;
    return o;
}

// For a mechanism that strikes at random: ranked first although nothing reproduces exactly, its
// best values within 25 % of the truth, and everything else further away.
void check_closest(const Diagnosis& d, const Case& c) {
    QCOMPARE(QString::fromStdString(d.ranked.front().id), QString(c.mechanism));
    const Candidate& best = d.ranked.front().fit.best.candidate;
    QCOMPARE(best.size(), std::size_t{1});
    for (std::size_t i = 0; i < c.truth.size(); ++i) {
        if (std::isnan(c.truth[i])) continue;
        const double v = best.front().values[i];
        QVERIFY2(v >= c.truth[i] * 0.75 && v <= c.truth[i] * 1.25,
                 qPrintable(QString("%1: parameter %2 is %3, fitted %4").arg(c.preset).arg(i).arg(c.truth[i]).arg(v)));
    }
    QVERIFY(d.ranked.size() > 1 && d.ranked[1].fit.best.distance > d.ranked.front().fit.best.distance);
}

void check_ranked_first(const Diagnosis& d, const Case& c) {
    QVERIFY2(d.reproduced(), qPrintable(QString("%1: nothing reproduces; closest %2").arg(c.preset, QString::fromStdString(d.ranked.front().id))));
    const bool first = d.ranked.front().id == c.mechanism;
    const bool tied = std::find(d.indistinct.begin(), d.indistinct.end(), c.mechanism) != d.indistinct.end();
    QVERIFY2(first || tied, qPrintable(QString("%1: ranked %2 first").arg(c.preset, QString::fromStdString(d.ranked.front().id))));
}

// The hidden value lies within the reproducing range (with 25 % slack for a range found by
// bisection on a few seeds).
void check_recovered(const Diagnosis& d, const Case& c) {
    const auto it = std::find_if(d.ranked.begin(), d.ranked.end(), [&](const Hypothesis& h) { return h.id == c.mechanism; });
    QVERIFY(it != d.ranked.end());
    QCOMPARE(it->fit.ranges.size(), c.truth.size());
    for (std::size_t i = 0; i < c.truth.size(); ++i) {
        if (std::isnan(c.truth[i])) continue;
        const auto& r = it->fit.ranges[i];
        QVERIFY2(c.truth[i] >= r.lo * 0.75 && c.truth[i] <= r.hi * 1.25,
                 qPrintable(QString("%1: parameter %2 is %3, reproduced over %4..%5")
                                .arg(c.preset).arg(i).arg(c.truth[i]).arg(r.lo).arg(r.hi)));
    }
}

}  // namespace

class TestDiagnose : public QObject {
    Q_OBJECT

private slots:
    void everyCatalogueRowIsUsable() {
        // Every mechanism's assignments apply to a default configuration at its prior's ends.
        for (const Mechanism& m : catalogue()) {
            for (double u : {0.0, 0.5, 1.0}) {
                Part part{&m, {}};
                for (const Param& p : m.params) part.values.push_back(from_unit(p, prior_range(p, 100), u));
                try {
                    (void)apply_candidate(Config{}, Candidate{part});
                } catch (const std::exception& e) {
                    QFAIL(qPrintable(QString("%1 at u=%2: %3").arg(QString::fromUtf8(m.id.data(), int(m.id.size()))).arg(u).arg(e.what())));
                }
            }
            for (const FixRow& f : m.fixes) {
                Config cfg;
                for (auto s : f.sets) apply_override(cfg, std::string(s));
                if (!f.raise.empty()) QVERIFY(find_key(f.raise) != nullptr);
            }
        }
    }

    void roundTrip_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<bool>("noise");
        QTest::addColumn<bool>("logs");
        for (std::size_t i = 0; i < cases().size(); ++i) {
            QTest::newRow(cases()[i].preset) << int(i) << false << false;
            QTest::newRow((std::string(cases()[i].preset) + " with noise").c_str()) << int(i) << true << false;
            QTest::newRow((std::string(cases()[i].preset) + " with its logs").c_str()) << int(i) << false << true;
        }
    }

    void roundTrip() {
        QFETCH(int, index);
        QFETCH(bool, noise);
        QFETCH(bool, logs);
        const Case& c = cases()[static_cast<std::size_t>(index)];
        const Config truth = load_preset(preset_path(c.preset), c.truth_sets);
        const RunResult run = simulate(truth);
        Observation obs = observation_of(run);
        if (noise) obs = noisy(std::move(obs), 7);
        if (logs) {
            const std::string text = log_text_of(run, truth);
            if (text.find('\n') == text.rfind('\n')) QSKIP("this failure mode logs nothing the readers recognise");
            obs.evidence = parse_observation(text, "gunicorn-error.log").evidence;
            QVERIFY(!obs.evidence.empty());
        }
        Config hidden = truth;
        for (const auto& h : c.hide) apply_override(hidden, h);
        const Diagnosis d = diagnose(obs, hidden, options_for(c));
        std::ostringstream report;
        write_text(report, d, ReportContext{c.preset, "hidden", "test"});
        if (c.closest_only) {
            check_closest(d, c);
            return;
        }
        const bool first = d.reproduced() && (d.ranked.front().id == c.mechanism ||
                                              std::find(d.indistinct.begin(), d.indistinct.end(), c.mechanism) != d.indistinct.end());
        if (!first) qWarning("%s", report.str().c_str());
        check_ranked_first(d, c);
        check_recovered(d, c);
        if (logs) {
            const auto& best = std::find_if(d.ranked.begin(), d.ranked.end(), [&](const Hypothesis& h) { return h.id == c.mechanism; })->fit.best;
            QVERIFY2(best.seeds.front().evidence_supported > 0 && best.seeds.front().evidence_contradicted == 0, c.preset);
        }
    }

    // The hidden configuration alone must not reproduce: otherwise the round trip proves nothing.
    void theHiddenConfigurationDoesNotReproduce() {
        for (const Case& c : cases()) {
            const Config truth = load_preset(preset_path(c.preset), c.truth_sets);
            const Observation obs = observation_of(simulate(truth));
            Config hidden = truth;
            for (const auto& h : c.hide) apply_override(hidden, h);
            DiagnoseOptions o = options_for(c);
            o.mechanisms = {c.candidates.front()};
            const Diagnosis d = diagnose(obs, hidden, o);
            QVERIFY2(!d.as_configured.fit.reproduces(), c.preset);
        }
    }

    void theSameInputGivesTheSameReport() {
        const Case& c = cases().front();
        const Config truth = load_preset(preset_path(c.preset));
        const Observation obs = observation_of(simulate(truth));
        Config hidden = truth;
        for (const auto& h : c.hide) apply_override(hidden, h);
        DiagnoseOptions one = options_for(c), many = options_for(c);
        one.jobs = 1;
        many.jobs = 3;
        many.propose_fixes = one.propose_fixes = true;
        const ReportContext ctx{"obs", "cfg", "test"};
        QCOMPARE(to_json(diagnose(obs, hidden, one), ctx).dump(), to_json(diagnose(obs, hidden, many), ctx).dump());
    }

    void suspectsGetAVerdictAndFixesAreChecked() {
        const Case& c = cases().front();  // TPM: the report's own suspects do not reproduce it
        const Config truth = load_preset(preset_path(c.preset));
        const Observation obs = observation_of(simulate(truth));
        Config hidden = truth;
        for (const auto& h : c.hide) apply_override(hidden, h);
        DiagnoseOptions o = options_for(c);
        o.suspects = {"worker_timeout", "db_pool_exhaustion", "server.timeout=300"};
        o.fix_sets = {"server.timeout=300"};
        o.propose_fixes = true;
        const Diagnosis d = diagnose(obs, hidden, o);
        QCOMPARE(d.suspects.size(), std::size_t{3});
        for (const Suspect& s : d.suspects) {
            QVERIFY2(!s.hypothesis.fit.reproduces(), s.label.c_str());
            QVERIFY2(s.verdict.rfind("does not reproduce", 0) == 0, s.verdict.c_str());
        }
        QVERIFY(d.suspects[0].verdict.find("worker_killed) never occurred") != std::string::npos);
        QCOMPARE(d.fix_checks.front().label, std::string("--fix-set"));
        QVERIFY(!d.fix_checks.front().passes_all());
        // Honouring the 429 and its Retry-After, with attempts to spare (the preset makes one), makes
        // this workload pass.
        const auto honour = std::find_if(d.fix_checks.begin(), d.fix_checks.end(),
                                         [](const FixCheck& f) {
                                             return f.sets == std::vector<std::string>{"http_client.retry_on_429=true", "http_client.max_attempts=6"};
                                         });
        QVERIFY(honour != d.fix_checks.end());
        const auto under_tpm = std::find_if(honour->outcomes.begin(), honour->outcomes.end(),
                                            [](const FixOutcome& o) { return o.hypothesis_id == "upstream_tpm"; });
        QVERIFY(under_tpm != honour->outcomes.end());
        QCOMPARE(under_tpm->passing_seeds, under_tpm->seeds);
        const auto raise = std::find_if(d.fix_checks.begin(), d.fix_checks.end(), [](const FixCheck& f) { return f.raised_key == "upstream.tpm"; });
        QVERIFY(raise != d.fix_checks.end() && raise->raised_value && *raise->raised_value > 7000);
    }

    // The main job (scripts/main.sh): the incident's 12 calls, the configuration read from its own
    // files over the environment preset, its five suspects and its fixed configuration.
    void theSeedIncident() {
        const std::string seed = std::string(GATETUNE_SOURCE_DIR) + "/presets/incidents/seed/";
        const Observation obs = read_observation({seed + "observed.csv"});
        QCOMPARE(obs.requests.size(), std::size_t{12});
        const auto imported = importing::import_files({seed + "Dockerfile", seed + "database.py", seed + "proxy_router_service.py"},
                                                      load_preset(std::string(GATETUNE_SOURCE_DIR) + "/presets/seed-incident.toml"));
        QVERIFY(imported.ok());
        DiagnoseOptions o;
        o.jobs = 2;
        o.suspects = {"worker_timeout", "db_pool_exhaustion", "http_client.mode=per_request", "upstream_slow", "upstream_slots"};
        o.fix = load_preset(std::string(GATETUNE_SOURCE_DIR) + "/presets/seed-fixed.toml");
        o.fix_name = "seed-fixed";
        const Diagnosis d = diagnose(obs, imported.config, o);
        QVERIFY(d.reproduced());
        QVERIFY(!d.as_configured.fit.reproduces());
        // A rate limit of the upstream is among the best explanations, tied with what the 12 calls
        // cannot tell it from.
        std::vector<std::string> best = d.indistinct.empty() ? std::vector<std::string>{d.ranked.front().id} : d.indistinct;
        QVERIFY(std::find(best.begin(), best.end(), "upstream_tpm_rolling") != best.end() ||
                std::find(best.begin(), best.end(), "upstream_rpm") != best.end());
        for (const Suspect& s : d.suspects) QVERIFY2(!s.hypothesis.fit.reproduces(), s.label.c_str());
        QCOMPARE(d.fix_checks.front().label, std::string("seed-fixed"));
        QVERIFY(!d.fix_checks.front().passes_all());
        const bool some_change_passes_under_a_rate_limit =
            std::any_of(d.fix_checks.begin(), d.fix_checks.end(), [](const FixCheck& f) {
                return std::any_of(f.outcomes.begin(), f.outcomes.end(), [](const FixOutcome& o) {
                    return o.hypothesis_id.rfind("upstream_tpm", 0) == 0 && o.passing_seeds == o.seeds;
                });
            });
        QVERIFY(some_change_passes_under_a_rate_limit);
    }

    void anUnknownMechanismIsRefused() {
        DiagnoseOptions o;
        o.mechanisms = {"upstream_tmp"};
        Observation obs;
        ObservedRequest ok;
        ok.status = "200";
        ok.http_status = 200;
        obs.requests.push_back(ok);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, diagnose(obs, Config{}, o));
        o.mechanisms.clear();
        o.suspects = {"gunicorn"};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, diagnose(obs, Config{}, o));
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestDiagnose)
#include "test_diagnose.moc"
