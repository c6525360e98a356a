#include "sim/import/value_conversion.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "sim/preset/config_schema.hpp"

namespace gatetune::sim::importing {
namespace {

// Worker classes gunicorn accepts for the three the model knows: the short names, the full
// class paths, and the uvicorn-worker package's class (identical to uvicorn's, docs/MODEL.md §1).
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kWorkerClasses{{
    {"sync", "sync"},
    {"gunicorn.workers.sync.SyncWorker", "sync"},
    {"gthread", "gthread"},
    {"gunicorn.workers.gthread.ThreadWorker", "gthread"},
    {"uvicorn.workers.UvicornWorker", "uvicorn"},
    {"uvicorn.workers.UvicornH11Worker", "uvicorn"},
    {"uvicorn_worker.UvicornWorker", "uvicorn"},
}};

ConvertedValue worker_class(std::string_view name) {
    for (const auto& [spelling, preset] : kWorkerClasses) {
        if (spelling == name) return {quote_toml_string(preset), {}};
    }
    return {{}, "worker class \"" + std::string(name) +
                    "\" is not modelled (allowed: sync, gthread, uvicorn.workers.UvicornWorker or uvicorn_worker.UvicornWorker)"};
}

bool decimal(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string what(const exporting::Binding& b) { return "gunicorn's " + std::string(b.name) + " takes a whole number"; }

}  // namespace

ConvertedValue from_flag(const exporting::Binding& b, std::string_view argument) {
    if (b.key == "server.worker_class") return worker_class(argument);
    if (!decimal(argument)) return {{}, what(b) + ", got \"" + std::string(argument) + "\""};
    return {std::string(argument), {}};
}

ConvertedValue from_conf(const exporting::Binding& b, const PyLiteral& literal) {
    using K = PyLiteral::Kind;
    if (b.key == "server.worker_class") {
        if (literal.kind != K::String) return {{}, "worker_class must be a string naming the class"};
        return worker_class(literal.text);
    }
    if (literal.kind == K::Int) return {literal.toml, {}};
    if (literal.kind == K::String && decimal(literal.text)) return {literal.text, {}};
    if (literal.kind == K::Float) {
        return {{}, what(b) + " (validate_pos_int rejects the float " + literal.toml + " at start-up)"};
    }
    return {{}, what(b) + ", got " + (literal.kind == K::None ? std::string("None") : literal.toml)};
}

ConvertedValue from_constant(const exporting::Binding& b, const PyLiteral& literal) {
    if (literal.kind == PyLiteral::Kind::None) return {{}, std::string(b.name) + " = None has no preset equivalent (allowed: " + b.spec().allowed_text() + ")"};
    return {literal.toml, {}};
}

}  // namespace gatetune::sim::importing
