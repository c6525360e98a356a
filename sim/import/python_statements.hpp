#pragma once
// Statements of a tokenized Python file, as far as import needs them: where each statement starts
// and ends, and which of them assign a value to a plain name.
#include <string>
#include <vector>

#include "sim/import/python_tokens.hpp"

namespace gatetune::sim::importing {

struct Statement {
    std::size_t first = 0;  // token index of its first token
    std::size_t last = 0;   // one past its last token (a Newline or a ';')
    int indent = 0;         // column of its logical line's first token: 0 at module level
};

// Statements in file order: logical lines, split at top-level ';'.
std::vector<Statement> split_statements(const std::vector<PyToken>& tokens);

struct Assignment {
    std::string name;           // the target
    int line = 0;
    bool module_level = false;  // at column 0, not inside a block
    bool augmented = false;     // `workers += 1`
    std::size_t value_first = 0;  // token range of the value
    std::size_t value_last = 0;
};

// `NAME = value`, `NAME: annotation = value` and `NAME op= value`, in file order.
std::vector<Assignment> find_assignments(const std::vector<PyToken>& tokens);

}  // namespace gatetune::sim::importing
