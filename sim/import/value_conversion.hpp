#pragma once
// A value as the real component reads it — a gunicorn setting from a command-line flag or from a
// gunicorn.conf.py assignment, a plain Python constant — turned into preset TOML, or a message
// saying why the component (or gatetune) cannot take it.
#include <string>
#include <string_view>

#include "sim/export/bindings.hpp"
#include "sim/import/python_literal.hpp"

namespace gatetune::sim::importing {

struct ConvertedValue {
    std::string toml;     // "4", "300", "\"uvicorn\""; empty when `problem` is set
    std::string problem;  // what is wrong and what is allowed
};

// `--workers 4`: integers are decimal digits (gunicorn: int(value, 0)); worker classes by name.
ConvertedValue from_flag(const exporting::Binding& b, std::string_view argument);
// `workers = 4` in gunicorn.conf.py: an int, or a string of digits (validate_pos_int); a float
// is refused as gunicorn refuses it.
ConvertedValue from_conf(const exporting::Binding& b, const PyLiteral& literal);
// A Python constant of the app (UPSTREAM_MAX_ATTEMPTS = 2): any literal but None.
ConvertedValue from_constant(const exporting::Binding& b, const PyLiteral& literal);

}  // namespace gatetune::sim::importing
