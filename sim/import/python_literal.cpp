#include "sim/import/python_literal.hpp"

#include <cerrno>
#include <charconv>
#include <cstdlib>

#include "sim/preset/config_schema.hpp"

namespace gatetune::sim::importing {
namespace {

std::optional<PyLiteral> number(const std::string& written, bool negative) {
    std::string digits;
    for (const char c : written) {
        if (c != '_') digits += c;
    }
    if (digits.empty() || digits.back() == 'j' || digits.back() == 'J') return std::nullopt;  // complex
    const std::string sign = negative ? "-" : "";
    int base = 10;
    std::string body = digits;
    if (digits.size() > 2 && digits[0] == '0' && std::string("xXoObB").find(digits[1]) != std::string::npos) {
        base = digits[1] == 'x' || digits[1] == 'X' ? 16 : digits[1] == 'o' || digits[1] == 'O' ? 8 : 2;
        body = digits.substr(2);
    }
    if (base != 10 || digits.find_first_of(".eE") == std::string::npos) {
        long long v = 0;
        const auto r = std::from_chars(body.data(), body.data() + body.size(), v, base);
        if (r.ec != std::errc{} || r.ptr != body.data() + body.size()) return std::nullopt;
        return PyLiteral{PyLiteral::Kind::Int, sign + std::to_string(v), {}};
    }
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(digits.c_str(), &end);
    if (end != digits.c_str() + digits.size() || errno == ERANGE) return std::nullopt;
    return PyLiteral{PyLiteral::Kind::Float, format_float(negative ? -v : v), {}};
}

// Python string escapes that plain configuration strings use; others make it "not a literal"
// rather than a wrong value.
std::optional<std::string> string_value(const std::string& token) {
    std::size_t p = 0;
    bool raw = false;
    while (token[p] != '\'' && token[p] != '"') {
        const char c = token[p++];
        if (c == 'f' || c == 'F' || c == 'b' || c == 'B') return std::nullopt;  // f-strings and bytes
        if (c == 'r' || c == 'R') raw = true;
    }
    const char q = token[p];
    const std::size_t quote = token.compare(p, 3, std::string(3, q)) == 0 && token.size() - p >= 6 ? 3 : 1;
    const std::string body = token.substr(p + quote, token.size() - p - 2 * quote);
    if (raw) return body;
    std::string out;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] != '\\') {
            out += body[i];
            continue;
        }
        if (++i >= body.size()) return std::nullopt;
        switch (body[i]) {
            case '\\': out += '\\'; break;
            case '\'': out += '\''; break;
            case '"': out += '"'; break;
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            default: return std::nullopt;
        }
    }
    return out;
}

}  // namespace

std::optional<PyLiteral> read_literal(const PyToken* first, const PyToken* last) {
    // Redundant parentheses: (30).
    while (last - first >= 3 && first->text == "(" && (last - 1)->text == ")") ++first, --last;
    if (first == last) return std::nullopt;
    bool negative = false;
    if (first->kind == PyKind::Op && (first->text == "-" || first->text == "+") && last - first == 2) {
        negative = first->text == "-";
        ++first;
        if (first->kind != PyKind::Number) return std::nullopt;
    }
    if (first->kind == PyKind::Number && last - first == 1) return number(first->text, negative);
    if (first->kind == PyKind::Name && last - first == 1) {
        if (first->text == "True" || first->text == "False") {
            return PyLiteral{PyLiteral::Kind::Bool, first->text == "True" ? "true" : "false", {}};
        }
        if (first->text == "None") return PyLiteral{PyLiteral::Kind::None, "", {}};
        return std::nullopt;
    }
    // Adjacent string literals concatenate: "uvicorn.workers." "UvicornWorker".
    std::string value;
    for (const PyToken* t = first; t != last; ++t) {
        if (t->kind != PyKind::String) return std::nullopt;
        const auto part = string_value(t->text);
        if (!part) return std::nullopt;
        value += *part;
    }
    return PyLiteral{PyLiteral::Kind::String, quote_toml_string(value), value};
}

}  // namespace gatetune::sim::importing
