// gatetune import FILE… --out PRESET: a preset from a service's Dockerfile, gunicorn.conf.py and
// Python modules (create_async_engine, httpx.Timeout/Limits/AsyncClient) or gatetune.env. Every
// value it cannot read — a variable, an expression, a conflict — is listed with file and line and
// nothing is written (exit 2): import never guesses.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/commands.hpp"
#include "app/cli/experiment_options.hpp"
#include "app/cli/output_file.hpp"
#include "sim/import/importer.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/text_table.hpp"

namespace gatetune::cli {

namespace {
namespace im = sim::importing;

struct ImportOptions {
    std::vector<std::string> files;
    std::string out;
    std::string base;
    std::string format = "text";
};

void print_messages(const char* label, const std::vector<im::ImportMessage>& messages) {
    for (const im::ImportMessage& m : messages) std::fprintf(stderr, "%s%s\n", label, m.to_string().c_str());
}

nlohmann::json result_json(const im::ImportResult& r, const std::string& out) {
    nlohmann::json applied = nlohmann::json::array();
    for (const im::ImportedSetting& s : r.applied) {
        applied.push_back({{"key", s.key}, {"value", s.toml}, {"file", s.place.file}, {"line", s.place.line}, {"written", s.written}});
    }
    const auto messages = [](const std::vector<im::ImportMessage>& list) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& m : list) a.push_back({{"file", m.place.file}, {"line", m.place.line}, {"message", m.message}});
        return a;
    };
    return {{"ok", r.ok()}, {"preset", out}, {"applied", applied}, {"problems", messages(r.problems)}, {"notes", messages(r.notes)}};
}

void print_table(std::ostream& out, const im::ImportResult& r) {
    sim::TextTable table({{"KEY"}, {"VALUE"}, {"FROM"}, {"WRITTEN"}});
    for (const im::ImportedSetting& s : r.applied) table.add_row({s.key, s.toml, s.place.to_string(), s.written});
    table.write(out);
}

int run(const ImportOptions& o) {
    constexpr std::string_view kCommand = "import";
    if (o.format != "text" && o.format != "json") return input_error(kCommand, "--format must be text or json (got \"" + o.format + "\")");
    sim::Config base;
    if (!o.base.empty()) {
        const auto loaded = load_base(kCommand, o.base, {});
        if (!loaded) return kExitUsage;
        base = *loaded;
    }
    im::ImportResult r = im::import_files(o.files, base);
    if (!o.out.empty() && o.base.empty()) r.config.name = std::filesystem::path(o.out).stem().string();
    if (r.ok() && !o.base.empty()) {
        try {
            sim::check_config(r.config, "the imported configuration");
        } catch (const sim::PresetError& e) {
            for (const auto& issue : e.issues()) {
                im::ImportMessage m;
                m.place.file = issue.file;
                m.message = issue.key + ": " + issue.message;
                r.problems.push_back(std::move(m));
            }
        }
    }
    if (o.format == "json") {
        std::cout << result_json(r, r.ok() ? o.out : "").dump(2) << '\n';
    } else {
        print_messages("note: ", r.notes);
        print_messages("error: ", r.problems);
    }
    if (!r.ok()) {
        if (o.format == "text") input_error(kCommand, std::to_string(r.problems.size()) + " value(s) could not be read; nothing written");
        return kExitUsage;
    }
    if (!write_output(kCommand, o.out, [&](std::ostream& out) { out << im::imported_preset(r); })) return kExitUsage;
    if (o.format == "text") {
        print_table(o.out.empty() ? std::cerr : std::cout, r);
        if (o.base.empty()) {
            std::fprintf(stderr, "note: no --base preset: add a [workload] (and [upstream]) before simulating the imported preset\n");
        }
    }
    return kExitOk;
}
}  // namespace

void register_import(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<ImportOptions>();
    CLI::App* sub = app.add_subcommand(
        "import", "Read a Dockerfile, gunicorn.conf.py, Python modules or gatetune.env into a preset; unreadable values fail (exit 2)");
    sub->add_option("files", o->files, "Dockerfile (or *.cmd), gunicorn*.py / *.conf.py, other *.py, *.env")->required();
    sub->add_option("-o,--out", o->out, "Write the preset to FILE (default: standard output)");
    sub->add_option("--base", o->base, "Start from this preset (its workload, upstream, …) and replace the imported keys");
    sub->add_option("--format", o->format, "Report: text (a table) or json")->capture_default_str();
    out.push_back({sub, [o] { return run(*o); }});
}

}  // namespace gatetune::cli
