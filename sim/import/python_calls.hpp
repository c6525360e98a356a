#pragma once
// The literal keyword arguments of create_async_engine(...) / create_engine(...),
// httpx.Timeout(...), httpx.Limits(...) and httpx.AsyncClient(...) calls in a Python file, and
// the client's lifetime (`async with httpx.AsyncClient()` is one per request; a client assigned
// to a module-level variable is one per process). An argument that is not a literal — a
// variable, an expression — is a problem with its line; an argument left out means the library's
// default (SQLAlchemy 1.4/2.0, httpx 0.23–0.28), unless `**kwargs` makes that unknowable.
#include <string>
#include <string_view>
#include <vector>

#include "sim/import/python_tokens.hpp"
#include "sim/import/reading.hpp"

namespace gatetune::sim::importing {

FileReading read_python_calls(const std::string& file, std::string_view source, const std::vector<PyToken>& tokens);

}  // namespace gatetune::sim::importing
