#pragma once
#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace gatetune::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // an SLO or validation failed
inline constexpr int kExitUsage = 2;   // bad command line or bad input file

struct Command {
    CLI::App* sub;
    std::function<int()> run;
};
using CommandList = std::vector<Command>;

void register_demo(CLI::App& app, CommandList& out);
void register_run(CLI::App& app, CommandList& out);
void register_check(CLI::App& app, CommandList& out);
void register_sweep(CLI::App& app, CommandList& out);
void register_merge(CLI::App& app, CommandList& out);
void register_tune(CLI::App& app, CommandList& out);
void register_validate(CLI::App& app, CommandList& out);
void register_export(CLI::App& app, CommandList& out);
void register_import(CLI::App& app, CommandList& out);
void register_diagnose(CLI::App& app, CommandList& out);
void register_calibrate(CLI::App& app, CommandList& out);
void register_completion(CLI::App& app, CommandList& out);

// Registers the live mode's commands (kLiveModeCommands, in that order): gatetune-live-mode's
// real ones, or gatetune's entries that hand them over.
using LiveModeRegistrar = std::function<void(CLI::App&, CommandList&)>;

// Every command, in the order `gatetune --help` lists them.
inline void register_all(CLI::App& app, CommandList& out, const LiveModeRegistrar& register_live_mode) {
    register_diagnose(app, out);
    register_calibrate(app, out);
    register_run(app, out);
    register_check(app, out);
    register_sweep(app, out);
    register_merge(app, out);
    register_tune(app, out);
    register_validate(app, out);
    register_export(app, out);
    register_import(app, out);
    register_live_mode(app, out);
    register_demo(app, out);
    register_completion(app, out);
}

// main() of both programs: parses argv, runs the chosen command and returns its exit code.
int run_command_line(int argc, char** argv, const LiveModeRegistrar& register_live_mode, bool hands_off_live_mode);

}  // namespace gatetune::cli
