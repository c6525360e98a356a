#pragma once
// The one declarative table of every preset key: its dotted name, type, unit, allowed range,
// documentation and accessors on Config. The preset parser, `--set`, presets/README.md, the GUI
// editor and export all read this table, so a key exists in exactly one place. Defaults are not
// repeated here: they are read from a default-constructed Config (sim/config.hpp).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sim/config.hpp"

namespace gatetune::sim {

enum class KeyType {
    Int,             // TOML integer
    Float,           // TOML number (an integer is accepted)
    Duration,        // TOML number of seconds
    Bool,
    String,          // free text (name, description)
    Enum,            // string from a fixed list
    Distribution,    // number (constant) or inline table { dist = "…", … }
    CallList,        // [[input_tokens, output_tokens], …]
    RateStepList,    // [[at_seconds, rate], …]
    CauseRateTable,  // { cause_name = share, … }
    // [[start, end, value], …]: time windows in order, not overlapping. `unit` names the value
    // ("factor", "probability") and min/max bound it; a key whose value is fixed (min == max,
    // faults.upstream_outage) also takes [start, end] and means that value.
    WindowList,
};

using CauseRates = std::vector<std::pair<std::string, double>>;

// Latest start or end of a fault window (s): far beyond any run, finite so it prints plainly.
inline constexpr double kMaxWindowTime = 1e9;

// A key's value, independent of where it lives in Config. monostate = an optional key left unset.
// Enums travel as their preset spelling.
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string, Distribution,
                           std::vector<CallSpec>, std::vector<RateStep>, CauseRates, std::vector<FaultWindow>>;

// CallSpec, RateStep and FaultWindow have no operator== (config.hpp), so std::variant's == is
// unavailable.
bool values_equal(const Value& a, const Value& b);
// An Int, Float or Duration value as a double; 0 for any other kind.
double number_of(const Value& v);

struct KeyAccess {
    Value (*get)(const Config&) = nullptr;
    // Takes a value the parser has already checked (type, range, enum spelling).
    void (*set)(Config&, const Value&) = nullptr;
};

struct KeySpec {
    std::string_view key;   // dotted: "db_pool.pool_size"; top-level keys have no table ("name")
    KeyType type = KeyType::Float;
    std::string_view unit;  // "s", "connections", "tokens", … ("" when dimensionless)
    // Numeric range of the value — for lists, tables and distributions: of every number in them
    // (call tokens, step rates, shares, window values, sampled values where the distribution pins
    // them). Step times and window bounds have their own fixed range (0 to 1e9 s).
    double min = 0;
    double max = 0;
    bool min_exclusive = false;  // value must be > min rather than >= min
    bool optional = false;       // may be unset (monostate): not checked / not used
    bool write_only = false;     // convenience key (http_client.timeout): never exported
    std::vector<std::string_view> allowed;  // Enum: the spellings, in enum order
    std::vector<std::pair<std::string_view, std::string_view>> aliases;  // Enum: alias → spelling
    std::string_view doc;        // one paragraph: the real component's semantics
    std::string_view model_ref;  // "§3" = docs/MODEL.md section (may be empty)
    KeyAccess access;

    std::string_view table() const;  // "db_pool"; "" for top-level keys
    std::string_view name() const;   // "pool_size"
    Value get(const Config& c) const { return access.get(c); }
    void set(Config& c, const Value& v) const { access.set(c, v); }
    // "integer 0 to 10000", "seconds greater than 0, at most 1000000", `"sync", "gthread", …`.
    std::string allowed_text() const;
    // "integer", "seconds", "distribution (s)", … — for messages and docs.
    std::string type_text() const;
};

struct TableSpec {
    std::string_view name;       // "db_pool"
    std::string_view doc;        // one line: which real component the table configures
    std::string_view model_ref;  // docs/MODEL.md sections
};

// Every key, in document order (top-level keys, then table by table). Built once.
const std::vector<KeySpec>& config_schema();
// The known tables, in document order: "server", "request", …, "deployment".
const std::vector<TableSpec>& config_tables();
// nullptr when unknown.
const KeySpec* find_key(std::string_view dotted);
// The nearest known dotted key by edit distance (or the same key name in another table), or ""
// when nothing is close enough to be a plausible typo.
std::string_view suggest_key(std::string_view dotted);
std::string_view suggest_table(std::string_view table);

// TOML literal text of a value: 5, 30.0, true, "uvicorn", { dist = "lognormal", … },
// [[664, 2], …], { db_pool_timeout = 0.01 }, [[60.0, 120.0, 4.0], …]. An unset optional gives "".
std::string format_value(const Value& v);
std::string format_value(const Config& c, const KeySpec& spec);
// Round-trippable inline-table text: { dist = "lognormal", median = 0.004, p99 = 0.02 }; an
// uncapped constant is written as a bare number.
std::string format_distribution(const Distribution& d);
// Shortest text that reads back as the same double and as a TOML float ("30.0", "1e-05", "inf").
std::string format_float(double v);
// TOML basic string with escapes, including the quotes.
std::string quote_toml_string(std::string_view s);

// Map an enum spelling or alias to the canonical spelling; "" when not allowed.
std::string_view canonical_enum(const KeySpec& spec, std::string_view text);

// Markdown reference of every key, grouped by table (pasted into presets/README.md; a test
// keeps the two identical).
std::string schema_markdown();
// Markdown list of the cause vocabulary (sim/outcome.hpp), one line each.
std::string causes_markdown();

}  // namespace gatetune::sim
