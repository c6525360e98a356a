// gatetune diagnose OBSERVED… --config PRESET: from what was observed during an incident to the
// mechanisms that reproduce it, ranked with their evidence, and the changes that make the
// observed workload pass.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "app/cli/commands.hpp"
#include "app/cli/html_option.hpp"
#include "app/cli/output_file.hpp"
#include "app/cli/progress.hpp"
#include "gatetune/version.hpp"
#include "sim/diagnosis/diagnosis_report.hpp"
#include "sim/diagnosis/observation.hpp"
#include "sim/html/reports.hpp"
#include "sim/import/importer.hpp"
#include "sim/preset/preset_io.hpp"

namespace gatetune::cli {

namespace {

namespace dx = sim::diagnosis;

struct DiagnoseOptions {
    std::vector<std::string> observed;
    std::string input_format = "auto";
    std::string config;
    std::vector<std::string> imports;
    std::vector<std::string> sets;
    std::vector<std::string> mechanisms;
    std::vector<std::string> suspects;
    std::string fix;
    std::vector<std::string> fix_sets;
    bool no_proposals = false;
    std::size_t seeds = 3;
    std::optional<std::uint64_t> seed;
    unsigned jobs = 0;
    std::string format = "text";
    std::string out;
    std::string html;
};

int usage(const std::string& message) {
    std::fprintf(stderr, "gatetune diagnose: %s\n", message.c_str());
    return kExitUsage;
}

// The configuration that was running: a preset, or the service's own files read as `gatetune
// import` reads them (over a preset when both are given).
std::optional<sim::Config> running_config(const DiagnoseOptions& o, std::string& described) {
    sim::Config cfg;
    if (!o.config.empty()) {
        cfg = sim::load_preset(o.config, o.imports.empty() ? o.sets : std::vector<std::string>{});
        described = o.config;
    }
    if (!o.imports.empty()) {
        const auto result = sim::importing::import_files(o.imports, cfg);
        for (const auto& n : result.notes) std::fprintf(stderr, "gatetune diagnose: import note: %s\n", n.to_string().c_str());
        if (!result.ok()) {
            for (const auto& p : result.problems) std::fprintf(stderr, "gatetune diagnose: %s\n", p.to_string().c_str());
            return std::nullopt;
        }
        cfg = result.config;
        for (const auto& s : o.sets) sim::apply_override(cfg, s);
        for (const auto& f : o.imports) described += (described.empty() ? "" : " + ") + f;
    }
    return cfg;
}

int diagnose(const DiagnoseOptions& o) {
    if (o.format != "text" && o.format != "json") return usage("--format must be text or json (got \"" + o.format + "\")");
    if (o.config.empty() && o.imports.empty())
        return usage("say which configuration was running: --config PRESET or --import FILE… (Dockerfile, gunicorn.conf.py, *.py, *.env)");
    if (o.seeds < 1 || o.seeds > 100) return usage("--seeds must be 1 to 100 (got " + std::to_string(o.seeds) + ")");
    if (!html_path_usable("diagnose", o.html)) return kExitUsage;
    dx::ObservationFormat format{};
    if (!dx::parse_observation_format(o.input_format, format))
        return usage("--input-format must be auto, records, k6, jtl, alb, gunicorn, uvicorn or python (got \"" + o.input_format + "\")");

    dx::Observation obs;
    std::string config_text;
    std::optional<sim::Config> cfg;
    dx::DiagnoseOptions options;
    try {
        obs = dx::read_observation(o.observed, format);
        cfg = running_config(o, config_text);
        if (!cfg) return kExitUsage;
        if (o.seed) cfg->simulation.seed = *o.seed;
        if (!o.fix.empty()) {
            options.fix = sim::load_preset(o.fix);
            options.fix_name = o.fix;
        }
    } catch (const dx::ObservationError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kExitUsage;
    } catch (const sim::PresetError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kExitUsage;
    } catch (const std::exception& e) {
        return usage(e.what());
    }
    if (obs.requests.empty())
        return usage("the observation has log evidence but no requests to replay: add the per-request records "
                     "(CSV/JSON Lines, k6 JSON, JTL, ALB or uvicorn access log)");

    options.seeds = o.seeds;
    options.jobs = o.jobs;
    options.mechanisms = o.mechanisms;
    options.suspects = o.suspects;
    options.fix_sets = o.fix_sets;
    options.propose_fixes = !o.no_proposals;
    dx::Diagnosis d;
    try {
        ProgressBar bar("diagnose", "simulations");
        options.progress = bar.callback();
        d = dx::diagnose(obs, *cfg, options);
    } catch (const sim::PresetError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kExitUsage;
    } catch (const std::invalid_argument& e) {
        return usage(e.what());
    }

    std::string observed;
    for (const auto& f : o.observed) observed += (observed.empty() ? "" : ", ") + f;
    const dx::ReportContext ctx{observed, config_text, gatetune::kVersion};
    const bool written = write_output("diagnose", o.out, [&](std::ostream& out) {
        if (o.format == "json") out << dx::to_json(d, ctx).dump(2) << "\n";
        else dx::write_text(out, d, ctx);
    });
    if (!written) return kExitUsage;
    if (!write_html("diagnose", o.html, [&] {
            return sim::html::diagnose_page(d, obs, sim::html::preset_source(*cfg, config_text, o.imports.empty() ? preset_file_text(o.config, o.sets) : std::string()));
        }))
        return kExitUsage;
    return d.reproduced() ? kExitOk : kExitFailed;
}

}  // namespace

void register_diagnose(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<DiagnoseOptions>();
    CLI::App* sub = app.add_subcommand(
        "diagnose", "Find the mechanisms that reproduce an observed incident, ranked, and the changes that make it pass");
    sub->footer(
        "OBSERVED: per-request records (CSV or JSON Lines: start or order, status, latency, error, prompt_tokens,\n"
        "completion_tokens, session, call), k6 --out json, JMeter JTL, AWS ALB access logs, and as evidence gunicorn\n"
        "error logs, uvicorn access logs and Python tracebacks. Exit 0 when a mechanism reproduces the observation,\n"
        "1 when none does, 2 on bad input.\n"
        "Mechanisms: " + sim::diagnosis::mechanism_ids());
    sub->add_option("observed", o->observed, "What was observed: request records and log files")->required()->check(CLI::ExistingFile);
    sub->add_option("--input-format", o->input_format, "Format of the observed files: auto, records, k6, jtl, alb, gunicorn, uvicorn, python")
        ->capture_default_str();
    sub->add_option("-c,--config", o->config, "The preset that was running")->check(CLI::ExistingFile);
    sub->add_option("--import", o->imports, "Read the running configuration from the service's files (Dockerfile, gunicorn.conf.py, *.py, *.env)")
        ->check(CLI::ExistingFile);
    sub->add_option("--set", o->sets, "Override a key of the running configuration (repeatable)");
    sub->add_option("--mechanism", o->mechanisms, "Try only these mechanisms (repeatable; default: all)");
    sub->add_option("--suspect", o->suspects,
                    "Your own theory: a mechanism id, or assignments such as server.timeout=30 (repeatable; each gets a verdict)");
    sub->add_option("--fix", o->fix, "Check this preset (a proposed configuration) under the top hypotheses")->check(CLI::ExistingFile);
    sub->add_option("--fix-set", o->fix_sets, "Check this change (key=value, repeatable) under the top hypotheses");
    sub->add_flag("--no-proposals", o->no_proposals, "Do not search for changes that make the observed workload pass");
    sub->add_option("--seeds", o->seeds, "Seeds per simulated point")->capture_default_str();
    sub->add_option("--seed", o->seed, "First seed (default: the preset's simulation.seed)");
    sub->add_option("-j,--jobs", o->jobs, "Simulations in parallel (default: every core)");
    sub->add_option("--format", o->format, "Report: text or json")->capture_default_str();
    sub->add_option("-o,--out", o->out, "Write the report to FILE instead of standard output");
    add_html_option(sub, o->html);
    out.push_back({sub, [o] { return diagnose(*o); }});
}

}  // namespace gatetune::cli
