#pragma once
// Text without its leading and trailing blanks, for the line-oriented readers.
#include <string>
#include <string_view>

namespace gatetune::sim {

// Blanks of a line read from a file: spaces, tabs and a Windows line end's \r.
inline constexpr std::string_view kLineBlanks = " \t\r";

constexpr std::string_view trim(std::string_view s, std::string_view blanks = " \t") {
    const auto b = s.find_first_not_of(blanks);
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(blanks) - b + 1);
}

// A line of a file, as a string: blanks and a Windows line end's \r removed.
inline std::string trimmed_line(std::string_view s) { return std::string(trim(s, kLineBlanks)); }

}  // namespace gatetune::sim
