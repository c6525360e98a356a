#pragma once
// --html FILE on run, check, sweep, tune and live: the self-contained HTML report
// (sim/html/reports.hpp). The path is checked before anything runs, so a typo costs no
// simulation, and the file is written through a temporary file and renamed into place
// (app/cli/output_file.hpp), so a failed write never leaves half a report.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/html/page.hpp"

namespace gatetune::cli {

void add_html_option(CLI::App* sub, std::string& path);

// "" (no --html) is fine. Otherwise prints "gatetune <command>: --html PATH: <why>" and returns
// false when PATH names a directory or its directory does not exist or is not writable.
bool html_path_usable(std::string_view command, const std::string& path);

// Builds the page and writes it to PATH ("" = neither); false after printing why it could not.
bool write_html(std::string_view command, const std::string& path, const std::function<sim::html::Page()>& build);

// The preset's text as it ran, for the report's footer: the file itself when no --set changed
// it, else "" (the report then writes out the configuration that ran).
std::string preset_file_text(const std::string& path, const std::vector<std::string>& sets);

}  // namespace gatetune::cli
