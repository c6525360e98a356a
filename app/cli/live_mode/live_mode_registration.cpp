#include "app/cli/live_mode/live_mode_registration.hpp"

namespace gatetune::cli {

// In kLiveModeCommands' order: `gatetune` hands over exactly those names, and the suite
// cli_live_mode checks that both programs list the same commands.
void register_live_mode_commands(CLI::App& app, CommandList& out) {
    register_load(app, out);
    register_serve(app, out);
    register_upstream(app, out);
    register_alb(app, out);
    register_keys(app, out);
    register_live(app, out);
}

}  // namespace gatetune::cli
