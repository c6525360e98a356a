// gatetune load PRESET --target URL: the preset's workload sent for real to a running gateway,
// reported like `gatetune run` (times in preset seconds, also at --time-scale F).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "app/cli/commands.hpp"
#include "app/cli/live_mode/live_mode_registration.hpp"
#include "app/cli/live_mode_commands.hpp"
#include "app/cli/output_file.hpp"
#include "app/cli/preset_argument.hpp"
#include "app/live/load/api_keys.hpp"
#include "app/live/load/load_run.hpp"
#include "app/live/load/load_target.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"
#include "sim/slo.hpp"
#include "sim/trace.hpp"

namespace gatetune::cli {

namespace {

struct LoadCliOptions {
    std::string preset;
    std::string target;
    std::vector<std::string> api_keys;
    std::vector<std::string> sets;
    std::optional<std::uint64_t> seed;
    double time_scale = 1.0;
    std::string format = "text";
    std::string out;
    bool progress = false;
    bool no_requests = false;
};

// Ctrl-C asks the run to stop; the report of what ended is still written. A second Ctrl-C kills,
// as the handler resets itself.
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void on_sigint(int) {
    g_interrupted.store(true);
    std::signal(SIGINT, SIG_DFL);
}

void print_progress(const live::LoadProgress& p) {
    std::fprintf(stderr, "gatetune load: %8.1f s  sent %llu  done %llu  errors %llu  in flight %lld\n", p.preset_seconds,
                 static_cast<unsigned long long>(p.sent), static_cast<unsigned long long>(p.done),
                 static_cast<unsigned long long>(p.errors), static_cast<long long>(p.in_flight));
}

void print_notes(const live::LoadOutcome& o, const sim::Config& cfg, std::size_t keys) {
    if (const auto shortfall = live::api_key_shortfall(keys, cfg.workload.api_keys))
        std::fprintf(stderr, "gatetune load: note: %s\n", shortfall->c_str());
    if (o.interrupted)
        std::fprintf(stderr, "gatetune load: interrupted; %llu calls in flight are not in the report\n",
                     static_cast<unsigned long long>(o.unfinished));
    if (o.reached_max_time)
        std::fprintf(stderr, "gatetune load: stopped at simulation.max_time (%.1f s); %llu calls in flight are not in the report\n",
                     cfg.simulation.max_time, static_cast<unsigned long long>(o.unfinished));
    if (o.cause_from_status > 0)
        std::fprintf(stderr, "gatetune load: note: %llu responses had no x-gatetune-cause header; their causes are guessed from the status\n",
                     static_cast<unsigned long long>(o.cause_from_status));
    if (o.local_errors > 0)
        std::fprintf(stderr, "gatetune load: warning: %llu connects failed on this machine (out of descriptors or ports); "
                     "they are counted as ConnectError\n", static_cast<unsigned long long>(o.local_errors));
    if (o.max_send_lag_s > 0.05)
        std::fprintf(stderr, "gatetune load: warning: arrivals were sent up to %.0f ms (wall) late; the load generator was "
                     "the bottleneck (their latency counts from the scheduled instant)\n", o.max_send_lag_s * 1000);
}

int load(const LoadCliOptions& o) {
    sim::ReportFormat format{};
    if (!sim::parse_report_format(o.format, format)) {
        std::fprintf(stderr, "gatetune load: --format must be text, json or csv (got \"%s\")\n", o.format.c_str());
        return kExitUsage;
    }
    sim::Config cfg;
    live::LoadOptions options;
    try {
        cfg = sim::load_preset(o.preset, o.sets);
        (void)live::parse_load_target(o.target);  // a bad URL fails before anything else happens
        options.api_keys = live::resolve_api_keys(o.api_keys, std::getenv(live::kApiKeysEnv));
    } catch (const sim::PresetError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kExitUsage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gatetune load: %s\n", e.what());
        return kExitUsage;
    }
    if (o.seed) cfg.simulation.seed = *o.seed;
    if (o.no_requests) cfg.simulation.record_requests = false;
    options.target = o.target;
    options.time_scale = o.time_scale;
    options.stop_requested = [] { return g_interrupted.load(); };
    if (o.progress || isatty(STDERR_FILENO) == 1) options.on_progress = print_progress;

    g_interrupted.store(false);
    auto previous = std::signal(SIGINT, on_sigint);
    live::LoadOutcome outcome;
    try {
        outcome = live::run_load(cfg, options);
    } catch (const std::exception& e) {  // bad trace, unresolvable host
        std::signal(SIGINT, previous);
        std::fprintf(stderr, "gatetune load: %s\n", e.what());
        return kExitUsage;
    }
    std::signal(SIGINT, previous);
    print_notes(outcome, cfg, options.api_keys.size());

    if (!write_output("load", o.out, [&](std::ostream& out) { sim::write_report(out, outcome.result, format); }))
        return kExitUsage;
    const auto checks = sim::evaluate_slo(cfg.slo, outcome.result);
    for (const auto& c : checks) {
        if (!c.passed)
            std::fprintf(stderr, "gatetune load: SLO %s failed: measured %g %s, limit %g\n", c.name.c_str(), c.measured,
                         c.unit.c_str(), c.limit);
    }
    return sim::all_passed(checks) ? kExitOk : kExitFailed;
}

}  // namespace

void register_load(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<LoadCliOptions>();
    CLI::App* sub = app.add_subcommand("load", live_mode_description("load"));
    add_preset_argument(*sub, "preset", o->preset, "Preset (TOML)");
    sub->add_option("--target", o->target, "Gateway base URL, e.g. http://127.0.0.1:8080")->required();
    sub->add_option("--api-key", o->api_keys,
                    "API key to send as Bearer token (repeatable; preset key k uses the k-th mod the count). "
                    "Default: the comma-separated GATETUNE_API_KEYS");
    sub->add_option("--time-scale", o->time_scale,
                    "Run at F × the preset's durations (the gateway must run on the same scale); reports stay in preset seconds")
        ->capture_default_str();
    sub->add_option("--set", o->sets, "Override a preset key, e.g. --set workload.users=10 (repeatable)");
    sub->add_option("--seed", o->seed, "Random seed of the schedule (overrides simulation.seed)");
    sub->add_option("--format", o->format, "Report format: text, json or csv")->capture_default_str();
    sub->add_option("-o,--out", o->out, "Write the report to FILE instead of standard output");
    sub->add_flag("--progress", o->progress, "A progress line per second on stderr even when it is not a terminal");
    sub->add_flag("--no-requests", o->no_requests, "Do not keep per-request records");
    out.push_back({sub, [o] { return load(*o); }});
}

}  // namespace gatetune::cli
