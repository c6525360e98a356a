#include "sim/experiment/expression.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "sim/experiment/experiment_error.hpp"

namespace gatetune::sim::experiment {

class Expression::Parser {
public:
    Parser(std::string_view text, Expression& out) : text_(text), out_(out) {}

    int parse_all() {
        const int root = expr();
        skip_space();
        if (pos_ < text_.size()) fail("unexpected \"" + std::string(1, text_[pos_]) + "\" (expected an operator + - * / or the end)");
        return root;
    }

private:
    [[noreturn]] void fail(const std::string& message) const {
        throw ExperimentError("--minimize " + std::string(text_) + ": column " + std::to_string(pos_ + 1) + ": " + message);
    }
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    bool accept(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    int add(Node n) {
        out_.nodes_.push_back(n);
        return static_cast<int>(out_.nodes_.size() - 1);
    }
    int binary(Node::Kind kind, int left, int right) { return add({kind, 0, nullptr, left, right}); }

    int expr() {
        int left = term();
        for (;;) {
            if (accept('+')) left = binary(Node::Kind::Add, left, term());
            else if (accept('-')) left = binary(Node::Kind::Subtract, left, term());
            else return left;
        }
    }
    int term() {
        int left = unary();
        for (;;) {
            if (accept('*')) left = binary(Node::Kind::Multiply, left, unary());
            else if (accept('/')) left = binary(Node::Kind::Divide, left, unary());
            else return left;
        }
    }
    int unary() {
        if (accept('-')) return add({Node::Kind::Negate, 0, nullptr, unary(), -1});
        if (accept('+')) return unary();
        return primary();
    }
    int primary() {
        skip_space();
        if (accept('(')) {
            const int inner = expr();
            if (!accept(')')) fail("expected \")\" to close the parenthesis");
            return inner;
        }
        if (pos_ >= text_.size()) fail("the expression ends where a number, a key or \"(\" was expected");
        const char c = text_[pos_];
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return number();
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return key();
        fail("unexpected \"" + std::string(1, c) + "\" (expected a number, a key or \"(\")");
    }
    int number() {
        double v = 0;
        const auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), v);
        if (ec != std::errc{}) fail("not a number");
        pos_ = static_cast<std::size_t>(end - text_.data());
        return add({Node::Kind::Number, v, nullptr, -1, -1});
    }
    int key() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' || text_[pos_] == '.')) ++pos_;
        const std::string_view name = text_.substr(start, pos_ - start);
        const KeySpec* spec = resolve(name, start);
        switch (spec->type) {
            case KeyType::Int:
            case KeyType::Float:
            case KeyType::Duration:
            case KeyType::Bool: break;
            default:
                pos_ = start;
                fail(std::string(spec->key) + " is " + spec->type_text() + "; only numbers, seconds and booleans can be computed with");
        }
        return add({Node::Kind::Key, 0, spec, -1, -1});
    }
    // A dotted key, or a key name that exactly one table has.
    const KeySpec* resolve(std::string_view name, std::size_t start) {
        if (const KeySpec* k = find_key(name)) return k;
        const KeySpec* found = nullptr;
        std::string all;
        for (const KeySpec& k : config_schema()) {
            if (k.name() != name || name.find('.') != std::string_view::npos) continue;
            all += (all.empty() ? "" : ", ") + std::string(k.key);
            if (found) {
                pos_ = start;
                fail("\"" + std::string(name) + "\" is in several tables (" + all + "…); write the dotted key");
            }
            found = &k;
        }
        if (found) return found;
        pos_ = start;
        std::string message = "unknown key \"" + std::string(name) + "\"";
        const std::string_view near = suggest_key(name);
        if (!near.empty()) message += " (did you mean " + std::string(near) + "?)";
        fail(message + "; keys are listed in presets/README.md");
    }

    std::string_view text_;
    Expression& out_;
    std::size_t pos_ = 0;
};

Expression Expression::parse(std::string_view text) {
    Expression e;
    e.text_ = std::string(text);
    Parser parser(e.text_, e);
    e.root_ = parser.parse_all();
    return e;
}

double Expression::evaluate(const Config& config) const { return eval(root_, config); }

double Expression::eval(int index, const Config& config) const {
    const Node& n = nodes_[static_cast<std::size_t>(index)];
    switch (n.kind) {
        case Node::Kind::Number: return n.number;
        case Node::Kind::Key: {
            const Value v = n.key->get(config);
            if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
            if (const auto* d = std::get_if<double>(&v)) return *d;
            if (const auto* b = std::get_if<bool>(&v)) return *b ? 1.0 : 0.0;
            return std::numeric_limits<double>::quiet_NaN();
        }
        case Node::Kind::Negate: return -eval(n.left, config);
        case Node::Kind::Add: return eval(n.left, config) + eval(n.right, config);
        case Node::Kind::Subtract: return eval(n.left, config) - eval(n.right, config);
        case Node::Kind::Multiply: return eval(n.left, config) * eval(n.right, config);
        case Node::Kind::Divide: return eval(n.left, config) / eval(n.right, config);
    }
    return 0;
}

}  // namespace gatetune::sim::experiment
