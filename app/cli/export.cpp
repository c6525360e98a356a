// gatetune export PRESET --out DIR: validate the preset, then write the service's files —
// Dockerfile.cmd, gunicorn.conf.py, db.py, http_client.py, gatetune.env — and VALIDATION.md.
// A configuration that is not valid is refused (exit 1) unless --force, and then every file's
// header says it was not validated.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/commands.hpp"
#include "app/cli/experiment_options.hpp"
#include "app/cli/preset_argument.hpp"
#include "sim/export/export.hpp"
#include "sim/text_table.hpp"
#include "sim/preset/time_scale.hpp"
#include "sim/validation/report.hpp"
#include "sim/validation/validate.hpp"

namespace gatetune::cli {

namespace {
namespace va = sim::validation;
namespace xp = sim::exporting;

struct ExportCliOptions {
    std::string preset;
    std::string dir;
    ExperimentOptions load;  // --set and --seed
    int seeds = va::kDefaultSeeds;
    double time_scale = 1.0;  // the files for a stack run at this time scale (conformance runs)
    xp::ExportOptions files;
};

int run(const ExportCliOptions& o) {
    constexpr std::string_view kCommand = "export";
    if (const std::string problem = xp::check_options(o.files); !problem.empty()) return input_error(kCommand, problem);
    const auto cfg = load_base(kCommand, o.preset, o.load);
    if (!cfg) return kExitUsage;
    const va::ValidationReport report = va::validate(*cfg, o.seeds);
    if (!report.valid() && !o.files.forced) {
        va::write_validation_text(std::cerr, report);
        input_error(kCommand, "not exported: the configuration is not valid (" + report.verdict() +
                                  "); fix it, or pass --force to export it anyway, marked as not validated");
        return kExitFailed;
    }
    // Validation judges the preset as written; the files carry its durations × time scale, as
    // `gatetune live --time-scale` runs it, so a real stack can run the scenario in seconds.
    if (!(o.time_scale > 0) || !std::isfinite(o.time_scale))
        return input_error(kCommand, "--time-scale must be a positive number");
    try {
        const sim::Config files_cfg = o.time_scale == 1.0 ? *cfg : sim::scale_durations(*cfg, o.time_scale);
        xp::write_files(o.dir, xp::export_files(files_cfg, report, o.files));
    } catch (const std::exception& e) {
        return input_error(kCommand, e.what());
    }
    sim::TextTable table({{"FILE"}, {"CONTENT"}});
    table.add_row({"Dockerfile.cmd", "the CMD line: gunicorn and its flags"});
    table.add_row({"gunicorn.conf.py", "the same gunicorn settings as a config file"});
    table.add_row({"db.py", "create_async_engine(...) with the pool settings"});
    table.add_row({"http_client.py", "one httpx.AsyncClient per worker, its getter and close function"});
    table.add_row({"gatetune.env", "the same values as GATETUNE_* environment variables"});
    table.add_row({"VALIDATION.md", "rule findings, SLO results per seed, preset hash, tool version"});
    std::cout << "Exported \"" << report.preset << "\" (" << report.hash << ") to " << o.dir << "\n";
    table.write(std::cout);
    std::cout << (report.valid() ? "Validated: " + report.verdict() : "NOT VALIDATED (forced): " + report.verdict()) << "\n";
    return kExitOk;
}
}  // namespace

void register_export(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<ExportCliOptions>();
    CLI::App* sub = app.add_subcommand(
        "export", "Validate a preset and write Dockerfile.cmd, gunicorn.conf.py, db.py, http_client.py, gatetune.env, VALIDATION.md");
    add_preset_argument(*sub, "preset", o->preset, "Preset (TOML)");
    sub->add_option("-o,--out", o->dir, "Directory to write the files into (created when missing)")->required();
    sub->add_flag("--force", o->files.forced, "Export even when validation fails; every file's header then says so");
    sub->add_option("--seeds", o->seeds, "Simulated seeds for the validation")->check(CLI::Range(1, va::kMaxSeeds))->capture_default_str();
    sub->add_option("--seed", o->load.seed, "First seed (default: the preset's simulation.seed)");
    sub->add_option("--set", o->load.sets, "Override a preset key before validating and exporting (repeatable)");
    sub->add_option("--time-scale", o->time_scale,
                    "Multiply every duration in the files by F (timeouts, keep-alive; validation sees the preset as written)")
        ->capture_default_str();
    sub->add_option("--app", o->files.app, "The ASGI app gunicorn loads, module:variable")->capture_default_str();
    sub->add_option("--bind", o->files.bind, "gunicorn --bind address")->capture_default_str();
    out.push_back({sub, [o] { return run(*o); }});
}

}  // namespace gatetune::cli
