#include "sim/import/shell_words.hpp"

namespace gatetune::sim::importing {

std::vector<ShellWord> split_shell_words(std::string_view s) {
    std::vector<ShellWord> out;
    ShellWord w;
    bool in_word = false;
    const auto finish = [&] {
        if (in_word) out.push_back(std::move(w));
        w = {};
        in_word = false;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            finish();
        } else if (c == '#' && !in_word) {
            break;  // a comment to the end of the line
        } else if (c == '&' || c == '|' || c == ';') {
            finish();
            std::string op(1, c);
            if ((c == '&' || c == '|') && i + 1 < s.size() && s[i + 1] == c) op += s[++i];
            out.push_back({op, false, true});
        } else if (c == '\'') {
            const std::size_t end = s.find('\'', i + 1);
            if (end == std::string_view::npos) throw std::invalid_argument("unterminated single quote");
            w.text.append(s.substr(i + 1, end - i - 1));
            in_word = true;
            i = end;
        } else if (c == '"') {
            in_word = true;
            for (++i;; ++i) {
                if (i >= s.size()) throw std::invalid_argument("unterminated double quote");
                if (s[i] == '"') break;
                if (s[i] == '\\' && i + 1 < s.size() && std::string_view("\"\\$`").find(s[i + 1]) != std::string_view::npos) {
                    w.text += s[++i];
                    continue;
                }
                if (s[i] == '$' || s[i] == '`') w.expanded = true;
                w.text += s[i];
            }
        } else if (c == '\\') {
            if (i + 1 < s.size() && s[i + 1] != '\n') w.text += s[i + 1];
            ++i;
            in_word = true;
        } else {
            if (c == '$' || c == '`') w.expanded = true;
            w.text += c;
            in_word = true;
        }
    }
    finish();
    return out;
}

}  // namespace gatetune::sim::importing
