#include "app/cli/html_option.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

#include "app/cli/output_file.hpp"

namespace gatetune::cli {

namespace fs = std::filesystem;

void add_html_option(CLI::App* sub, std::string& path) {
    sub->add_option("--html", path, "Also write a self-contained HTML report (charts, tables, the preset) to FILE");
}

bool html_path_usable(std::string_view command, const std::string& path) {
    if (path.empty()) return true;
    const auto refuse = [&](const std::string& why) {
        std::fprintf(stderr, "gatetune %.*s: --html %s: %s\n", static_cast<int>(command.size()), command.data(), path.c_str(), why.c_str());
        return false;
    };
    std::error_code ec;
    if (fs::is_directory(path, ec)) return refuse("is a directory; give a file name such as report.html");
    if (fs::exists(path, ec) && !fs::is_regular_file(path, ec)) return true;  // a device or a pipe, written in place
    const fs::path dir = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
    if (!fs::exists(dir, ec)) return refuse("the directory " + dir.string() + " does not exist");
    if (!fs::is_directory(dir, ec)) return refuse(dir.string() + " is not a directory");
    if (::access(dir.c_str(), W_OK) != 0) return refuse("the directory " + dir.string() + " is not writable");
    return true;
}

bool write_html(std::string_view command, const std::string& path, const std::function<sim::html::Page()>& build) {
    if (path.empty()) return true;
    std::optional<sim::html::Page> page;
    try {
        page = build();
    } catch (const std::exception& e) {  // a bug in a report section: say so rather than abort the command
        std::fprintf(stderr, "gatetune %.*s: --html %s: the report could not be built: %s\n", static_cast<int>(command.size()),
                     command.data(), path.c_str(), e.what());
        return false;
    }
    return write_output(command, path, [&](std::ostream& out) { page->write(out); });
}

std::string preset_file_text(const std::string& path, const std::vector<std::string>& sets) {
    if (!sets.empty()) return "";
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace gatetune::cli
