// gatetune — command-line entry point. Each subcommand lives in its own file and registers
// itself here; exit codes: 0 ok, 1 SLO/validation failure, 2 usage or input error. The live
// mode's commands run in gatetune-live-mode (app/cli/live_mode_commands.hpp).
#include "app/cli/commands.hpp"
#include "app/cli/live_mode_commands.hpp"

int main(int argc, char** argv) {
    using namespace gatetune::cli;
    return run_command_line(
        argc, argv, [argv](CLI::App& app, CommandList& out) { register_live_mode_entries(app, out, argv); }, true);
}
