#include "app/cli/preset_argument.hpp"

#include <filesystem>

#include "sim/preset_search.hpp"

namespace gatetune::cli {

namespace {
std::string joined(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : separator) + s;
    return out;
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
            return message + " and no shipped preset of that name in " + joined(where, ", ") +
                   " (a file path, or one of: " + joined(sim::preset_names(dirs), ", ") + ")";
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
