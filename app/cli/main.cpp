// gatetune — command-line entry point. Each subcommand lives in its own file and registers
// itself here; exit codes: 0 ok, 1 SLO/validation failure, 2 usage or input error.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/build_commit.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/unknown_command.hpp"
#include "app/live/net/child_process.hpp"
#include "gatetune/version.hpp"

int main(int argc, char** argv) {
    gatetune::live::exit_with_parent();
    CLI::App app{"gatetune — find the timeouts and pool sizes under which an LLM API gateway stops failing"};
    app.set_version_flag("--version", std::string("gatetune ") + gatetune::kVersion + " (commit " + gatetune::kBuildCommit + ")");
    app.require_subcommand(1);
    app.fallthrough(false);

    gatetune::cli::CommandList commands;
    gatetune::cli::register_all(app, commands);

    if (const auto unknown = gatetune::cli::unknown_command(app, argc, argv)) {
        std::cerr << "gatetune: " << *unknown << "\n";
        return gatetune::cli::kExitUsage;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : gatetune::cli::kExitUsage;
    }
    for (auto& c : commands)
        if (c.sub->parsed()) return c.run();
    return gatetune::cli::kExitUsage;
}
