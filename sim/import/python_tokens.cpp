#include "sim/import/python_tokens.hpp"

#include <array>
#include <cctype>

namespace gatetune::sim::importing {
namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool name_char(char c) { return name_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

class Tokenizer {
public:
    explicit Tokenizer(std::string_view s) : src_(s) {}

    std::vector<PyToken> run() {
        while (pos_ < src_.size()) step();
        if (depth_ > 0) throw PyTokenError(line_, "unclosed bracket at the end of the file");
        end_logical_line();
        return std::move(out_);
    }

private:
    void step() {
        const char c = src_[pos_];
        if (c == '\n') {
            ++pos_;
            newline();
            return;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
            ++pos_;
            return;
        }
        if (c == '#') {
            while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
            return;
        }
        if (c == '\\' && pos_ + 1 < src_.size() && (src_[pos_ + 1] == '\n' || src_[pos_ + 1] == '\r')) {
            pos_ += src_[pos_ + 1] == '\r' && pos_ + 2 < src_.size() && src_[pos_ + 2] == '\n' ? 3 : 2;
            ++line_;
            line_begin_ = pos_;
            return;
        }
        const std::size_t start = pos_;
        if (string_start()) return string(start);
        if (name_start(c)) {
            while (pos_ < src_.size() && name_char(src_[pos_])) ++pos_;
            return emit(PyKind::Name, start);
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && pos_ + 1 < src_.size() && std::isdigit(static_cast<unsigned char>(src_[pos_ + 1])))) {
            return number(start);
        }
        op(start);
    }

    void newline() {
        ++line_;
        line_begin_ = pos_;
        if (depth_ == 0) end_logical_line();
    }

    void end_logical_line() {
        if (!out_.empty() && out_.back().kind != PyKind::Newline) {
            out_.push_back({PyKind::Newline, "", out_.back().line, 0, false, pos_, pos_});
        }
    }

    // A string literal starts here, possibly after a prefix such as r, b, f, rb.
    bool string_start() const {
        std::size_t p = pos_;
        while (p < src_.size() && p - pos_ < 2 && std::string_view("rRbBuUfF").find(src_[p]) != std::string_view::npos) ++p;
        return p < src_.size() && (src_[p] == '\'' || src_[p] == '"');
    }

    void string(std::size_t start) {
        const int first_line = line_;
        while (src_[pos_] != '\'' && src_[pos_] != '"') ++pos_;
        const char q = src_[pos_];
        const bool triple = src_.substr(pos_, 3) == std::string(3, q);
        pos_ += triple ? 3 : 1;
        for (;;) {
            if (pos_ >= src_.size()) throw PyTokenError(first_line, "unterminated string literal");
            const char c = src_[pos_];
            if (c == '\\' && pos_ + 1 < src_.size()) {
                if (src_[pos_ + 1] == '\n') ++line_;
                pos_ += 2;
                continue;
            }
            if (c == '\n') {
                if (!triple) throw PyTokenError(first_line, "unterminated string literal");
                ++line_;
            }
            if (c == q && (!triple || src_.substr(pos_, 3) == std::string(3, q))) {
                pos_ += triple ? 3 : 1;
                break;
            }
            ++pos_;
        }
        const int end_line = line_;
        line_ = first_line;  // the token is reported at its first line
        emit(PyKind::String, start);
        line_ = end_line;
    }

    void number(std::size_t start) {
        while (pos_ < src_.size()) {
            const char c = src_[pos_];
            const bool exponent_sign = (c == '+' || c == '-') && pos_ > start &&
                                       (src_[pos_ - 1] == 'e' || src_[pos_ - 1] == 'E') &&
                                       !(src_.substr(start, 2) == "0x" || src_.substr(start, 2) == "0X");
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || exponent_sign)) break;
            ++pos_;
        }
        emit(PyKind::Number, start);
    }

    void op(std::size_t start) {
        static constexpr std::array<std::string_view, 3> three{"**=", "//=", "..."};
        static constexpr std::array<std::string_view, 19> two{"**", "//", "==", "!=", "<=", ">=", "->", ":=", "+=", "-=",
                                                               "*=", "/=", "%=", "&=", "|=", "^=", "@=", "<<", ">>"};
        std::size_t n = 1;
        for (const auto t : three) {
            if (src_.substr(pos_, 3) == t) n = 3;
        }
        if (n == 1) {
            for (const auto t : two) {
                if (src_.substr(pos_, 2) == t) n = 2;
            }
        }
        const char c = src_[pos_];
        if (n == 1 && (c == '(' || c == '[' || c == '{')) ++depth_;
        if (n == 1 && (c == ')' || c == ']' || c == '}')) {
            if (depth_ == 0) throw PyTokenError(line_, std::string("unbalanced '") + c + "'");
            --depth_;
        }
        pos_ += n;
        emit(PyKind::Op, start);
    }

    void emit(PyKind kind, std::size_t start) {
        const bool first = out_.empty() || out_.back().kind == PyKind::Newline;
        const int column = static_cast<int>(start >= line_begin_ ? start - line_begin_ : 0);
        out_.push_back({kind, std::string(src_.substr(start, pos_ - start)), line_, column, first, start, pos_});
    }

    std::string_view src_;
    std::size_t pos_ = 0;
    std::size_t line_begin_ = 0;
    int line_ = 1;
    int depth_ = 0;
    std::vector<PyToken> out_;
};

}  // namespace

std::vector<PyToken> tokenize_python(std::string_view source) { return Tokenizer(source).run(); }

std::string source_text(std::string_view source, const PyToken& first, const PyToken& last) {
    const std::size_t b = first.begin;
    const std::size_t e = last.end > b ? last.end : first.end;
    std::string out;
    bool space = false;
    for (const char c : source.substr(b, e - b)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace gatetune::sim::importing
