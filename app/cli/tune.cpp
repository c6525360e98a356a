// gatetune tune PRESET --vary KEY=RANGE… [--minimize EXPR]: the cheapest configuration on the grid
// that passes the static rules and the preset's [slo] on every seed, found with far fewer
// simulations than the full grid (bisection along capacity axes). Prints it as a diff against the
// preset with its validation and the simulations it took; --export DIR writes the service files.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/commands.hpp"
#include "app/cli/experiment_options.hpp"
#include "app/cli/html_option.hpp"
#include "app/cli/output_file.hpp"
#include "app/cli/progress.hpp"
#include "app/cli/preset_argument.hpp"
#include "sim/experiment/experiment_error.hpp"
#include "sim/experiment/tune.hpp"
#include "sim/experiment/tune_report.hpp"
#include "sim/export/export.hpp"
#include "sim/html/reports.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/validation/validate.hpp"

namespace gatetune::cli {

namespace {
namespace ex = sim::experiment;

struct TuneOptions {
    std::string preset;
    std::vector<std::string> vary;
    std::string minimize;
    ExperimentOptions common;
    std::string format = "text";
    std::string out;
    std::string export_dir;
    std::string save;
    std::string html;
};

// The winner's service files, with VALIDATION.md recording the same seeds the search used.
bool export_winner(const sim::Config& best, const TuneOptions& o) {
    try {
        const sim::validation::ValidationReport report = sim::validation::validate(best, static_cast<int>(o.common.seeds));
        sim::exporting::write_files(o.export_dir, sim::exporting::export_files(best, report, {}));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gatetune tune: --export %s: %s\n", o.export_dir.c_str(), e.what());
        return false;
    }
    std::fprintf(stderr, "gatetune tune: exported the winning configuration to %s\n", o.export_dir.c_str());
    return true;
}

int run(const TuneOptions& o) {
    constexpr std::string_view kCommand = "tune";
    if (o.format != "text" && o.format != "json") return input_error(kCommand, "--format must be text or json (got \"" + o.format + "\")");
    if (o.vary.empty()) return input_error(kCommand, "give at least one --vary KEY=RANGE (e.g. --vary db_pool.pool_size=1..40)");
    if (!html_path_usable(kCommand, o.html)) return kExitUsage;
    const auto base = load_base(kCommand, o.preset, o.common);
    if (!base) return kExitUsage;
    const auto axes = parse_vary(kCommand, o.vary);
    if (!axes) return kExitUsage;
    ex::TuneSpec spec{*base, *axes, o.common.seeds, std::nullopt};
    ex::TuneResult result;
    try {
        if (!o.minimize.empty()) spec.minimize = ex::Expression::parse(o.minimize);
        ProgressBar bar("tune", "runs");
        result = ex::tune(spec, o.common.jobs, [&](std::size_t runs) { bar.update(runs, 0); });
    } catch (const ex::ExperimentError& e) {
        return input_error(kCommand, e.what());
    }
    const bool written = write_output(kCommand, o.out, [&](std::ostream& out) {
        if (o.format == "json") out << ex::tune_json(o.preset, *base, result).dump(2) << '\n';
        else ex::write_tune_text(out, o.preset, *base, result);
    });
    if (!written) return kExitUsage;
    if (!write_html(kCommand, o.html, [&] {
            return sim::html::tune_page(result, *base, sim::html::preset_source(*base, o.preset, preset_file_text(o.preset, o.common.sets)));
        }))
        return kExitUsage;
    if (!result.found) return kExitFailed;
    if (!o.save.empty() && !write_output(kCommand, o.save, [&](std::ostream& out) { out << sim::write_preset(result.best); })) return kExitUsage;
    if (!o.export_dir.empty() && !export_winner(result.best, o)) return kExitUsage;
    return kExitOk;
}
}  // namespace

void register_tune(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<TuneOptions>();
    CLI::App* sub = app.add_subcommand(
        "tune", "Find the cheapest configuration on a grid that passes the static rules and the [slo] on every seed");
    add_preset_argument(*sub, "preset", o->preset, "Preset (TOML) with an [slo] (or --set slo.…)");
    add_vary_option(sub, o->vary);
    sub->add_option("--minimize", o->minimize,
                    "What to minimise, over preset keys with + - * / and parentheses, e.g. "
                    "\"server.workers * (db_pool.pool_size + db_pool.max_overflow)\" (default: fewest DB connections, then "
                    "workers, then timeouts)");
    add_experiment_options(sub, o->common, 3);
    sub->add_option("--format", o->format, "text or json")->capture_default_str();
    sub->add_option("-o,--out", o->out, "Write the report to FILE instead of standard output");
    add_html_option(sub, o->html);
    sub->add_option("--save", o->save, "Also write the winning configuration as a preset file");
    sub->add_option("--export", o->export_dir, "Also write the winner's service files (gunicorn.conf.py, db.py, …) into DIR");
    out.push_back({sub, [o] { return run(*o); }});
}

}  // namespace gatetune::cli
