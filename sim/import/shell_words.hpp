#pragma once
// Splitting a shell command line into words the way /bin/sh does for the simple commands a
// Dockerfile's shell-form CMD runs: quotes, backslash escapes, comments and the operators that
// separate commands. Words holding a $ or ` expansion are marked: their value exists only when
// the container starts, and import reports rather than guesses it.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gatetune::sim::importing {

struct ShellWord {
    std::string text;       // after quote removal
    bool expanded = false;  // had an unquoted or double-quoted $ or `
    bool separator = false; // an unquoted &&, ||, ;, | or &
};

// Throws std::invalid_argument for an unterminated quote.
std::vector<ShellWord> split_shell_words(std::string_view line);

}  // namespace gatetune::sim::importing
