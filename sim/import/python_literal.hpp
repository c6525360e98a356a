#pragma once
// Reading one Python literal — a number (with an optional sign), True/False/None or a plain
// string — from a token range. Anything else (a name, a call, arithmetic, an f-string) is not a
// literal, and import reports it rather than guessing its value.
#include <optional>
#include <string>

#include "sim/import/python_tokens.hpp"

namespace gatetune::sim::importing {

struct PyLiteral {
    enum class Kind { Int, Float, Bool, None, String } kind = Kind::None;
    std::string toml;  // the value as TOML text: 4, 30.0, true, "uvicorn.workers.UvicornWorker"; "" for None
    std::string text;  // the string's value (String only)
};

// tokens [first, last) of one expression; nullopt when it is not a single literal.
std::optional<PyLiteral> read_literal(const PyToken* first, const PyToken* last);

}  // namespace gatetune::sim::importing
