// gatetune-live-mode — the whole command line, the live mode's commands included: `gatetune`
// hands those to it (app/cli/live_mode_commands.hpp). Run on its own it works the same.
#include "app/cli/commands.hpp"
#include "app/cli/live_mode/live_mode_registration.hpp"

int main(int argc, char** argv) {
    using namespace gatetune::cli;
    return run_command_line(argc, argv, register_live_mode_commands, false);
}
