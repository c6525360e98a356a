#include "sim/import/env_reader.hpp"

#include <algorithm>
#include <cctype>

#include "sim/export/bindings.hpp"
#include "sim/import/gunicorn_command.hpp"
#include "sim/import/shell_words.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::importing {
namespace {

std::string unquote(const std::string& v) {
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) return v.substr(1, v.size() - 2);
    return v;
}

bool digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

FileReading read_env_file(const std::string& file, std::string_view text) {
    FileReading out;
    int number = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = std::min(text.find('\n', pos), text.size());
        std::string line = trimmed_line(text.substr(pos, nl - pos));
        pos = nl + 1;
        ++number;
        if (line.empty() || line.starts_with("#")) continue;
        if (line.starts_with("export ")) line = trimmed_line(line.substr(7));
        const Place place{file, number};
        const auto eq = line.find('=');
        if (eq == std::string::npos || eq == 0) {
            out.problem(place, "`" + line + "` is not NAME=value");
            continue;
        }
        const std::string name = trimmed_line(line.substr(0, eq));
        const std::string value = unquote(trimmed_line(line.substr(eq + 1)));
        if (name == "WEB_CONCURRENCY") {
            if (!digits(value)) out.problem(place, "WEB_CONCURRENCY=" + value + ": gunicorn's worker count must be a whole number");
            else out.setting("server.workers", value, place, line, Precedence::EnvironmentDefault);
            continue;
        }
        if (name == "GUNICORN_CMD_ARGS") {
            try {
                read_gunicorn_flags(split_shell_words(value), place, Precedence::CmdArgsVariable, out);
            } catch (const std::invalid_argument& e) {
                out.problem(place, "GUNICORN_CMD_ARGS: " + std::string(e.what()));
            }
            continue;
        }
        if (!name.starts_with("GATETUNE_")) {
            out.note(place, name + " is not a gatetune variable: ignored");
            continue;
        }
        const exporting::Binding* found = nullptr;
        for (const exporting::Binding& b : exporting::bindings()) {
            if (exporting::env_variable(b) == name) found = &b;
        }
        if (!found) {
            out.problem(place, name + " is not a variable gatetune export writes (GATETUNE_<TABLE>_<KEY> of an exported key, e.g. "
                                      "GATETUNE_SERVER_WORKERS)");
            continue;
        }
        out.setting(std::string(found->key), value, place, line);
    }
    return out;
}

}  // namespace gatetune::sim::importing
