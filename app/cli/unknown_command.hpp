#pragma once
// A command word that names no command. Left to CLI11, `gatetune runn x.toml` says only "A
// subcommand is required", and `gatetune frobnicate --help` prints the main help and exits 0.
// Like git, the word is named with the nearest commands by edit distance, before CLI11 parses.
#include <CLI/CLI.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gatetune::cli {

// "unknown command 'runn' (did you mean 'run'?)" when the command word of argv (the first
// argument that is neither an option of `app` nor its value) is no subcommand name or alias of
// `app`; without the suggestion when no command is close. nullopt when it is a command, or when
// there is no command word (`gatetune --help`, `gatetune --version`): CLI11 handles those.
// The command word of argv: its first argument that is neither an option of `app` nor an
// option's value; nullopt when there is none (`gatetune --help`).
std::optional<std::string_view> command_word(const CLI::App& app, int argc, const char* const* argv);

std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv);

// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
// two adjacent characters each cost 1 ("runn" → "run" 1, "chekc" → "check" 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace gatetune::cli
