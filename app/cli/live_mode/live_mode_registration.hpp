#pragma once
// gatetune-live-mode's registration of the live mode's commands, one file each.
#include "app/cli/commands.hpp"

namespace gatetune::cli {

void register_load(CLI::App& app, CommandList& out);
void register_serve(CLI::App& app, CommandList& out);
void register_upstream(CLI::App& app, CommandList& out);
void register_alb(CLI::App& app, CommandList& out);
void register_keys(CLI::App& app, CommandList& out);
void register_live(CLI::App& app, CommandList& out);

// All of them, in kLiveModeCommands' order (checked when they register).
void register_live_mode_commands(CLI::App& app, CommandList& out);

}  // namespace gatetune::cli
