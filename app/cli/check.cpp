// gatetune check PRESET…: the CI gate. For each preset the static rules and its [slo] over K
// seeds; a compact table on stdout, JUnit XML (--junit) and JSON (--json) for machines. Exit 1
// when anything fails, 2 when a preset cannot be read.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/commands.hpp"
#include "app/cli/experiment_options.hpp"
#include "app/cli/html_option.hpp"
#include "app/cli/output_file.hpp"
#include "app/cli/progress.hpp"
#include "app/cli/preset_argument.hpp"
#include "sim/experiment/check.hpp"
#include "sim/experiment/check_report.hpp"
#include "sim/html/reports.hpp"
#include "sim/junit.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/preset/preset_search.hpp"
#include "sim/validation/validate.hpp"

namespace gatetune::cli {

namespace {
namespace ex = sim::experiment;

struct CheckOptions {
    std::vector<std::string> presets;
    ExperimentOptions common;
    std::string junit;
    std::string json;
    std::string html;
};

// The presets that could be read, as they ran, for the HTML report's footer.
std::vector<sim::html::PresetSource> preset_sources(const CheckOptions& o, const std::vector<ex::PresetCheck>& checks) {
    std::vector<sim::html::PresetSource> sources;
    for (const ex::PresetCheck& c : checks) {
        if (!c.loaded()) continue;
        try {
            sim::Config config = sim::load_preset(c.file, o.common.sets);
            if (o.common.seed) config.simulation.seed = *o.common.seed;
            sources.push_back(sim::html::preset_source(config, c.file, preset_file_text(c.file, o.common.sets)));
        } catch (const std::exception&) {
            // Changed on disk since it was checked: the footer leaves it out rather than show another file.
        }
    }
    return sources;
}

int run(const CheckOptions& o) {
    constexpr std::string_view kCommand = "check";
    if (!html_path_usable(kCommand, o.html)) return kExitUsage;
    for (const std::string& a : o.presets) {
        std::error_code ec;
        if (std::filesystem::is_directory(a, ec) && sim::presets_in_folder(a).empty()) {
            std::cerr << "gatetune check: the folder " << a << " holds no presets (*.toml files)\n";
            return kExitUsage;
        }
    }
    const ex::CheckSpec spec{sim::expand_preset_folders(o.presets), o.common.sets, o.common.seed, o.common.seeds};
    std::vector<ex::PresetCheck> checks;
    {
        ProgressBar bar("check", "runs");
        checks = ex::check_presets(spec, o.common.jobs, bar.callback());
    }
    const bool written = write_output(kCommand, "", [&](std::ostream& out) { ex::write_check_table(out, checks); }) &&
                         (o.junit.empty() || write_output(kCommand, o.junit, [&](std::ostream& out) {
                              sim::write_junit(out, "gatetune check", ex::check_junit(checks));
                          })) &&
                         (o.json.empty() || write_output(kCommand, o.json, [&](std::ostream& out) {
                              out << ex::check_json(checks, o.common.seeds).dump(2) << '\n';
                          })) &&
                         write_html(kCommand, o.html, [&] { return sim::html::check_page(checks, o.common.seeds, preset_sources(o, checks)); });
    if (!written) return kExitUsage;
    bool unreadable = false, failed = false;
    for (const ex::PresetCheck& c : checks) {
        unreadable = unreadable || !c.loaded();
        failed = failed || !c.passed();
    }
    return unreadable ? kExitUsage : failed ? kExitFailed : kExitOk;
}
}  // namespace

void register_check(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<CheckOptions>();
    CLI::App* sub = app.add_subcommand(
        "check", "CI gate: static rules and each preset's [slo] over K seeds; JUnit/JSON reports; exit 1 when anything fails");
    add_preset_argument(*sub, "presets", o->presets, "Presets (TOML), or folders of them (every *.toml inside, sorted)");
    add_experiment_options(sub, o->common, static_cast<std::size_t>(sim::validation::kDefaultSeeds));
    sub->add_option("--junit", o->junit, "Also write JUnit XML to FILE (one testcase per preset × rule or SLO check)");
    sub->add_option("--json", o->json, "Also write the results as JSON to FILE");
    add_html_option(sub, o->html);
    out.push_back({sub, [o] { return run(*o); }});
}

}  // namespace gatetune::cli
