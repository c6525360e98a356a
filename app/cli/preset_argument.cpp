#include "app/cli/preset_argument.hpp"

#include <filesystem>

#include "app/cli/unknown_command.hpp"
#include "sim/preset/preset_search.hpp"

namespace gatetune::cli {

namespace {
std::string joined(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : separator) + s;
    return out;
}

// The shipped names a mistyped or folder-less argument most likely meant: those whose last part is
// the argument ("blocked-loop-kill" → "failure-modes/blocked-loop-kill"), else those within a typo
// (edit distance 1, or 2 beyond five characters) of the name or of its last part.
std::vector<std::string> likely_meant(std::string argument, const std::vector<std::string>& names) {
    if (argument.ends_with(".toml")) argument.resize(argument.size() - 5);
    const auto last_part = [](const std::string& name) { return name.substr(name.rfind('/') + 1); };
    std::vector<std::string> same_last, near;
    const std::size_t typo = argument.size() <= 5 ? 1 : 2;
    for (const std::string& name : names) {
        if (last_part(name) == argument) same_last.push_back(name);
        else if (edit_distance(argument, name) <= typo || edit_distance(argument, last_part(name)) <= typo) near.push_back(name);
    }
    return same_last.empty() ? near : same_last;
}

// A transform: the argument becomes the preset file's path; when there is none, either the error
// says what was looked for where and which names exist, or the argument stays as given.
CLI::Validator preset_validator(bool missing_is_error) {
    return CLI::Validator(
        [missing_is_error](std::string& argument) -> std::string {
            const auto dirs = sim::preset_directories(sim::running_executable());
            if (auto found = sim::find_preset(argument, dirs)) {
                argument = found->string();
                return {};
            }
            if (!missing_is_error) return {};
            std::vector<std::string> where;
            for (const auto& d : dirs) where.push_back(d.string());
            std::string message = "no file \"" + argument + "\"";
            if (where.empty()) return message + ", and no shipped presets found (set GATETUNE_PRESETS to their folder)";
            const std::vector<std::string> names = sim::preset_names(dirs);
            message += " and no shipped preset of that name in " + joined(where, ", ");
            if (const auto meant = likely_meant(argument, names); !meant.empty()) message += " (did you mean " + joined(meant, " or ") + "?)";
            return message + " (a file path, or one of: " + joined(names, ", ") + ")";
        },
        "", "preset");
}
}  // namespace

CLI::Option* add_preset_argument(CLI::App& sub, const std::string& name, std::string& preset, const std::string& description) {
    return sub.add_option(name, preset, description + ": a file, or a shipped preset's name (seed-incident)")
        ->required()
        ->type_name(kPresetTypeName)
        ->transform(preset_validator(true));
}

CLI::Option* add_preset_argument(CLI::App& sub, const std::string& name, std::vector<std::string>& presets,
                                 const std::string& description) {
    return sub.add_option(name, presets, description + ": files, or shipped presets' names (seed-incident)")
        ->required()
        ->type_name(kPresetTypeName)
        ->transform(preset_validator(false));
}

}  // namespace gatetune::cli
