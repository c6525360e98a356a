#include "sim/import/python_calls.hpp"

#include <map>
#include <optional>
#include <set>

#include "sim/export/bindings.hpp"
#include "sim/import/python_literal.hpp"
#include "sim/import/python_statements.hpp"

namespace gatetune::sim::importing {
namespace {

using exporting::Binding;
using exporting::Target;

enum class CallKind { None, Engine, Timeout, Limits, Client };

struct Arg {
    std::string keyword;  // "" for a positional argument
    std::size_t first = 0, last = 0;  // value tokens [first, last)
    bool star = false;    // *args or **kwargs
    int line = 0;
};

struct Call {
    CallKind kind = CallKind::None;
    std::string name;       // as written: "httpx.AsyncClient"
    std::size_t chain = 0;  // token index where the dotted name starts
    std::size_t open = 0;   // index of "("
    std::size_t close = 0;  // index of the matching ")"
    int line = 0;
    std::vector<Arg> args;
    bool has_star() const;
    const Arg* keyword(std::string_view k) const;
};

bool Call::has_star() const {
    for (const Arg& a : args) {
        if (a.star) return true;
    }
    return false;
}

const Arg* Call::keyword(std::string_view k) const {
    for (const Arg& a : args) {
        if (a.keyword == k) return &a;
    }
    return nullptr;
}

const Binding* binding(Target t, std::string_view name) {
    for (const Binding& b : exporting::bindings()) {
        if (b.target == t && b.name == name) return &b;
    }
    return nullptr;
}

// The default of a preset key, which is the real library's default (sim/config.hpp).
std::string default_toml(const Binding& b) { return format_value(b.spec().get(Config{})); }

class CallReader {
public:
    CallReader(const std::string& file, std::string_view source, const std::vector<PyToken>& tokens)
        : file_(file), src_(source), t_(tokens) {}

    FileReading run() {
        scan_imports_and_globals();
        for (std::size_t i = 0; i + 1 < t_.size(); ++i) {
            if (handled_.count(i + 1)) continue;
            Call c = call_at(i);
            if (c.kind == CallKind::None) continue;
            read_call(c);
        }
        return std::move(out_);
    }

private:
    // ---- what the file imports and declares --------------------------------------------------

    void scan_imports_and_globals() {
        for (const Statement& s : split_statements(t_)) {
            const PyToken& head = t_[s.first];
            if (head.kind != PyKind::Name) continue;
            if (head.text == "import") read_import(s);
            if (head.text == "from") read_from_import(s);
            if (head.text == "global") {
                for (std::size_t i = s.first + 1; i < s.last; ++i) {
                    if (t_[i].kind == PyKind::Name) globals_.insert(t_[i].text);
                }
            }
            // NAME = <call> at module level: a Timeout or Limits a client may name.
            if (s.indent == 0 && s.last - s.first > 3 && t_[s.first + 1].text == "=") module_values_[head.text] = s.first + 2;
        }
    }

    void read_import(const Statement& s) {  // import httpx [as hx]
        for (std::size_t i = s.first + 1; i < s.last; ++i) {
            if (t_[i].text != "httpx") continue;
            const bool alias = i + 2 < s.last && t_[i + 1].text == "as";
            httpx_modules_.insert(alias ? t_[i + 2].text : "httpx");
        }
    }

    void read_from_import(const Statement& s) {  // from httpx import AsyncClient as C, Timeout
        if (s.last - s.first < 4) return;
        std::string module;
        std::size_t i = s.first + 1;
        for (; i < s.last && t_[i].text != "import"; ++i) module += t_[i].text;
        const bool httpx = module == "httpx";
        const bool sqlalchemy = module.starts_with("sqlalchemy");
        if (!httpx && !sqlalchemy) return;
        for (++i; i < s.last; ++i) {
            if (t_[i].kind != PyKind::Name) continue;
            const std::string original = t_[i].text;
            std::string local = original;
            if (i + 2 < s.last && t_[i + 1].text == "as") local = t_[i += 2].text;
            (httpx ? httpx_names_ : engine_names_)[local] = original;
        }
    }

    // ---- finding calls ---------------------------------------------------------------------------

    CallKind classify(const std::string& qualifier, const std::string& name) const {
        if (qualifier.empty()) {
            if (const auto it = httpx_names_.find(name); it != httpx_names_.end()) return httpx_kind(it->second);
            const auto e = engine_names_.find(name);
            const std::string original = e != engine_names_.end() ? e->second : name;
            return original == "create_async_engine" || original == "create_engine" ? CallKind::Engine : CallKind::None;
        }
        if (httpx_modules_.count(qualifier) || qualifier == "httpx") return httpx_kind(name);
        if (name == "create_async_engine" || name == "create_engine") return CallKind::Engine;  // sqlalchemy.create_engine
        return CallKind::None;
    }

    static CallKind httpx_kind(const std::string& name) {
        if (name == "Timeout") return CallKind::Timeout;
        if (name == "Limits") return CallKind::Limits;
        if (name == "AsyncClient") return CallKind::Client;
        return CallKind::None;
    }

    Call call_at(std::size_t i) const {
        Call c;
        if (t_[i].kind != PyKind::Name || t_[i + 1].text != "(") return c;
        std::size_t start = i;
        std::string qualifier;
        while (start >= 2 && t_[start - 1].text == "." && t_[start - 2].kind == PyKind::Name) {
            start -= 2;
            qualifier = t_[start].text + (qualifier.empty() ? "" : "." + qualifier);
        }
        if (start > 0 && (t_[start - 1].text == "def" || t_[start - 1].text == "class" || t_[start - 1].text == ".")) return c;
        c.kind = classify(qualifier, t_[i].text);
        if (c.kind == CallKind::None) return c;
        c.name = (qualifier.empty() ? "" : qualifier + ".") + t_[i].text;
        c.chain = start;
        c.open = i + 1;
        c.line = t_[i].line;
        parse_args(c);
        return c;
    }

    void parse_args(Call& c) const {
        int depth = 0;
        std::size_t arg_start = c.open + 1;
        for (std::size_t i = c.open; i < t_.size(); ++i) {
            const std::string& x = t_[i].text;
            if (t_[i].kind == PyKind::Op && (x == "(" || x == "[" || x == "{")) ++depth;
            if (t_[i].kind == PyKind::Op && (x == ")" || x == "]" || x == "}")) --depth;
            if (depth == 0 || (depth == 1 && x == ",")) {
                if (i > arg_start) c.args.push_back(make_arg(arg_start, i));
                arg_start = i + 1;
            }
            if (depth == 0) {
                c.close = i;
                return;
            }
        }
        c.close = t_.size() - 1;
    }

    Arg make_arg(std::size_t first, std::size_t last) const {
        Arg a;
        a.line = t_[first].line;
        if (t_[first].text == "*" || t_[first].text == "**") {
            a.star = true;
        } else if (last - first >= 2 && t_[first].kind == PyKind::Name && t_[first + 1].text == "=") {
            a.keyword = t_[first].text;
            first += 2;
        }
        a.first = first;
        a.last = last;
        return a;
    }

    // ---- reading one call --------------------------------------------------------------------------

    void read_call(const Call& c) {
        handled_.insert(c.open);
        switch (c.kind) {
            case CallKind::Engine: read_engine(c); break;
            case CallKind::Timeout: read_timeout(c); break;
            case CallKind::Limits: read_limits(c); break;
            case CallKind::Client: read_client(c); break;
            case CallKind::None: break;
        }
    }

    std::string text(const Arg& a) const { return source_text(src_, t_[a.first], t_[a.last - 1]); }
    std::string written(const Arg& a) const { return (a.keyword.empty() ? "" : a.keyword + "=") + text(a); }
    Place place(int line) const { return {file_, line}; }

    // A literal argument, or a problem saying why it is not one.
    std::optional<PyLiteral> literal(const Call& c, const Arg& a) {
        if (a.last <= a.first) return std::nullopt;
        auto lit = read_literal(t_.data() + a.first, t_.data() + a.last);
        if (!lit) {
            out_.problem(place(a.line), c.name + "(" + written(a) + "): not a literal — gatetune import reads plain "
                                                                    "values only and does not guess what an expression or variable holds");
        }
        return lit;
    }

    // Sets the key bound to `name` from a literal argument; None is a problem (no limit, no timeout).
    void set_from(const Call& c, const Binding& b, const Arg& a) {
        const auto lit = literal(c, a);
        if (!lit) return;
        if (lit->kind == PyLiteral::Kind::None) {
            out_.problem(place(a.line), c.name + "(" + written(a) + "): None means no limit, which the preset cannot express (allowed: " +
                                            b.spec().allowed_text() + ")");
            return;
        }
        out_.setting(std::string(b.key), lit->toml, place(a.line), c.name + "(" + written(a) + ")");
    }

    void implied(const Call& c, Target target, const std::set<std::string>& given, const std::string& why) {
        for (const Binding& b : exporting::bindings()) {
            if (b.target != target || given.count(std::string(b.name))) continue;
            out_.setting(std::string(b.key), default_toml(b), place(c.line), c.name + "(…) without " + std::string(b.name) + ": " + why,
                         Precedence::ImpliedDefault);
        }
    }

    void read_engine(const Call& c) {
        std::set<std::string> given;
        for (const Arg& a : c.args) {
            if (a.keyword == "poolclass" && !text(a).ends_with("QueuePool")) {
                out_.problem(place(a.line), c.name + "(" + written(a) + "): gatetune models SQLAlchemy's QueuePool "
                                                                        "(the default for postgresql+asyncpg) only");
            }
            const Binding* b = binding(Target::EngineKwarg, a.keyword);
            if (!b) continue;
            given.insert(a.keyword);
            set_from(c, *b, a);
        }
        if (c.has_star()) {
            out_.note(place(c.line), c.name + "(…, **…): the keywords it passes are unknown, so no default is assumed for the others");
        } else {
            implied(c, Target::EngineKwarg, given, "SQLAlchemy's default");
        }
    }

    void read_timeout(const Call& c) {
        const Arg* fallback = c.keyword("timeout");
        int positional = 0;
        for (const Arg& a : c.args) {
            if (a.keyword.empty() && !a.star && positional++ == 0) fallback = &a;
        }
        if (positional > 1 || c.has_star()) {
            out_.problem(place(c.line), c.name + "(…): only one positional argument and the keywords connect, read, write, pool are read");
            return;
        }
        std::optional<PyLiteral> all;
        if (fallback) {
            all = literal(c, *fallback);
            if (!all) return;
            if (all->kind == PyLiteral::Kind::None) {
                out_.problem(place(fallback->line), c.name + "(" + written(*fallback) + "): None means no timeout, which the "
                                                                                    "preset cannot express (allowed: seconds > 0)");
                return;
            }
        }
        for (const Binding& b : exporting::bindings()) {
            if (b.target != Target::HttpxTimeout) continue;
            if (const Arg* a = c.keyword(b.name)) {
                set_from(c, b, *a);
            } else if (all) {
                out_.setting(std::string(b.key), all->toml, place(fallback->line), c.name + "(" + written(*fallback) + ")");
            } else {
                // httpx/_config.py Timeout.__init__ raises this at run time.
                out_.problem(place(c.line), c.name + "(…) without a default sets only some phases: httpx raises \"httpx.Timeout "
                                                     "must either include a default, or set all four parameters explicitly.\"");
                return;
            }
        }
    }

    void read_limits(const Call& c) {
        for (const Arg& a : c.args) {
            if (a.keyword.empty() || a.star) {
                out_.problem(place(a.line), c.name + "(…): httpx.Limits takes keyword arguments only; `" + text(a) + "` is not read");
                return;
            }
        }
        const Arg* max = c.keyword("max_connections");
        if (!max) {
            out_.problem(place(c.line), c.name + "(…) without max_connections means no connection limit, which the preset "
                                                 "cannot express: give max_connections");
        } else {
            set_from(c, *binding(Target::HttpxLimits, "max_connections"), *max);
        }
        const Arg* keep = c.keyword("max_keepalive_connections");
        const bool keep_unlimited = !keep || text(*keep) == "None";
        if (keep && !keep_unlimited) set_from(c, *binding(Target::HttpxLimits, "max_keepalive_connections"), *keep);
        if (keep_unlimited && max) {
            // httpcore keeps min(max_connections, max_keepalive_connections) idle connections. [§4]
            if (const auto lit = read_literal(t_.data() + max->first, t_.data() + max->last); lit && lit->kind == PyLiteral::Kind::Int) {
                out_.setting("http_client.max_keepalive_connections", lit->toml, place(c.line),
                             c.name + "(…) without a keep-alive limit: as many as max_connections");
            }
        }
        const Binding& expiry = *binding(Target::HttpxLimits, "keepalive_expiry");
        if (const Arg* a = c.keyword("keepalive_expiry")) {
            set_from(c, expiry, *a);
        } else {
            out_.setting(std::string(expiry.key), default_toml(expiry), place(c.line), c.name + "(…) without keepalive_expiry: httpx's 5 s");
        }
    }

    bool plain_name(const Arg& a) const {
        const std::string& x = t_[a.first].text;
        return a.last - a.first == 1 && t_[a.first].kind == PyKind::Name && x != "None" && x != "True" && x != "False";
    }

    enum class Nested { Read, Problem, NotACall };

    // timeout= / limits= of AsyncClient: a call written in place, or a variable assigned such a
    // call at module level in this file (then it is read where it is assigned).
    Nested read_nested(const Call& client, const Arg& a, CallKind kind) {
        if (plain_name(a)) {
            if (const auto it = module_values_.find(t_[a.first].text); it != module_values_.end()) {
                for (std::size_t i = it->second; i + 1 < t_.size() && t_[i].line == t_[it->second].line; ++i) {
                    if (call_at(i).kind == kind) return Nested::Read;
                }
            }
            out_.problem(place(a.line), client.name + "(" + written(a) + "): `" + text(a) +
                                            "` is a variable gatetune import cannot follow (only a literal, or a call "
                                            "assigned to it at module level in this file)");
            return Nested::Problem;
        }
        for (std::size_t i = a.first; i + 1 < a.last; ++i) {
            if (t_[i + 1].text != "(") continue;
            const Call nested = call_at(i);
            if (nested.kind != kind || nested.close + 1 != a.last) return Nested::NotACall;
            read_call(nested);
            return Nested::Read;
        }
        return Nested::NotACall;
    }

    void read_client(const Call& c) {
        std::set<std::string> given_timeout, given_limits, given_client;
        if (const Arg* a = c.keyword("timeout")) {
            given_timeout = {"connect", "read", "write", "pool"};
            if (read_nested(c, *a, CallKind::Timeout) == Nested::NotACall) {
                if (const auto lit = literal(c, *a); lit && lit->kind == PyLiteral::Kind::None) {
                    out_.problem(place(a->line), c.name + "(timeout=None): no timeout, which the preset cannot express (allowed: seconds > 0)");
                } else if (lit) {
                    for (const Binding& b : exporting::bindings()) {
                        if (b.target == Target::HttpxTimeout) out_.setting(std::string(b.key), lit->toml, place(a->line), c.name + "(" + written(*a) + ")");
                    }
                }
            }
        }
        if (const Arg* a = c.keyword("limits")) {
            given_limits = {"max_connections", "max_keepalive_connections", "keepalive_expiry"};
            if (read_nested(c, *a, CallKind::Limits) == Nested::NotACall) {
                out_.problem(place(a->line), c.name + "(" + written(*a) + "): not an httpx.Limits(...) call gatetune import can read");
            }
        }
        for (const Arg& a : c.args) {
            if (const Binding* b = binding(Target::HttpxClient, a.keyword)) {
                given_client.insert(a.keyword);
                set_from(c, *b, a);
            }
        }
        if (c.has_star()) {
            out_.note(place(c.line), c.name + "(…, **…): the keywords it passes are unknown, so no default is assumed for the others");
        } else {
            // httpx/_config.py DEFAULT_TIMEOUT_CONFIG and DEFAULT_LIMITS. [§4]
            implied(c, Target::HttpxTimeout, given_timeout, "httpx's default");
            implied(c, Target::HttpxLimits, given_limits, "httpx's default");
            implied(c, Target::HttpxClient, given_client, "httpx's default");
        }
        read_lifetime(c);
    }

    // `async with httpx.AsyncClient()`: closed at the end of the block, so one client per use;
    // assigned to a module-level variable: one per process. [§4]
    void read_lifetime(const Call& c) {
        const std::size_t s = c.chain;
        const bool with = s > 0 && t_[s - 1].text == "with";
        const bool assigned = s >= 2 && t_[s - 1].text == "=" && t_[s - 2].kind == PyKind::Name && t_[s - 2].line_start;
        const bool module_variable = assigned && (t_[s - 2].column == 0 || globals_.count(t_[s - 2].text));
        if (with) {
            out_.setting("http_client.mode", "\"per_request\"", place(c.line), (s >= 2 && t_[s - 2].text == "async" ? "async with " : "with ") + c.name + "(…)");
        } else if (module_variable) {
            out_.setting("http_client.mode", "\"shared\"", place(c.line), t_[s - 2].text + " = " + c.name + "(…) (a module-level variable)");
        } else {
            out_.note(place(c.line), c.name + "(…) is neither used with `async with` nor kept in a module-level variable: "
                                              "http_client.mode is not read from it");
        }
    }

    const std::string& file_;
    std::string_view src_;
    const std::vector<PyToken>& t_;
    FileReading out_;
    std::set<std::string> httpx_modules_;
    std::map<std::string, std::string> httpx_names_;   // local name → httpx name
    std::map<std::string, std::string> engine_names_;  // local name → sqlalchemy name
    std::set<std::string> globals_;
    std::map<std::string, std::size_t> module_values_;  // NAME → first value token of `NAME = …`
    std::set<std::size_t> handled_;                     // "(" of calls already read
};

}  // namespace

FileReading read_python_calls(const std::string& file, std::string_view source, const std::vector<PyToken>& tokens) {
    return CallReader(file, source, tokens).run();
}

}  // namespace gatetune::sim::importing
