#include "sim/import/importer.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/preset/config_schema.hpp"
#include "sim/import/dockerfile_reader.hpp"
#include "sim/import/env_reader.hpp"
#include "sim/import/module_assignments.hpp"
#include "sim/import/python_calls.hpp"
#include "sim/preset/preset_io.hpp"

namespace gatetune::sim::importing {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string_view precedence_name(Precedence p) {
    switch (p) {
        case Precedence::ImpliedDefault: return "a library default";
        case Precedence::EnvironmentDefault: return "WEB_CONCURRENCY";
        case Precedence::File: return "a configuration file";
        case Precedence::CmdArgsVariable: return "GUNICORN_CMD_ARGS";
        case Precedence::CommandLine: return "the command line";
    }
    return "?";
}

FileReading read_python(const std::string& path, std::string_view text, bool gunicorn_conf) {
    FileReading out;
    std::vector<PyToken> tokens;
    try {
        tokens = tokenize_python(text);
    } catch (const PyTokenError& e) {
        out.problem({path, e.line}, std::string("not readable as Python: ") + e.what());
        return out;
    }
    if (gunicorn_conf) {
        out.append(read_module_assignments(path, text, tokens, exporting::Target::GunicornSetting, from_conf, true));
    }
    out.append(read_module_assignments(path, text, tokens, exporting::Target::AppConstant, from_constant, false));
    out.append(read_python_calls(path, text, tokens));
    return out;
}

// Parsed value of a setting, or the key table's complaint.
struct Parsed {
    const ImportedSetting* setting = nullptr;
    Value value;
};

// Picks the winner among one key's settings; problems for conflicts and invalid values.
std::optional<Parsed> merge_key(const KeySpec& spec, const std::vector<const ImportedSetting*>& all, ImportResult& r) {
    std::vector<Parsed> parsed;
    for (const ImportedSetting* s : all) {
        try {
            parsed.push_back({s, parse_value(spec, s->toml)});
        } catch (const PresetError& e) {
            r.problems.push_back({s->place, "`" + s->written + "`: " + e.message()});
        }
    }
    if (parsed.size() != all.size() || parsed.empty()) return std::nullopt;
    const Precedence top = std::max_element(parsed.begin(), parsed.end(), [](const Parsed& a, const Parsed& b) {
                               return a.setting->precedence < b.setting->precedence;
                           })->setting->precedence;
    const Parsed* winner = nullptr;
    for (const Parsed& p : parsed) {
        if (p.setting->precedence != top) continue;
        if (!winner) {
            winner = &p;
        } else if (!values_equal(winner->value, p.value)) {
            r.problems.push_back({p.setting->place, std::string(spec.key) + ": `" + p.setting->written + "` conflicts with `" +
                                                        winner->setting->written + "` at " + winner->setting->place.to_string() +
                                                        " (both from " + std::string(precedence_name(top)) +
                                                        "; which one the service uses cannot be told from the files)"});
            return std::nullopt;
        }
    }
    for (const Parsed& p : parsed) {
        if (p.setting->precedence == top || p.setting->precedence == Precedence::ImpliedDefault) continue;
        if (!values_equal(winner->value, p.value)) {
            r.notes.push_back({p.setting->place, std::string(spec.key) + ": `" + p.setting->written + "` is overridden by `" +
                                                     winner->setting->written + "` at " + winner->setting->place.to_string() +
                                                     " (" + std::string(precedence_name(top)) + " wins)"});
        }
    }
    return *winner;
}

std::string read_whole_file(const std::string& path, bool& ok) {
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    std::ostringstream text;
    if (ok) text << in.rdbuf();
    return text.str();
}

}  // namespace

std::optional<FileKind> file_kind(const std::string& path) {
    const std::string name = lower(base_name(path));
    if (name == "dockerfile" || name.starts_with("dockerfile.") || name.ends_with(".dockerfile") || name.ends_with(".cmd")) {
        return FileKind::Dockerfile;
    }
    if (name.ends_with(".env") || name == ".env") return FileKind::Env;
    if (name.ends_with(".py")) {
        return name.starts_with("gunicorn") || name.ends_with(".conf.py") ? FileKind::GunicornConf : FileKind::Python;
    }
    return std::nullopt;
}

std::string accepted_files() {
    return "Dockerfile, Dockerfile.*, *.dockerfile or *.cmd (a Dockerfile); gunicorn*.py or *.conf.py (gunicorn settings "
           "and Python calls); *.py (create_async_engine / httpx calls); *.env (GATETUNE_* variables)";
}

FileReading read_file_as(FileKind kind, const std::string& path, std::string_view text) {
    switch (kind) {
        case FileKind::Dockerfile: return read_dockerfile(path, text);
        case FileKind::Env: return read_env_file(path, text);
        case FileKind::GunicornConf: return read_python(path, text, true);
        case FileKind::Python: return read_python(path, text, false);
    }
    return {};
}

ImportResult import_files(const std::vector<std::string>& paths, const Config& base) {
    FileReading all;
    for (const std::string& path : paths) {
        const auto kind = file_kind(path);
        if (!kind) {
            all.problem({path, 0}, "unknown kind of file (accepted: " + accepted_files() + ")");
            continue;
        }
        bool opened = false;
        const std::string text = read_whole_file(path, opened);
        if (!opened) {
            all.problem({path, 0}, "cannot open the file");
            continue;
        }
        all.append(read_file_as(*kind, path, text));
    }
    return merge_readings(std::move(all), base);
}

ImportResult merge_readings(FileReading all, const Config& base) {
    ImportResult r;
    r.config = base;
    r.problems = std::move(all.problems);
    r.notes = std::move(all.notes);
    for (const KeySpec& spec : config_schema()) {
        std::vector<const ImportedSetting*> mine;
        for (const ImportedSetting& s : all.settings) {
            if (s.key == spec.key) mine.push_back(&s);
        }
        if (mine.empty()) continue;
        if (const auto winner = merge_key(spec, mine, r)) {
            spec.set(r.config, winner->value);
            r.applied.push_back(*winner->setting);
        }
    }
    return r;
}

std::string imported_preset(const ImportResult& result) {
    std::string out = "# Imported by gatetune import. Where each imported value was read:\n";
    std::size_t width = 0;
    for (const ImportedSetting& s : result.applied) width = std::max(width, s.key.size());
    for (const ImportedSetting& s : result.applied) {
        out += "#   " + s.key + std::string(width - s.key.size(), ' ') + "  " + s.place.to_string() + "  " + s.written + "\n";
    }
    return out + write_preset(result.config);
}

}  // namespace gatetune::sim::importing
