#include "app/cli/unknown_command.hpp"

#include <algorithm>
#include <vector>

namespace gatetune::cli {

namespace {

// A command is worth suggesting within one edit for words of up to five characters and two
// beyond — close enough to be a typo, far enough that "frobnicate" gets no suggestion.
std::size_t max_typo_distance(std::string_view word) { return word.size() <= 5 ? 1 : 2; }

// "'a'", "'a' or 'b'", "'a', 'b' or 'c'".
std::string alternatives(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
        out += "'" + names[i] + "'";
    }
    return out;
}

}  // namespace

std::optional<std::string_view> command_word(const CLI::App& app, int argc, const char* const* argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") return std::nullopt;  // positionals follow; the main command has none
        if (!arg.starts_with('-')) return arg;
        if (arg.find('=') != std::string_view::npos) continue;
        // An option of the main command that takes a value: the next argument is that value.
        const CLI::Option* option = app.get_option_no_throw(std::string(arg));
        if (option && option->get_items_expected_min() > 0) ++i;
    }
    return std::nullopt;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rows of the dynamic-programming table: i-2, i-1 and i.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) current[j] = std::min(current[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv) {
    const auto word = command_word(app, argc, argv);
    if (!word) return std::nullopt;
    std::vector<std::string> nearest;
    std::size_t best = max_typo_distance(*word) + 1;
    for (const CLI::App* command : app.get_subcommands([](const CLI::App* s) { return !s->get_name().empty(); })) {
        if (command->check_name(std::string(*word))) return std::nullopt;
        std::vector<std::string> names{command->get_name()};
        names.insert(names.end(), command->get_aliases().begin(), command->get_aliases().end());
        for (const std::string& name : names) {
            const std::size_t d = edit_distance(*word, name);
            if (d < best) {
                nearest.clear();
                best = d;
            }
            if (d == best && std::find(nearest.begin(), nearest.end(), name) == nearest.end()) nearest.push_back(name);
        }
    }
    std::string message = "unknown command '" + std::string(*word) + "'";
    if (!nearest.empty()) message += " (did you mean " + alternatives(nearest) + "?)";
    return message;
}

}  // namespace gatetune::cli
