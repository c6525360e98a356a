#include "app/cli/live_mode_commands.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "sim/preset/preset_search.hpp"

namespace gatetune::cli {

bool runs_in_live_mode(std::string_view command) {
    if (command == "completion") return true;
    for (const auto& c : kLiveModeCommands)
        if (c.name == command) return true;
    return false;
}

std::string live_mode_description(std::string_view command) {
    for (const auto& c : kLiveModeCommands)
        if (c.name == command) return std::string(c.description);
    return {};
}

std::string live_mode_program_path() {
    const std::filesystem::path self = sim::running_executable();
    if (self.empty()) return {};
    return (self.parent_path() / kLiveModeProgram).string();
}

int hand_off_to_live_mode(std::string_view command, char** argv) {
    const std::string program = live_mode_program_path();
    if (program.empty()) {
        std::fprintf(stderr, "gatetune: cannot run `%.*s`: the running executable (/proc/self/exe) cannot be read, so %.*s cannot be found beside it\n",
                     static_cast<int>(command.size()), command.data(), static_cast<int>(kLiveModeProgram.size()), kLiveModeProgram.data());
        return kExitUsage;
    }
    ::execv(program.c_str(), argv);
    const int error = errno;
    if (error == ENOENT)
        std::fprintf(stderr,
                     "gatetune: `%.*s` is a live-mode command, run by %s, which is not there: build it (cmake --build --preset release "
                     "--target %.*s) or install the whole package\n",
                     static_cast<int>(command.size()), command.data(), program.c_str(), static_cast<int>(kLiveModeProgram.size()),
                     kLiveModeProgram.data());
    else
        std::fprintf(stderr, "gatetune: `%.*s` is a live-mode command, run by %s, which cannot be started: %s\n", static_cast<int>(command.size()),
                     command.data(), program.c_str(), std::strerror(error));
    return kExitUsage;
}

void register_live_mode_entries(CLI::App& app, CommandList& out, char** argv) {
    for (const auto& c : kLiveModeCommands) {
        CLI::App* sub = app.add_subcommand(std::string(c.name), std::string(c.description));
        sub->allow_extras()->prefix_command();
        out.push_back({sub, [name = c.name, argv] { return hand_off_to_live_mode(name, argv); }});
    }
}

}  // namespace gatetune::cli
