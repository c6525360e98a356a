// gatetune calibrate LOGS… --out PRESET: the upstream's latency model and capacity and the
// workload fitted to a team's own request logs, written as a preset, with how well each
// quantity fits and a simulated check that the preset reproduces the logs.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/cli/commands.hpp"
#include "app/cli/html_option.hpp"
#include "app/cli/output_file.hpp"
#include "app/cli/progress.hpp"
#include "app/live/db/usage_log.hpp"
#include "sim/calibration/calibrated_preset.hpp"
#include "sim/calibration/calibration.hpp"
#include "sim/calibration/calibration_report.hpp"
#include "sim/calibration/reproduce_check.hpp"
#include "sim/html/reports.hpp"
#include "sim/preset/preset_edit.hpp"
#include "sim/preset/preset_io.hpp"

namespace gatetune::cli {

namespace {

namespace cal = sim::calibration;

struct CalibrateOptions {
    std::vector<std::string> logs;
    std::string input_format = "auto";
    std::string preset;
    std::string out;
    std::string format = "text";
    std::string report;
    std::string html;
    std::string csv_dir;
    double max_bad = 0.01;
    std::optional<std::uint64_t> seed;
};

int calibrate_usage(const std::string& message) {
    std::fprintf(stderr, "gatetune calibrate: %s\n", message.c_str());
    return kExitUsage;
}

std::string read_base_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

int calibrate(const CalibrateOptions& o) {
    if (o.format != "text" && o.format != "json") return calibrate_usage("--format must be text or json (got \"" + o.format + "\")");
    cal::LogFormat format{};
    if (!cal::parse_log_format(o.input_format, format)) {
        return calibrate_usage("--input-format must be one of " + std::string(cal::kLogFormatNames) + " (got \"" + o.input_format + "\")");
    }
    if (!(o.max_bad >= 0 && o.max_bad <= 1)) return calibrate_usage("--max-bad-lines must be a share from 0 to 1 (got " + std::to_string(o.max_bad) + ")");
    if (std::filesystem::is_directory(o.out)) return calibrate_usage("--out " + o.out + ": is a directory (expected the preset file to write)");
    if (!html_path_usable("calibrate", o.html)) return kExitUsage;
    if (!o.csv_dir.empty()) {
        std::error_code ec;
        if (std::filesystem::exists(o.csv_dir, ec) && !std::filesystem::is_directory(o.csv_dir, ec))
            return calibrate_usage("--csv " + o.csv_dir + ": is not a directory (expected a directory for fits.csv and one CSV per fitted quantity)");
        const std::filesystem::path parent = std::filesystem::absolute(o.csv_dir, ec).parent_path();
        if (!std::filesystem::is_directory(parent, ec)) return calibrate_usage("--csv " + o.csv_dir + ": the directory " + parent.string() + " does not exist");
    }

    sim::Config base;
    std::string base_text;
    try {
        if (!o.preset.empty()) {
            base = sim::load_preset(o.preset);
            base_text = read_base_text(o.preset);
        }
    } catch (const sim::PresetError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kExitUsage;
    }
    if (o.seed) base.simulation.seed = *o.seed;

    cal::Calibration c;
    try {
        ProgressBar bar("calibrate", "MiB");
        std::uint64_t done_before = 0;  // bytes of the files already read
        std::uint64_t last_total = 0;
        const auto progress = [&](std::uint64_t done, std::uint64_t total) {
            if (total != last_total && done <= total) {
                done_before += last_total;
                last_total = total;
            }
            bar.update((done_before + done) >> 20, 0);
        };
        cal::Calibrator calibrator;
        const cal::RecordSink sink = [&](const cal::LogRecord& r) { calibrator.add(r); };
        for (const std::string& source : o.logs) {
            // The live gateway's database (a SQLite file or a postgresql:// URI): its usage table.
            if (const auto db = live::usage_table_source(source)) {
                calibrator.add_read(db->describe(), live::read_usage_table(*db, sink));
                continue;
            }
            calibrator.add_read(source, cal::read_log_file(source, format, sink, progress));
        }
        c = calibrator.finish();
    } catch (const std::exception& e) {
        return calibrate_usage(e.what());
    }

    const std::uint64_t bad = c.bad_lines();
    for (const cal::ReadStats& s : c.reads) {
        for (const sim::InputIssue& i : s.first_bad) std::fprintf(stderr, "%s\n", i.to_string().c_str());
        if (s.bad > s.first_bad.size()) std::fprintf(stderr, "… and %llu more unreadable lines\n", static_cast<unsigned long long>(s.bad - s.first_bad.size()));
    }
    if (bad > 0 && static_cast<double>(bad) > o.max_bad * static_cast<double>(c.lines())) {
        return calibrate_usage(std::to_string(bad) + " of " + std::to_string(c.lines()) + " lines could not be read, more than --max-bad-lines " +
                     std::to_string(o.max_bad * 100).substr(0, 5) + " % allows; nothing written");
    }
    if (c.requests == 0) return calibrate_usage("no requests in the logs (only headers, comments or non-request lines); nothing written");

    cal::CalibratedPreset preset = cal::calibrated_preset(c, base);
    preset.config.name = std::filesystem::path(o.out).stem().string();
    std::string sources;
    for (const std::string& f : c.files) {
        const bool url = f.find("://") != std::string::npos;
        sources += (sources.empty() ? "" : ", ") + (url ? f : std::filesystem::path(f).filename().string());
    }
    preset.config.description = "Calibrated by gatetune calibrate from " + sources + (o.preset.empty() ? "" : " over " + o.preset);
    try {
        sim::check_config(preset.config, o.out);
    } catch (const sim::PresetError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return calibrate_usage("the calibrated preset is incomplete: the logs have too few requests (" + std::to_string(c.requests) +
                               ") with start times and token counts to fit a workload; give --preset BASE with one; nothing written");
    }
    const cal::ReproduceCheck check = cal::reproduce_check(c, preset.config);

    const std::string text = base_text.empty() ? sim::write_preset(preset.config, false, o.out)
                                               : sim::update_preset_text(base_text, preset.config, o.out).text;
    if (!write_output("calibrate", o.out, [&](std::ostream& out) { out << text; })) return kExitUsage;
    const cal::CalibrationReport report{c, preset, check, o.out};
    if (!write_output("calibrate", o.report, [&](std::ostream& out) {
            if (o.format == "json") out << cal::to_json(report).dump(2) << "\n";
            else cal::write_text(out, report);
        }))
        return kExitUsage;
    if (!write_html("calibrate", o.html, [&] { return sim::html::calibrate_page(report, sim::html::preset_source(preset.config, o.out, text)); }))
        return kExitUsage;
    if (!o.csv_dir.empty()) {
        // fits.csv, then one file of plot points per fitted quantity.
        std::error_code ec;
        std::filesystem::create_directories(o.csv_dir, ec);
        if (ec) return calibrate_usage("--csv " + o.csv_dir + ": cannot create the directory: " + ec.message());
        const std::vector<cal::FittedQuantity> quantities = cal::fitted_quantities(c);
        const std::filesystem::path dir(o.csv_dir);
        if (!write_output("calibrate", (dir / "fits.csv").string(), [&](std::ostream& out) { cal::write_fit_summary_csv(out, quantities); }))
            return kExitUsage;
        for (const cal::FittedQuantity& q : quantities) {
            if (!q.fit || q.fit->candidates.empty()) continue;
            if (!write_output("calibrate", (dir / (q.id + ".csv")).string(), [&](std::ostream& out) { cal::write_fit_points_csv(out, q); }))
                return kExitUsage;
        }
    }
    return check.pass() ? kExitOk : kExitFailed;
}

}  // namespace

void register_calibrate(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<CalibrateOptions>();
    CLI::App* sub = app.add_subcommand("calibrate", "Fit the upstream and workload model to request logs and write the calibrated preset");
    sub->footer(
        "LOGS: request logs as JSON Lines (flat records, OpenAI-style responses with usage, the live gateway's usage rows),\n"
        "CSV with a header (start, status, latency or latency_ms, ttft, prompt_tokens, completion_tokens, model, session),\n"
        "k6 --out json, AWS ALB access logs, or the live gateway's database: a SQLite file (detected by its header) or a\n"
        "postgresql:// URI, whose usage table is read directly (model, started_at_us, upstream latency_us, ttft_us, tokens,\n"
        "status). Fits TTFT against prompt tokens, the decode rate and the latency factor's family (lognormal,\n"
        "gamma, Weibull or empirical, by likelihood, with KS distances), concurrency slots, RPM/TPM from 429s, the arrival\n"
        "process and token sizes; then simulates the calibrated preset against the logs' p50/p90/p99 and status mix.\n"
        "--html FILE shows each fitted quantity's data CDF against every candidate family's and a QQ plot, with the KS\n"
        "distances; --csv DIR writes the same points for plotting elsewhere.\n"
        "Exit 0 when the preset reproduces the logs within 10 %, 1 when it does not, 2 on bad input (nothing written).");
    sub->add_option("logs", o->logs, "Request log files, gateway databases (SQLite files) or postgresql:// URIs")
        ->required()
        ->check(CLI::Validator(
            [](const std::string& v) {
                if (v.starts_with("postgresql://") || v.starts_with("postgres://")) return std::string();
                return CLI::ExistingFile(v);
            },
            "LOG", "EXISTING FILE OR POSTGRESQL URI"));
    sub->add_option("--preset", o->preset, "Base preset: the gateway's configuration (workers, pools, timeouts) the fit goes into")
        ->check(CLI::ExistingFile);
    sub->add_option("--out", o->out, "Write the calibrated preset to FILE")->required();
    sub->add_option("--input-format", o->input_format, "Format of the logs: auto, jsonl, csv, k6, alb (a gateway database is recognised whatever this says)")->capture_default_str();
    sub->add_option("--max-bad-lines", o->max_bad, "Share of unreadable lines tolerated (left out and listed); above it, exit 2")
        ->capture_default_str();
    sub->add_option("--seed", o->seed, "Seed of the reproduce check's simulation (default: the base preset's)");
    sub->add_option("--format", o->format, "Report: text or json")->capture_default_str();
    sub->add_option("--report", o->report, "Write the report to FILE instead of standard output");
    add_html_option(sub, o->html);
    sub->add_option("--csv", o->csv_dir,
                    "Write the goodness of fit as CSV into DIR (created if missing): fits.csv (each family's parameters and KS "
                    "distance per quantity) and <quantity>.csv (the CDF and QQ points the HTML report plots)");
    out.push_back({sub, [o] { return calibrate(*o); }});
}

}  // namespace gatetune::cli
