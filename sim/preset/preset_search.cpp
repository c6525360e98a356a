#include "sim/preset/preset_search.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <system_error>

#include "gatetune/build_tree.hpp"

namespace gatetune::sim {

namespace fs = std::filesystem;

namespace {
bool is_folder(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// True when `inner` is `outer` or lies below it (both canonical).
bool lies_within(const fs::path& inner, const fs::path& outer) {
    const auto [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
    return o == outer.end();
}

fs::path canonical_or_empty(const fs::path& p) {
    std::error_code ec;
    fs::path c = fs::canonical(p, ec);
    return ec ? fs::path{} : c;
}
}  // namespace

fs::path running_executable() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path{} : exe;
}

std::vector<fs::path> preset_directories(const fs::path& executable) {
    std::vector<fs::path> dirs;
    auto add = [&dirs](const fs::path& dir) {
        const fs::path c = canonical_or_empty(dir);
        if (!c.empty() && is_folder(c) && std::find(dirs.begin(), dirs.end(), c) == dirs.end()) dirs.push_back(c);
    };
    if (const char* env = std::getenv("GATETUNE_PRESETS"); env && *env) add(env);
    const fs::path exe = canonical_or_empty(executable);
    if (exe.empty()) return dirs;
    add(exe.parent_path() / ".." / "share" / "gatetune" / "presets");
    // Only a build-tree executable may use the source tree: an installed copy must not depend on
    // where it happened to be built.
    const fs::path build_dir = canonical_or_empty(kBuildTreeDir);
    if (!build_dir.empty() && lies_within(exe, build_dir)) add(kSourcePresetsDir);
    return dirs;
}

std::optional<fs::path> find_preset(std::string_view argument, const std::vector<fs::path>& directories) {
    const fs::path given{std::string(argument)};
    if (is_file(given)) return given;
    if (argument.empty() || given.is_absolute()) return std::nullopt;
    for (const auto& part : given)
        if (part == "..") return std::nullopt;
    for (const auto& dir : directories) {
        for (fs::path candidate : {dir / given, dir / fs::path(std::string(argument) + ".toml")})
            if (is_file(candidate)) return candidate;
    }
    return std::nullopt;
}

std::vector<fs::path> presets_in_folder(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".toml") files.push_back(it->path());
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::string> expand_preset_folders(const std::vector<std::string>& arguments) {
    std::vector<std::string> out;
    for (const std::string& a : arguments) {
        if (!is_folder(fs::path(a))) {
            out.push_back(a);
            continue;
        }
        for (const fs::path& f : presets_in_folder(a)) out.push_back(f.string());
    }
    return out;
}

std::vector<std::string> preset_names(const std::vector<fs::path>& directories) {
    std::set<std::string> names;
    for (const auto& dir : directories) {
        for (fs::path relative : presets_in_folder(dir)) {
            relative = relative.lexically_relative(dir);
            relative.replace_extension();
            names.insert(relative.generic_string());
        }
    }
    return {names.begin(), names.end()};
}

}  // namespace gatetune::sim
