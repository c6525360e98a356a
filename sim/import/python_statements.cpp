#include "sim/import/python_statements.hpp"

namespace gatetune::sim::importing {
namespace {

bool opens(const PyToken& t) { return t.kind == PyKind::Op && (t.text == "(" || t.text == "[" || t.text == "{"); }
bool closes(const PyToken& t) { return t.kind == PyKind::Op && (t.text == ")" || t.text == "]" || t.text == "}"); }

bool augmented_op(const std::string& op) {
    return op.size() >= 2 && op.back() == '=' && op != "==" && op != "!=" && op != "<=" && op != ">=" && op != ":=";
}

// Index of the first top-level "=" in [from, to), or `to`.
std::size_t top_level_equals(const std::vector<PyToken>& t, std::size_t from, std::size_t to) {
    int depth = 0;
    for (std::size_t i = from; i < to; ++i) {
        if (opens(t[i])) ++depth;
        if (closes(t[i])) --depth;
        if (depth == 0 && t[i].kind == PyKind::Op && t[i].text == "=") return i;
    }
    return to;
}

}  // namespace

std::vector<Statement> split_statements(const std::vector<PyToken>& tokens) {
    std::vector<Statement> out;
    std::size_t start = 0;
    int depth = 0;
    int indent = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const PyToken& t = tokens[i];
        if (t.line_start) indent = t.column;
        if (opens(t)) ++depth;
        if (closes(t)) --depth;
        const bool end = t.kind == PyKind::Newline || (depth == 0 && t.kind == PyKind::Op && t.text == ";");
        if (!end) continue;
        if (i > start) out.push_back({start, i, indent});
        start = i + 1;
    }
    if (start < tokens.size()) out.push_back({start, tokens.size(), indent});
    return out;
}

std::vector<Assignment> find_assignments(const std::vector<PyToken>& tokens) {
    std::vector<Assignment> out;
    for (const Statement& s : split_statements(tokens)) {
        if (s.last - s.first < 3) continue;
        const PyToken& target = tokens[s.first];
        const PyToken& op = tokens[s.first + 1];
        if (target.kind != PyKind::Name || op.kind != PyKind::Op) continue;
        Assignment a;
        a.name = target.text;
        a.line = target.line;
        a.module_level = s.indent == 0;
        if (op.text == "=") {
            a.value_first = s.first + 2;
        } else if (op.text == ":") {  // annotated: NAME: type = value
            const std::size_t eq = top_level_equals(tokens, s.first + 2, s.last);
            if (eq == s.last) continue;
            a.value_first = eq + 1;
        } else if (augmented_op(op.text)) {
            a.augmented = true;
            a.value_first = s.first + 2;
        } else {
            continue;
        }
        a.value_last = s.last;
        if (a.value_first < a.value_last) out.push_back(std::move(a));
    }
    return out;
}

}  // namespace gatetune::sim::importing
