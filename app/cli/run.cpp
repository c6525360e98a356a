// gatetune run PRESET: simulate a preset and report what happened to every request and why.
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/cli/commands.hpp"
#include "app/cli/html_option.hpp"
#include "app/cli/output_file.hpp"
#include "app/cli/preset_argument.hpp"
#include "sim/history/run_history.hpp"
#include "sim/html/reports.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"
#include "sim/stack.hpp"

namespace gatetune::cli {

namespace {
struct RunOptions {
    std::string preset;
    std::optional<std::uint64_t> seed;
    std::vector<std::string> sets;
    std::string format = "text";
    std::string out;
    std::string html;
    bool no_requests = false;
    bool save = false;
    std::string history;  // "" = the default history file
};

// --save: keep the run in the run history the desktop app browses and compares. The preset's
// own text (with its comments) is stored unless --set changed what ran.
int save_run(const RunOptions& o, const sim::Config& cfg, const sim::RunResult& result) {
    try {
        const std::string text = preset_file_text(o.preset, o.sets);
        sim::history::RunHistory history(o.history.empty() ? sim::history::default_history_path() : o.history);
        const std::int64_t id = history.add(sim::history::make_run_record(result, cfg, text, "cli"));
        std::fprintf(stderr, "gatetune run: saved as run %lld in %s\n", static_cast<long long>(id), history.path().c_str());
        return kExitOk;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gatetune run: --save: %s\n", e.what());
        return kExitUsage;
    }
}

int run(const RunOptions& o) {
    sim::ReportFormat format{};
    if (!sim::parse_report_format(o.format, format)) {
        std::fprintf(stderr, "gatetune run: --format must be text, json or csv (got \"%s\")\n", o.format.c_str());
        return kExitUsage;
    }
    if (!html_path_usable("run", o.html)) return kExitUsage;
    sim::Config cfg;
    try {
        cfg = sim::load_preset(o.preset, o.sets);
    } catch (const sim::PresetError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kExitUsage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gatetune run: %s: %s\n", o.preset.c_str(), e.what());
        return kExitUsage;
    }
    if (o.seed) cfg.simulation.seed = *o.seed;
    if (o.no_requests) cfg.simulation.record_requests = false;
    sim::RunResult result;
    try {
        result = sim::simulate(cfg);
    } catch (const std::exception& e) {  // e.g. a bad row in the trace file
        std::fprintf(stderr, "%s\n", e.what());
        return kExitUsage;
    }
    if (o.save && save_run(o, cfg, result) != kExitOk) return kExitUsage;
    const bool written = write_output("run", o.out, [&](std::ostream& out) { sim::write_report(out, result, format); }) &&
                         write_html("run", o.html, [&] {
                             return sim::html::run_page(result, sim::html::preset_source(cfg, o.preset, preset_file_text(o.preset, o.sets)));
                         });
    return written ? kExitOk : kExitUsage;
}
}  // namespace

void register_run(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<RunOptions>();
    CLI::App* sub = app.add_subcommand("run", "Simulate a preset and report every request's outcome and cause");
    add_preset_argument(*sub, "preset", o->preset, "Preset (TOML)");
    sub->add_option("--seed", o->seed, "Random seed (overrides simulation.seed)");
    sub->add_option("--set", o->sets, "Override a preset key, e.g. --set db_pool.pool_size=20 (repeatable)");
    sub->add_option("--format", o->format, "Report format: text, json or csv")->capture_default_str();
    sub->add_option("-o,--out", o->out, "Write the report to FILE instead of standard output");
    add_html_option(sub, o->html);
    sub->add_flag("--no-requests", o->no_requests, "Do not keep per-request records (for very large runs)");
    sub->add_flag("--save", o->save, "Keep the run in the run history (browsed and compared by gatetune-gui)");
    sub->add_option("--history", o->history, "Run history file for --save (default: $XDG_DATA_HOME/gatetune/history.sqlite3)");
    out.push_back({sub, [o] { return run(*o); }});
}

}  // namespace gatetune::cli
