#pragma once
// The PRESET argument of every command: a preset file, or the bare name of a shipped preset
// (`gatetune run seed-incident`), looked up as sim/preset/preset_search.hpp describes. The option's
// value becomes the file's path, so commands read it as before.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace gatetune::cli {

// The type name shown in --help; the shell completions complete options of this type with
// preset files and names.
inline constexpr const char* kPresetTypeName = "PRESET";

// Adds a required positional "name" taking one preset (a std::string) or several (a vector).
// A single preset that is neither a file nor a shipped name is a usage error (exit 2) that lists
// the names; of several, it is left as given for the command to report among the others (check
// reports an unreadable preset in its table and JUnit).
CLI::Option* add_preset_argument(CLI::App& sub, const std::string& name, std::string& preset, const std::string& description);
CLI::Option* add_preset_argument(CLI::App& sub, const std::string& name, std::vector<std::string>& presets,
                                 const std::string& description);

}  // namespace gatetune::cli
