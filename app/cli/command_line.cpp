// The main() that `gatetune` and gatetune-live-mode share: one set of definitions, one parse.
#include <iostream>
#include <string>

#include "app/build_commit.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/live_mode_commands.hpp"
#include "app/cli/unknown_command.hpp"
#include "app/live/net/child_process.hpp"
#include "gatetune/version.hpp"

namespace gatetune::cli {

int run_command_line(int argc, char** argv, const LiveModeRegistrar& register_live_mode, bool hands_off_live_mode) {
    live::exit_with_parent();
    CLI::App app{"gatetune — find the timeouts and pool sizes under which an LLM API gateway stops failing"};
    app.set_version_flag("--version", std::string("gatetune ") + kVersion + " (commit " + kBuildCommit + ")");
    app.require_subcommand(1);
    app.fallthrough(false);

    CommandList commands;
    register_all(app, commands, register_live_mode);

    if (const auto unknown = unknown_command(app, argc, argv)) {
        std::cerr << "gatetune: " << *unknown << "\n";
        return kExitUsage;
    }
    if (hands_off_live_mode)
        if (const auto word = command_word(app, argc, argv); word && runs_in_live_mode(*word))
            return hand_off_to_live_mode(*word, argv);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : kExitUsage;
    }
    for (auto& c : commands)
        if (c.sub->parsed()) return c.run();
    return kExitUsage;
}

}  // namespace gatetune::cli
