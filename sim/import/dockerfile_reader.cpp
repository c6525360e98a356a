#include "sim/import/dockerfile_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/import/gunicorn_command.hpp"
#include "sim/import/shell_words.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::importing {
namespace {

constexpr std::array<std::string_view, 18> kInstructions{"FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE",
                                                          "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
                                                          "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"};

struct Instruction {
    int line = 0;
    std::string keyword;  // upper case
    std::string args;
};

// Joins continuation lines (a `\` as the last character) and drops comment lines, even inside a
// continued instruction, as Docker's parser does.
std::vector<Instruction> instructions(std::string_view text) {
    std::vector<Instruction> out;
    std::string pending;
    int pending_line = 0;
    int number = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t nl = std::min(text.find('\n', pos), text.size());
        const std::string line(text.substr(pos, nl - pos));
        pos = nl + 1;
        ++number;
        const std::string t = trimmed_line(line);
        if (t.starts_with("#") || t.empty()) {  // inside a continuation too, as Docker does
            if (nl == text.size()) break;
            continue;
        }
        if (pending.empty()) pending_line = number;
        const bool continued = !t.empty() && t.back() == '\\';
        pending += continued ? line.substr(0, line.rfind('\\')) : line;
        if (continued && nl != text.size()) continue;
        const std::string instr = trimmed_line(pending);
        pending.clear();
        const auto space = instr.find_first_of(" \t");
        Instruction i{pending_line, instr.substr(0, space), space == std::string::npos ? "" : trimmed_line(instr.substr(space))};
        std::transform(i.keyword.begin(), i.keyword.end(), i.keyword.begin(), [](unsigned char c) { return std::toupper(c); });
        out.push_back(std::move(i));
        if (nl == text.size()) break;
    }
    return out;
}

struct Command {
    int line = 0;
    bool exec_form = false;
    std::vector<ShellWord> words;  // exec form: the array; shell form: the split script
    std::string shell;             // shell form: the script as written
};

std::optional<Command> command(const Instruction& in, const std::string& file, FileReading& out) {
    Command c;
    c.line = in.line;
    if (in.args.starts_with("[")) {
        try {
            const auto array = nlohmann::json::parse(in.args);
            if (!array.is_array()) throw std::invalid_argument("not an array");
            for (const auto& item : array) c.words.push_back({item.get<std::string>(), false, false});
            c.exec_form = true;
            return c;
        } catch (const std::exception&) {
            out.problem({file, in.line}, in.keyword + " " + in.args.substr(0, 60) + (in.args.size() > 60 ? "…" : "") +
                                             " is not a JSON array of strings: Docker would run it with /bin/sh -c as written, "
                                             "which fails (in exec form every element is a quoted string, and a comment cannot "
                                             "follow a line-continuation backslash)");
            return std::nullopt;
        }
    }
    try {
        c.words = split_shell_words(in.args);
        c.shell = in.args;
        return c;
    } catch (const std::invalid_argument& e) {
        out.problem({file, in.line}, in.keyword + " " + in.args + ": " + e.what());
        return std::nullopt;
    }
}

// The process Docker starts: ENTRYPOINT (exec form) followed by CMD; a shell-form ENTRYPOINT
// ignores CMD; a shell form runs as /bin/sh -c "…". [Dockerfile reference, ENTRYPOINT/CMD]
std::vector<ShellWord> container_argv(const std::optional<Command>& entry, const std::optional<Command>& cmd) {
    const auto as_argv = [](const Command& c) {
        return c.exec_form ? c.words : std::vector<ShellWord>{{"/bin/sh"}, {"-c"}, {c.shell}};
    };
    if (entry && !entry->exec_form) return as_argv(*entry);
    std::vector<ShellWord> argv = entry ? entry->words : std::vector<ShellWord>{};
    if (cmd) {
        const auto more = as_argv(*cmd);
        argv.insert(argv.end(), more.begin(), more.end());
    }
    return argv;
}

// ENV KEY=VALUE … or the legacy ENV KEY VALUE.
void read_env(const Instruction& in, const std::string& file, FileReading& out) {
    std::vector<ShellWord> words;
    try {
        words = split_shell_words(in.args);
    } catch (const std::invalid_argument& e) {
        out.problem({file, in.line}, "ENV " + in.args + ": " + e.what());
        return;
    }
    std::vector<std::pair<std::string, ShellWord>> vars;
    if (!words.empty() && words[0].text.find('=') == std::string::npos) {
        const auto space = in.args.find_first_of(" \t");
        if (space != std::string::npos) vars.push_back({words[0].text, {trimmed_line(in.args.substr(space)), false, false}});
    } else {
        for (const ShellWord& w : words) {
            const auto eq = w.text.find('=');
            if (eq != std::string::npos) vars.push_back({w.text.substr(0, eq), {w.text.substr(eq + 1), w.expanded, false}});
        }
    }
    for (const auto& [name, value] : vars) {
        const Place place{file, in.line};
        if (name == "WEB_CONCURRENCY") {
            if (value.expanded || value.text.empty() || !std::all_of(value.text.begin(), value.text.end(), [](unsigned char ch) { return std::isdigit(ch) != 0; })) {
                out.problem(place, "ENV WEB_CONCURRENCY=" + value.text + ": not a whole number gatetune import can read");
            } else {
                out.setting("server.workers", value.text, place, "ENV WEB_CONCURRENCY=" + value.text, Precedence::EnvironmentDefault);
            }
        } else if (name == "GUNICORN_CMD_ARGS") {
            try {
                read_gunicorn_flags(split_shell_words(value.text), place, Precedence::CmdArgsVariable, out);
            } catch (const std::invalid_argument& e) {
                out.problem(place, "ENV GUNICORN_CMD_ARGS: " + std::string(e.what()));
            }
        }
    }
}

}  // namespace

FileReading read_dockerfile(const std::string& file, std::string_view text) {
    FileReading out;
    std::optional<Command> entry, cmd;
    std::vector<Instruction> env;
    bool any_command = false;
    for (const Instruction& in : instructions(text)) {
        if (std::find(kInstructions.begin(), kInstructions.end(), in.keyword) == kInstructions.end()) {
            out.problem({file, in.line}, "`" + in.keyword + "` is not a Dockerfile instruction: docker build stops here (did a "
                                                            "line continuation end early? `\\` must be the last character of its line)");
            continue;
        }
        if (in.keyword == "FROM") {  // a new stage: only the final one's settings count
            entry.reset(), cmd.reset(), env.clear();
            any_command = false;
        } else if (in.keyword == "ENV") {
            env.push_back(in);
        } else if (in.keyword == "CMD" || in.keyword == "ENTRYPOINT") {
            any_command = true;
            auto c = command(in, file, out);
            (in.keyword == "CMD" ? cmd : entry) = std::move(c);
        }
    }
    for (const Instruction& in : env) read_env(in, file, out);
    if (!any_command) {
        out.problem({file, 0}, "no CMD or ENTRYPOINT: gatetune import reads the gunicorn command the container runs");
        return out;
    }
    if (!entry && !cmd) return out;  // the broken instruction is reported already
    const int line = (cmd ? cmd : entry)->line;
    const std::vector<ShellWord> argv = container_argv(entry, cmd);
    if (!read_gunicorn_command(argv, {file, line}, out)) {
        std::string shown;
        for (const ShellWord& w : argv) shown += (shown.empty() ? "" : " ") + w.text;
        out.problem({file, line}, "the container's command does not run gunicorn: " + shown);
    }
    return out;
}

}  // namespace gatetune::sim::importing
