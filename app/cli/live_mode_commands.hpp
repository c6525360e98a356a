#pragma once
// The live mode's commands (sockets, forked workers, the gateway's database) are built into a
// second program, gatetune-live-mode: the `gatetune` that most runs need (diagnose, run, sweep,
// calibrate…) then compiles and links without Boost.Asio, Beast and the gateway (their libraries
// were 190 s of the 659 s of compile jobs of the command line's release build). `gatetune` lists these commands in its help and hands each of them,
// with its whole command line, to gatetune-live-mode (execv: same process id, same arguments),
// like git's `git-*` programs. gatetune-live-mode is the whole command line, so its definitions
// also write the shell completions, which `gatetune completion` hands over as well.
#include <CLI/CLI.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "app/cli/commands.hpp"

namespace gatetune::cli {

struct LiveModeCommand {
    std::string_view name;
    std::string_view description;  // `gatetune --help`'s line, the same in both programs
};

// In the order `gatetune --help` lists them.
inline constexpr std::array kLiveModeCommands{
    LiveModeCommand{"load", "Send the preset's workload to a running gateway and report like `run`"},
    LiveModeCommand{"serve", "Run the preset's gateway for real: OpenAI-compatible API, forked workers, SQLite"},
    LiveModeCommand{"upstream", "Run a mock OpenAI-compatible LLM with the preset's latency, slots, limits and faults"},
    LiveModeCommand{"alb", "Run an AWS ALB emulation (idle timeout, keep-alive race, connect timeout) in front of a gateway"},
    LiveModeCommand{"keys", "Add, list or revoke the gateway's API keys"},
    LiveModeCommand{"live", "Run the preset for real on loopback (mock upstream + gateway + load) and compare with the simulation"},
};

// The commands `gatetune` hands to gatetune-live-mode: the live mode's, and `completion`.
bool runs_in_live_mode(std::string_view command);

// The description of one of kLiveModeCommands (the program's own registration uses it too).
std::string live_mode_description(std::string_view command);

inline constexpr std::string_view kLiveModeProgram = "gatetune-live-mode";

// Where gatetune-live-mode is: beside the running `gatetune` (the build tree's app/ and an
// install's bin/ alike). Empty when the running executable cannot be read.
std::string live_mode_program_path();

// Replaces this process with gatetune-live-mode, given the same arguments (argv[0] too, so its
// help and messages name `gatetune`). Returns only when that fails, with the exit code after
// printing why (2: not built or not installed beside `gatetune`).
int hand_off_to_live_mode(std::string_view command, char** argv);

// gatetune's entries for the commands: their name and help line, so that `gatetune --help`,
// the man pages and the did-you-mean check know them; running one hands it off.
void register_live_mode_entries(CLI::App& app, CommandList& out, char** argv);

}  // namespace gatetune::cli
