#pragma once
// A small tokenizer for the Python that configuration lives in (gunicorn.conf.py, the module that
// calls create_async_engine or httpx.AsyncClient): names, numbers, strings, operators and logical
// line ends, with the line and column of each token. It follows Python's rules for comments,
// string prefixes and triple quotes, implicit line joining inside brackets and backslash
// continuation — enough to find assignments and calls and read their literal arguments, not to
// parse Python.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gatetune::sim::importing {

enum class PyKind { Name, Number, String, Op, Newline };

struct PyToken {
    PyKind kind = PyKind::Op;
    std::string text;         // as written (a string keeps its prefix and quotes)
    int line = 0;             // 1-based
    int column = 0;           // 0-based; for the first token of a logical line, its indentation
    bool line_start = false;  // first token of a logical line
    std::size_t begin = 0;    // byte offsets in the source, for quoting expressions in messages
    std::size_t end = 0;
};

struct PyTokenError : std::runtime_error {
    PyTokenError(int line, const std::string& what) : std::runtime_error(what), line(line) {}
    int line;
};

// Every token; each logical line ends with a Newline token. Throws PyTokenError for an
// unterminated string or an unbalanced closing bracket.
std::vector<PyToken> tokenize_python(std::string_view source);

// The source text from `first` to `last` (both included), whitespace runs collapsed:
// "multiprocessing.cpu_count() * 2".
std::string source_text(std::string_view source, const PyToken& first, const PyToken& last);

}  // namespace gatetune::sim::importing
