// gatetune validate PRESET: the static rules (GT###) and the preset's [slo] over K seeds. Exit 0
// when the configuration is valid, 1 when a rule reports an error or an SLO check fails on any
// seed, 2 when the preset cannot be read.
#include <memory>
#include <string>
#include <vector>

#include "app/cli/commands.hpp"
#include "app/cli/experiment_options.hpp"
#include "app/cli/output_file.hpp"
#include "app/cli/preset_argument.hpp"
#include "sim/validation/report.hpp"
#include "sim/validation/validate.hpp"

namespace gatetune::cli {

namespace {
namespace va = sim::validation;

struct ValidateOptions {
    std::string preset;
    ExperimentOptions load;  // --set and --seed
    int seeds = va::kDefaultSeeds;
    std::string format = "text";
    std::string out;
};

int run(const ValidateOptions& o) {
    constexpr std::string_view kCommand = "validate";
    if (o.format != "text" && o.format != "json") return input_error(kCommand, "--format must be text or json (got \"" + o.format + "\")");
    const auto cfg = load_base(kCommand, o.preset, o.load);
    if (!cfg) return kExitUsage;
    const va::ValidationReport report = va::validate(*cfg, o.seeds);
    const bool written = write_output(kCommand, o.out, [&](std::ostream& out) {
        if (o.format == "json") out << va::validation_json(report).dump(2) << '\n';
        else va::write_validation_text(out, report);
    });
    if (!written) return kExitUsage;
    return report.valid() ? kExitOk : kExitFailed;
}
}  // namespace

void register_validate(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<ValidateOptions>();
    CLI::App* sub = app.add_subcommand(
        "validate", "Check a preset with the static rules (GT###) and its [slo] over K simulated seeds; exit 1 when not valid");
    add_preset_argument(*sub, "preset", o->preset, "Preset (TOML)");
    sub->add_option("--seeds", o->seeds, "Simulated seeds: simulation.seed, +1, …, +K−1")
        ->check(CLI::Range(1, va::kMaxSeeds))
        ->capture_default_str();
    sub->add_option("--seed", o->load.seed, "First seed (default: the preset's simulation.seed)");
    sub->add_option("--set", o->load.sets, "Override a preset key, e.g. --set db_pool.pool_size=10 (repeatable)");
    sub->add_option("--format", o->format, "Output: text (tables for people) or json")->capture_default_str();
    sub->add_option("-o,--out", o->out, "Write the report to FILE instead of standard output");
    out.push_back({sub, [o] { return run(*o); }});
}

}  // namespace gatetune::cli
