#pragma once
// Bare preset names: `gatetune run seed-incident` finds presets/seed-incident.toml without a path.
// The shipped presets are looked up beside the executable (an install puts them in
// <prefix>/share/gatetune/presets next to <prefix>/bin), and — for an executable still in the
// build tree it was built in — in the source tree's presets/. GATETUNE_PRESETS names another folder
// and comes first.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatetune::sim {

// The folders searched for bare names, in order; only folders that exist.
std::vector<std::filesystem::path> preset_directories(const std::filesystem::path& executable);

// The running program's own file (/proc/self/exe), or empty when it cannot be read.
std::filesystem::path running_executable();

// `argument` as given when it names an existing file; otherwise, for a relative name without
// "..", the first <dir>/<name> or <dir>/<name>.toml that exists ("seed-incident",
// "failure-modes/db-pool-exhaustion"). nullopt when neither.
std::optional<std::filesystem::path> find_preset(std::string_view argument,
                                                 const std::vector<std::filesystem::path>& directories);

// Every preset reachable by name in `directories` ("seed-incident", "failure-modes/…"), sorted,
// each once (the first folder wins): what an error message lists as allowed, and what the shell
// completions offer.
std::vector<std::string> preset_names(const std::vector<std::filesystem::path>& directories);

// The preset files (*.toml) in `folder` and its subfolders, sorted: `gatetune check presets/`.
std::vector<std::filesystem::path> presets_in_folder(const std::filesystem::path& folder);

// `arguments` with each folder replaced by the presets in it (files and names stay as given).
std::vector<std::string> expand_preset_folders(const std::vector<std::string>& arguments);

}  // namespace gatetune::sim
