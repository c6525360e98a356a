// gatetune live PRESET: the preset for real on loopback — mock upstream, gateway, the ALB when
// [load_balancer] is enabled, and load —
// then the live report beside the simulated one, with the differences.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "app/cli/commands.hpp"
#include "app/cli/live_mode/live_mode_registration.hpp"
#include "app/cli/live_mode_commands.hpp"
#include "app/cli/html_option.hpp"
#include "app/cli/live_mode/live_preset.hpp"
#include "app/cli/output_file.hpp"
#include "app/live/db/api_keys.hpp"
#include "app/live/db/open_database.hpp"
#include "app/live/load/load_run.hpp"
#include "app/live/net/child_process.hpp"
#include "sim/html/reports.hpp"
#include "sim/live_report.hpp"
#include "sim/report.hpp"
#include "sim/stack.hpp"

namespace gatetune::cli {

namespace {

// SIGINT/SIGTERM end the load; the report of what ended is still written and the child
// processes are stopped by their destructors.
volatile std::sig_atomic_t g_stop = 0;
extern "C" void request_stop(int) { g_stop = 1; }

struct LiveOptions {
    LivePresetOptions preset;
    std::string out;
    std::string html;
    std::string format = "text";
    std::string workdir;
    bool keep = false;
    bool no_db = false;
    std::string db;  // empty: a fresh SQLite file in the work directory
};

std::uint64_t count_lines(const std::string& path, std::string_view needle) {
    std::ifstream in(path);
    std::uint64_t n = 0;
    for (std::string line; std::getline(in, line);)
        if (line.find(needle) != std::string::npos) ++n;
    return n;
}

std::vector<std::string> child_args(const char* command, const LiveOptions& o) {
    std::vector<std::string> a{command, o.preset.preset, "--time-scale", std::to_string(o.preset.time_scale)};
    for (const auto& s : o.preset.sets) {
        a.push_back("--set");
        a.push_back(s);
    }
    return a;
}

int live_run(const LiveOptions& o) {
    sim::ReportFormat format{};
    if (!sim::parse_report_format(o.format, format)) {
        std::fprintf(stderr, "gatetune live: --format must be text, json or csv (got \"%s\")\n", o.format.c_str());
        return kExitUsage;
    }
    if (!html_path_usable("live", o.html)) return kExitUsage;
    sim::Config unscaled;
    auto scaled = o.preset.load("live", &unscaled);
    if (!scaled) return kExitUsage;

    std::filesystem::path dir = o.workdir;
    if (dir.empty()) {
        std::string tmpl = (std::filesystem::temp_directory_path() / "gatetune-live-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) {
            std::perror("gatetune live: creating a work directory");
            return kExitUsage;
        }
        dir = tmpl;
    } else {
        std::filesystem::create_directories(dir);
    }
    const std::string db_path = o.db.empty() ? (dir / "gateway.sqlite3").string() : o.db;
    std::vector<std::string> keys;
    try {
        const live::DatabaseLocation where = live::parse_database_location(db_path);
        live::create_database(where);
        const auto db = live::open_database(where);
        for (int i = 0; i < std::max(unscaled.workload.api_keys, 1); ++i)
            keys.push_back(live::add_key(*db, "live-" + std::to_string(i)).key);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gatetune live: %s: %s\n", live::describe_database(db_path).c_str(), e.what());
        return kExitUsage;
    }

    std::fprintf(stderr, "gatetune live: %s at time scale %g on loopback (logs in %s)\n", o.preset.preset.c_str(),
                 o.preset.time_scale, dir.c_str());
    // A kept work directory may hold the port files of an earlier run: never read a stale port.
    for (const char* f : {"upstream.port", "gateway.port", "alb.port"}) std::filesystem::remove(dir / f);
    auto upstream_args = child_args("upstream", o);
    upstream_args.insert(upstream_args.end(), {"--listen", "127.0.0.1:0", "--port-file", (dir / "upstream.port").string()});
    live::ChildProcess upstream("/proc/self/exe", upstream_args, (dir / "upstream.log").string());
    const auto upstream_port = live::wait_for_port_file((dir / "upstream.port").string(), 20, upstream);
    if (!upstream_port) {
        std::fprintf(stderr, "gatetune live: the mock upstream did not start (see %s)\n", (dir / "upstream.log").c_str());
        return kExitUsage;
    }
    auto gateway_args = child_args("serve", o);
    gateway_args.insert(gateway_args.end(), {"--listen", "127.0.0.1:0", "--port-file", (dir / "gateway.port").string(), "--db",
                                             db_path, "--upstream", "http://127.0.0.1:" + std::to_string(upstream_port)});
    if (o.no_db) gateway_args.push_back("--no-db");
    live::ChildProcess gateway("/proc/self/exe", gateway_args, (dir / "gateway.log").string());
    const auto gateway_port = live::wait_for_port_file((dir / "gateway.port").string(), 20, gateway);
    if (!gateway_port) {
        std::fprintf(stderr, "gatetune live: the gateway did not start (see %s)\n", (dir / "gateway.log").c_str());
        return kExitUsage;
    }

    // With [load_balancer] enabled the load goes through an ALB in front of the gateway.
    std::optional<live::ChildProcess> balancer;
    std::uint16_t entry_port = gateway_port;
    if (scaled->load_balancer.enabled) {
        auto alb_args = child_args("alb", o);
        alb_args.insert(alb_args.end(), {"--listen", "127.0.0.1:0", "--port-file", (dir / "alb.port").string(), "--target",
                                         "http://127.0.0.1:" + std::to_string(gateway_port)});
        balancer.emplace("/proc/self/exe", alb_args, (dir / "alb.log").string());
        const auto alb_port = live::wait_for_port_file((dir / "alb.port").string(), 20, *balancer);
        if (!alb_port) {
            std::fprintf(stderr, "gatetune live: the load balancer did not start (see %s)\n", (dir / "alb.log").c_str());
            return kExitUsage;
        }
        entry_port = alb_port;
    }

    live::LoadOptions lo;
    lo.target = "http://127.0.0.1:" + std::to_string(entry_port);
    lo.api_keys = keys;
    lo.time_scale = o.preset.time_scale;
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    lo.stop_requested = [] { return g_stop != 0; };
    const bool tty = ::isatty(2);
    lo.on_progress = [tty](const live::LoadProgress& p) {
        if (!tty) return;
        std::fprintf(stderr, "\r  t=%.1f s  sent %llu  done %llu  errors %llu  in flight %lld   ", p.preset_seconds,
                     static_cast<unsigned long long>(p.sent), static_cast<unsigned long long>(p.done),
                     static_cast<unsigned long long>(p.errors), static_cast<long long>(p.in_flight));
    };
    live::LoadOutcome outcome;
    try {
        outcome = live::run_load(unscaled, lo);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "\ngatetune live: load: %s\n", e.what());
        return kExitUsage;
    }
    if (tty) std::fprintf(stderr, "\n");
    if (balancer) balancer->stop(5);
    gateway.stop(5);
    upstream.stop(5);

    sim::RunResult& live = outcome.result;
    live.worker_timeouts = count_lines((dir / "gateway.log").string(), "WORKER TIMEOUT");
    live.worker_boots = count_lines((dir / "gateway.log").string(), "Booting worker");
    sim::RunResult simulated = sim::simulate(unscaled);
    const sim::LiveReport both = sim::LiveReport::of(live, simulated, o.preset.time_scale);
    const sim::Comparison& cmp = both.comparison;
    const sim::Agreement& agreement = both.agreement;

    std::ostringstream report;
    if (format == sim::ReportFormat::Json) {
        report << both.to_json().dump(2) << "\n";
    } else if (format == sim::ReportFormat::Csv) {
        sim::write_csv_report(report, live);
    } else {
        sim::write_text_report(report, live);
        report << "\nSimulated vs live (" << o.preset.preset << ", time scale " << o.preset.time_scale << ")\n";
        sim::write_comparison_text(report, cmp);
        report << (agreement.agrees ? "\nThe live run agrees with the simulation.\n" : "\nThe live run differs from the simulation:\n");
        for (const auto& r : agreement.reasons) report << "  - " << r << "\n";
        report << "  worker timeouts: simulated " << simulated.worker_timeouts << ", live " << live.worker_timeouts << "\n";
    }
    if (!write_output("live", o.out, [&](std::ostream& os) { os << report.str(); })) return kExitUsage;
    if (!write_html("live", o.html, [&] {
            return sim::html::live_page({simulated, live, cmp, agreement, o.preset.time_scale},
                                        sim::html::preset_source(unscaled, o.preset.preset, preset_file_text(o.preset.preset, o.preset.sets)));
        }))
        return kExitUsage;
    if (!o.keep && o.workdir.empty()) std::filesystem::remove_all(dir);
    return kExitOk;
}

}  // namespace

void register_live(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<LiveOptions>();
    CLI::App* sub = app.add_subcommand("live", live_mode_description("live"));
    o->preset.add_to(*sub);
    sub->add_option("--out,-o", o->out, "Write the report here instead of standard output");
    sub->add_option("--format", o->format, "text, json or csv (csv: the live requests)")->capture_default_str();
    add_html_option(sub, o->html);
    sub->add_option("--workdir", o->workdir, "Keep the database and the components' logs in this directory");
    sub->add_flag("--keep", o->keep, "Keep the temporary work directory (logs, database)");
    sub->add_flag("--no-db", o->no_db, "Skip the gateway's database steps");
    sub->add_option("--db", o->db, "Use this database instead of a fresh SQLite file: a path, or a postgresql:// URI (keys are added to it)");
    out.push_back({sub, [o] { return live_run(*o); }});
}

}  // namespace gatetune::cli
