#pragma once
// Module-level plain assignments of a Python file that set bound preset keys: gunicorn settings
// in gunicorn.conf.py (`workers = 4`), the retry constants in http_client.py
// (`UPSTREAM_MAX_ATTEMPTS = 2`). A later assignment replaces an earlier one, as when Python runs
// the file; an assignment inside a block, an augmented one or a non-literal value is a problem.
#include <string>
#include <string_view>
#include <vector>

#include "sim/export/bindings.hpp"
#include "sim/import/python_tokens.hpp"
#include "sim/import/reading.hpp"
#include "sim/import/value_conversion.hpp"

namespace gatetune::sim::importing {

using Conversion = ConvertedValue (*)(const exporting::Binding&, const PyLiteral&);

// Reads the assignments to names of bindings with `target`. With note_others, other module-level
// names are noted as ignored (a gunicorn.conf.py's `bind`, `accesslog`, …).
FileReading read_module_assignments(const std::string& file, std::string_view source, const std::vector<PyToken>& tokens,
                                    exporting::Target target, Conversion convert, bool note_others);

}  // namespace gatetune::sim::importing
