// gatetune sweep PRESET --vary KEY=RANGE…: every combination of the varied keys, simulated in
// parallel with K seeds each; one CSV row or JSON object per point. --shard i/n runs every n-th
// point so several machines can share a big grid (gatetune merge joins their outputs).
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
#include "sim/experiment/sweep.hpp"
#include "sim/experiment/sweep_output.hpp"
#include "sim/html/reports.hpp"

namespace gatetune::cli {

namespace {
namespace ex = sim::experiment;

struct SweepOptions {
    std::string preset;
    std::vector<std::string> vary;
    ExperimentOptions common;
    std::string shard = "1/1";
    std::string format;
    std::string out;
    std::string html;
};

// --format, or the --out file's extension (.json), or CSV.
bool choose_format(const SweepOptions& o, ex::SweepFormat& format) {
    if (!o.format.empty()) return ex::parse_sweep_format(o.format, format);
    format = o.out.ends_with(".json") ? ex::SweepFormat::Json : ex::SweepFormat::Csv;
    return true;
}

int run(const SweepOptions& o) {
    constexpr std::string_view kCommand = "sweep";
    ex::SweepFormat format{};
    if (!choose_format(o, format)) return input_error(kCommand, "--format must be csv or json (got \"" + o.format + "\")");
    if (!html_path_usable(kCommand, o.html)) return kExitUsage;
    const auto base = load_base(kCommand, o.preset, o.common);
    if (!base) return kExitUsage;
    const auto axes = parse_vary(kCommand, o.vary);
    if (!axes) return kExitUsage;
    ex::SweepSpec spec{*base, ex::Grid(*axes), o.common.seeds, {}};
    ex::SweepResult result;
    try {
        spec.shard = ex::parse_shard(o.shard);
        const std::size_t points = ex::shard_points(spec.grid.size(), spec.shard).size();
        std::fprintf(stderr, "gatetune sweep: %zu of %zu points (shard %zu/%zu) × %zu seed%s = %zu runs, %u jobs\n", points,
                     spec.grid.size(), spec.shard.index, spec.shard.count, spec.replications, spec.replications == 1 ? "" : "s",
                     points * spec.replications,
                     o.common.jobs ? o.common.jobs : ex::default_jobs());
        ProgressBar bar("sweep", "runs");
        result = ex::run_sweep(spec, o.common.jobs, bar.callback());
    } catch (const ex::ExperimentError& e) {
        return input_error(kCommand, e.what());
    }
    const bool written =
        write_output(kCommand, o.out, [&](std::ostream& out) { ex::write_sweep(out, result, format); }) &&
        write_html(kCommand, o.html, [&] {
            return sim::html::sweep_page(result, *base, sim::html::preset_source(*base, o.preset, preset_file_text(o.preset, o.common.sets)));
        });
    return written ? kExitOk : kExitUsage;
}
}  // namespace

void register_sweep(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<SweepOptions>();
    CLI::App* sub = app.add_subcommand("sweep", "Simulate every combination of the varied preset keys (CSV or JSON, one row per point)");
    add_preset_argument(*sub, "preset", o->preset, "Preset (TOML)");
    add_vary_option(sub, o->vary);
    add_experiment_options(sub, o->common, 1);
    sub->add_option("--shard", o->shard, "Run only shard i of n (every n-th point, 1 ≤ i ≤ n); join the outputs with gatetune merge")
        ->capture_default_str();
    sub->add_option("--format", o->format, "csv or json (default: json when --out ends in .json, else csv)");
    sub->add_option("-o,--out", o->out, "Write the results to FILE instead of standard output");
    add_html_option(sub, o->html);
    out.push_back({sub, [o] { return run(*o); }});
}

}  // namespace gatetune::cli
