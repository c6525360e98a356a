// Preset parsing: TOML → schema-checked Values → Config. The parser walks the schema rather than
// the file, so keys are applied in schema order (http_client.timeout before the specific
// timeouts) whatever order the file uses, and every file key the schema does not know is an
// error with a suggestion.
#include "sim/preset/preset_io.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include <toml++/toml.h>

#include "sim/outcome.hpp"
#include "sim/trace.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim {
namespace {

// A value that does not fit its key. `at` points inside the value (a list element, a
// distribution field) when that is more precise than the key's own position.
struct ValueError {
    std::string message;
    std::optional<toml::source_position> at;
};

[[noreturn]] void bad(std::string message, const toml::node* at = nullptr) {
    throw ValueError{std::move(message), at ? std::optional(at->source().begin) : std::nullopt};
}
[[noreturn]] void bad(std::string message, const toml::key& at) {
    throw ValueError{std::move(message), at.source().begin};
}

std::string number_text(double v) {
    if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 1e15) {
        return std::to_string(static_cast<long long>(v));
    }
    return format_float(v);
}

// "string \"30s\"", "integer 3", "an array", … — the "got" half of a type error.
std::string describe_node(const toml::node& n) {
    switch (n.type()) {
        case toml::node_type::string: return "string " + quote_toml_string(*n.value<std::string>());
        case toml::node_type::integer: return "integer " + std::to_string(*n.value<std::int64_t>());
        case toml::node_type::floating_point: return "float " + format_float(*n.value<double>());
        case toml::node_type::boolean: return std::string("boolean ") + (*n.value<bool>() ? "true" : "false");
        case toml::node_type::array: return "an array";
        case toml::node_type::table: return "a table";
        default: return "a date/time";
    }
}

std::string expectation(const KeySpec& k) {
    switch (k.type) {
        case KeyType::Int: return "expected an integer";
        case KeyType::Float: return "expected a number";
        case KeyType::Duration: return "expected a number of seconds";
        case KeyType::Bool: return "expected true or false";
        case KeyType::String: return "expected a string";
        case KeyType::Enum: return "expected a string, " + k.allowed_text();
        case KeyType::Distribution:
            return "expected a number or a distribution such as { dist = \"lognormal\", median = 0.004, p99 = 0.05 }";
        case KeyType::CallList:
            return "expected a list of [input_tokens, output_tokens] pairs such as [[664, 2], [2280, 55]]";
        case KeyType::RateStepList: return "expected a list of [at_seconds, rate] pairs such as [[0, 5.0], [60, 20.0]]";
        case KeyType::CauseRateTable: return "expected a table of cause = share such as { db_pool_timeout = 0.01 }";
        case KeyType::WindowList:
            return k.min == k.max ? "expected a list of [start, end] windows such as [[60, 120]]"
                                  : "expected a list of [start, end, " + std::string(k.unit) + "] windows such as [[60, 120, " +
                                        number_text(k.max >= 2 ? 4 : 0.5) + "]]";
    }
    return "unexpected value";
}

[[noreturn]] void wrong_type(const KeySpec& k, const toml::node& n) {
    bad(expectation(k) + ", got " + describe_node(n), &n);
}

bool in_range(const KeySpec& k, double v) {
    return (k.min_exclusive ? v > k.min : v >= k.min) && v <= k.max;
}

void check_range(const KeySpec& k, double v, std::string_view what, const toml::node* at) {
    if (!in_range(k, v)) {
        bad(std::string(what) + number_text(v) + " is out of range (allowed: " + k.allowed_text() + ")", at);
    }
}

double number_of(const toml::node& n, const std::string& what) {
    if (const auto i = n.value_exact<std::int64_t>()) return static_cast<double>(*i);
    if (const auto f = n.value_exact<double>()) return *f;
    bad(what + ": expected a number, got " + describe_node(n), &n);
}

// ---- distributions ----------------------------------------------------------------------------

struct DistForm {
    std::string_view kind;
    std::vector<std::string_view> fields;  // one accepted parameter set
};

const std::vector<DistForm>& dist_forms() {
    static const std::vector<DistForm> forms = {
        {"constant", {"value"}},         {"uniform", {"min", "max"}},       {"exponential", {"mean"}},
        {"normal", {"mean", "stddev"}},  {"lognormal", {"median", "p99"}},  {"lognormal", {"mu", "sigma"}},
        {"lognormal", {"mean", "stddev"}}, {"pareto", {"scale", "shape"}}, {"gamma", {"shape", "scale"}},
        {"weibull", {"shape", "scale"}}, {"empirical", {"samples"}},
    };
    return forms;
}

std::string forms_text(std::string_view kind) {
    std::string out;
    for (const DistForm& f : dist_forms()) {
        if (f.kind != kind) continue;
        if (!out.empty()) out += ", or ";
        for (std::size_t i = 0; i < f.fields.size(); ++i) out.append(i ? " and " : "").append(f.fields[i]);
    }
    return out + " (and optionally cap)";
}

std::string kinds_text() {
    std::string out;
    for (const DistForm& f : dist_forms()) {
        const std::string q = quote_toml_string(f.kind);
        if (out.find(q) == std::string::npos) out.append(out.empty() ? "" : ", ").append(q);
    }
    return out;
}

Distribution build_distribution(const DistForm& form, const toml::table& t) {
    const auto num = [&](std::string_view field) { return number_of(*t.get(field), std::string(field)); };
    const std::string_view k = form.kind;
    const std::string_view first = form.fields[0];
    if (k == "constant") return Distribution::constant(num("value"));
    if (k == "uniform") return Distribution::uniform(num("min"), num("max"));
    if (k == "exponential") return Distribution::exponential(num("mean"));
    if (k == "normal") return Distribution::normal(num("mean"), num("stddev"));
    if (k == "pareto") return Distribution::pareto(num("scale"), num("shape"));
    if (k == "gamma") return Distribution::gamma(num("shape"), num("scale"));
    if (k == "weibull") return Distribution::weibull(num("shape"), num("scale"));
    if (k == "lognormal" && first == "median") return Distribution::lognormal_from_median_p99(num("median"), num("p99"));
    if (k == "lognormal" && first == "mu") return Distribution::lognormal(num("mu"), num("sigma"));
    if (k == "lognormal") return Distribution::lognormal_from_mean_stddev(num("mean"), num("stddev"));
    const toml::node& s = *t.get("samples");
    const toml::array* arr = s.as_array();
    if (!arr) bad("samples: expected a list of numbers, got " + describe_node(s), &s);
    std::vector<double> samples;
    for (std::size_t i = 0; i < arr->size(); ++i) samples.push_back(number_of(*arr->get(i), "samples[" + std::to_string(i) + "]"));
    return Distribution::empirical(std::move(samples));
}

// The numbers the distribution pins (a constant, uniform bounds, samples) must lie in the key's
// range; shapes with unbounded support (normal) are the author's responsibility.
void check_distribution_range(const KeySpec& k, const Distribution& d, const toml::node& at) {
    using D = Distribution;
    std::vector<double> pinned;
    if (const auto* c = std::get_if<D::Constant>(&d.params())) pinned = {c->value};
    if (const auto* u = std::get_if<D::Uniform>(&d.params())) pinned = {u->lo, u->hi};
    if (const auto* e = std::get_if<D::Empirical>(&d.params())) pinned = e->sorted;
    for (const double v : pinned) {
        if (!in_range(k, v)) {
            bad("distribution value " + number_text(v) + " is out of range (allowed: " + k.allowed_text() + ")", &at);
        }
    }
}

Distribution to_distribution(const KeySpec& k, const toml::node& n) {
    if (n.is_number()) {
        const double v = number_of(n, "value");
        const Distribution d = Distribution::constant(v);
        check_distribution_range(k, d, n);
        return d;
    }
    const toml::table* t = n.as_table();
    if (!t) wrong_type(k, n);
    const toml::node* kind_node = t->get("dist");
    if (!kind_node) bad("a distribution table needs dist = " + kinds_text(), &n);
    const auto kind = kind_node->value_exact<std::string>();
    if (!kind) bad("dist: expected a string, got " + describe_node(*kind_node), kind_node);
    if (kinds_text().find(quote_toml_string(*kind)) == std::string::npos) {
        bad("dist = " + quote_toml_string(*kind) + " is not a distribution (allowed: " + kinds_text() + ")", kind_node);
    }
    // Unknown fields first: a typo (medain) would otherwise read as a missing field.
    for (const auto& [field, value] : *t) {
        bool known = field.str() == "dist" || field.str() == "cap";
        for (const DistForm& f : dist_forms()) {
            if (f.kind == *kind && std::find(f.fields.begin(), f.fields.end(), field.str()) != f.fields.end()) known = true;
        }
        if (!known) {
            bad("unknown field " + std::string(field.str()) + " in a " + *kind + " distribution (allowed: " +
                    forms_text(*kind) + ")",
                field);
        }
    }
    const DistForm* form = nullptr;
    for (const DistForm& f : dist_forms()) {
        if (f.kind != *kind) continue;
        const bool all = std::all_of(f.fields.begin(), f.fields.end(), [&](std::string_view x) { return t->contains(x); });
        if (all && t->size() == f.fields.size() + 1 + (t->contains("cap") ? 1 : 0)) form = &f;
    }
    if (!form) bad("a " + *kind + " distribution takes " + forms_text(*kind), &n);
    try {
        Distribution d = build_distribution(*form, *t);
        if (const toml::node* cap = t->get("cap")) d = d.truncated(number_of(*cap, "cap"));
        check_distribution_range(k, d, n);
        return d;
    } catch (const std::invalid_argument& e) {
        bad(std::string("invalid distribution: ") + e.what(), &n);
    }
}

// ---- lists and tables ---------------------------------------------------------------------------

// "[3] ": which list element a message is about. Built by appending: GCC 12 reports a false
// -Wrestrict (PR 105651) for "[" + std::string once these functions are inlined together.
std::string element_prefix(std::size_t i) {
    std::string out = "[";
    out += std::to_string(i);
    out += "] ";
    return out;
}

std::vector<CallSpec> to_calls(const KeySpec& k, const toml::node& n) {
    const toml::array* arr = n.as_array();
    if (!arr) wrong_type(k, n);
    std::vector<CallSpec> calls;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const toml::node& e = *arr->get(i);
        const std::string where = element_prefix(i);
        const toml::array* pair = e.as_array();
        if (!pair || pair->size() != 2 || !pair->get(0)->is_integer() || !pair->get(1)->is_integer()) {
            bad(where + "expected a pair of integers [input_tokens, output_tokens], got " +
                    (pair ? "an array of " + std::to_string(pair->size()) + " values" : describe_node(e)),
                &e);
        }
        const auto in = *pair->get(0)->value<std::int64_t>();
        const auto out = *pair->get(1)->value<std::int64_t>();
        check_range(k, static_cast<double>(in), where + "input_tokens ", pair->get(0));
        check_range(k, static_cast<double>(out), where + "output_tokens ", pair->get(1));
        calls.push_back({static_cast<int>(in), static_cast<int>(out)});
    }
    return calls;
}

std::vector<RateStep> to_steps(const KeySpec& k, const toml::node& n) {
    const toml::array* arr = n.as_array();
    if (!arr) wrong_type(k, n);
    std::vector<RateStep> steps;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const toml::node& e = *arr->get(i);
        const std::string where = element_prefix(i);
        const toml::array* pair = e.as_array();
        if (!pair || pair->size() != 2 || !pair->get(0)->is_number() || !pair->get(1)->is_number()) {
            bad(where + "expected a pair of numbers [at_seconds, rate], got " +
                    (pair ? "an array of " + std::to_string(pair->size()) + " values" : describe_node(e)),
                &e);
        }
        const double at = number_of(*pair->get(0), "at");
        const double rate = number_of(*pair->get(1), "rate");
        if (!(at >= 0 && at <= 1e9)) bad(where + "at " + number_text(at) + " is out of range (allowed: seconds 0 to 1000000000)", pair->get(0));
        check_range(k, rate, where + "rate ", pair->get(1));
        if (!steps.empty() && !(at > steps.back().at)) {
            bad(where + "at " + number_text(at) + " s is not after the previous step's " + number_text(steps.back().at) +
                    " s (steps must be in increasing time order)",
                pair->get(0));
        }
        steps.push_back({at, rate});
    }
    return steps;
}

// [[start, end, value], …] in time order, not overlapping; a fixed-value key (min == max: an
// outage) takes [start, end] too.
std::vector<FaultWindow> to_windows(const KeySpec& k, const toml::node& n) {
    const toml::array* arr = n.as_array();
    if (!arr) wrong_type(k, n);
    const bool fixed = k.min == k.max;
    const std::string shape = fixed ? "[start, end]" : "[start, end, " + std::string(k.unit) + "]";
    std::vector<FaultWindow> windows;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const toml::node& e = *arr->get(i);
        const std::string where = element_prefix(i);
        const toml::array* w = e.as_array();
        if (!w || !(w->size() == 3 || (fixed && w->size() == 2))) {
            bad(where + "expected " + shape + ", got " + (w ? "an array of " + std::to_string(w->size()) + " values" : describe_node(e)),
                &e);
        }
        for (const toml::node& x : *w) {
            if (!x.is_number()) bad(where + "expected " + shape + " with numbers, got " + describe_node(x), &x);
        }
        const double start = number_of(*w->get(0), "start");
        const double end = number_of(*w->get(1), "end");
        const double value = w->size() == 3 ? number_of(*w->get(2), std::string(k.unit)) : k.min;
        const std::string max_time = number_text(kMaxWindowTime);
        if (!(start >= 0 && start <= kMaxWindowTime)) {
            bad(where + "start " + number_text(start) + " is out of range (allowed: seconds 0 to " + max_time + ")", w->get(0));
        }
        if (!(end > start)) {
            bad(where + "end " + number_text(end) + " s is not after start " + number_text(start) + " s (a window needs start < end)",
                w->get(1));
        }
        if (!(end <= kMaxWindowTime)) {
            bad(where + "end " + number_text(end) + " is out of range (allowed: seconds up to " + max_time + ")", w->get(1));
        }
        if (fixed && value != k.min) {
            bad(where + "the third number must be " + number_text(k.min) + ", got " + number_text(value) + " (allowed: " +
                    k.allowed_text() + ")",
                w->get(2));
        }
        if (!fixed) check_range(k, value, where + std::string(k.unit) + " ", w->get(2));
        // One window at a time per fault: overlapping ones would leave the combined effect unclear.
        if (!windows.empty() && start < windows.back().end) {
            bad(where + "start " + number_text(start) + " s is before the previous window's end " +
                    number_text(windows.back().end) + " s (windows must be in time order and not overlap)",
                w->get(0));
        }
        windows.push_back({start, end, value});
    }
    return windows;
}

std::string cause_names() {
    std::string out;
    for (std::size_t i = 0; i < kCauseCount; ++i) out.append(i ? ", " : "").append(to_string(static_cast<Cause>(i)));
    return out;
}

CauseRates to_cause_rates(const KeySpec& k, const toml::node& n) {
    const toml::table* t = n.as_table();
    if (!t) wrong_type(k, n);
    CauseRates rates;
    for (const auto& [name, value] : *t) {
        Cause cause{};
        if (!parse_cause(name.str(), cause)) {
            bad("unknown cause " + std::string(name.str()) + " (allowed: " + cause_names() + ")", name);
        }
        const double share = number_of(value, std::string(name.str()));
        check_range(k, share, std::string(name.str()) + " = ", &value);
        rates.emplace_back(std::string(name.str()), share);
    }
    std::sort(rates.begin(), rates.end());
    return rates;
}

// ---- one key ------------------------------------------------------------------------------------

Value to_value(const KeySpec& k, const toml::node& n) {
    switch (k.type) {
        case KeyType::Int: {
            const auto i = n.value_exact<std::int64_t>();
            if (!i) wrong_type(k, n);
            check_range(k, static_cast<double>(*i), "", &n);
            return *i;
        }
        case KeyType::Float:
        case KeyType::Duration: {
            if (!n.is_number()) wrong_type(k, n);
            const double v = number_of(n, "value");
            check_range(k, v, "", &n);
            return v;
        }
        case KeyType::Bool: {
            const auto b = n.value_exact<bool>();
            if (!b) wrong_type(k, n);
            return *b;
        }
        case KeyType::String: {
            const auto s = n.value_exact<std::string>();
            if (!s) wrong_type(k, n);
            return *s;
        }
        case KeyType::Enum: {
            const auto s = n.value_exact<std::string>();
            if (!s) wrong_type(k, n);
            const std::string_view canonical = canonical_enum(k, *s);
            if (canonical.empty()) bad(quote_toml_string(*s) + " is not allowed (allowed: " + k.allowed_text() + ")", &n);
            return std::string(canonical);
        }
        case KeyType::Distribution: return to_distribution(k, n);
        case KeyType::CallList: return to_calls(k, n);
        case KeyType::RateStepList: return to_steps(k, n);
        case KeyType::CauseRateTable: return to_cause_rates(k, n);
        case KeyType::WindowList: return to_windows(k, n);
    }
    return {};
}

// ---- issues -------------------------------------------------------------------------------------

struct Place {
    std::string file;
    int line = 0;
    int column = 0;
};

Place place_of(const std::string& file, const toml::source_region& r) {
    return {file, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

PresetIssue issue(const Place& p, std::string key, std::string message) {
    return {p.file, p.line, p.column, std::move(key), std::move(message)};
}

std::string unknown_key_message(std::string_view dotted) {
    const std::string_view suggestion = suggest_key(dotted);
    if (!suggestion.empty()) return "unknown key (did you mean " + std::string(suggestion) + "?)";
    const auto dot = dotted.rfind('.');
    const std::string_view table = dot == std::string_view::npos ? std::string_view{} : dotted.substr(0, dot);
    std::string known;
    for (const KeySpec& k : config_schema()) {
        if (k.table() == table) known.append(known.empty() ? "" : ", ").append(k.name());
    }
    if (table.empty()) {
        for (const TableSpec& t : config_tables()) known += ", [" + std::string(t.name) + "]";
        return "unknown key (allowed at the top level: " + known + ")";
    }
    return "unknown key (allowed in [" + std::string(table) + "]: " + known + ")";
}

std::string unknown_table_message(std::string_view table) {
    const std::string_view suggestion = suggest_table(table);
    if (!suggestion.empty()) return "unknown table [" + std::string(table) + "] (did you mean [" + std::string(suggestion) + "]?)";
    std::string known;
    for (const TableSpec& t : config_tables()) known.append(known.empty() ? "[" : ", [").append(t.name).append("]");
    return "unknown table [" + std::string(table) + "] (allowed: " + known + ")";
}

const TableSpec* find_table(std::string_view name) {
    for (const TableSpec& t : config_tables()) {
        if (t.name == name) return &t;
    }
    return nullptr;
}

// A path written in a preset is relative to the preset's directory; the simulator opens it from
// the current directory, so it is joined to that directory here ("presets/traces/burst.csv").
// Absolute paths, and presets without a directory ("roundtrip.toml", "gui"), keep it as written.
std::string path_beside(const std::string& preset, const std::string& path) {
    const std::filesystem::path dir = std::filesystem::path(preset).parent_path();
    if (path.empty() || dir.empty() || std::filesystem::path(path).is_absolute()) return path;
    return (dir / path).lexically_normal().generic_string();
}

// The inverse, for writing a preset that will live at `preset`: the stored path relative to its
// directory. An absolute path stays absolute when the preset's place is only known relative to
// the current directory: the relative form would hold only when read from here.
std::string path_from(const std::string& preset, const std::string& path) {
    namespace fs = std::filesystem;
    if (path.empty() || preset.empty()) return path;
    fs::path target = fs::path(path).lexically_normal();
    fs::path dir = fs::path(preset).parent_path().lexically_normal();
    if (target.is_absolute() && !dir.is_absolute()) return path;
    // lexically_relative cannot climb out of a base that starts with "..": compare absolute paths.
    if (target.is_absolute() != dir.is_absolute() || (!dir.empty() && *dir.begin() == "..")) {
        target = fs::absolute(target).lexically_normal();
        dir = dir.empty() ? fs::current_path() : fs::absolute(dir).lexically_normal();
    }
    if (!dir.empty() && !dir.has_filename()) dir = dir.parent_path();  // "a/b/" → "a/b"
    const fs::path rel = target.lexically_relative(dir);
    // "../../../data/a.csv" from /home/me/presets says no more than "/data/a.csv" and breaks when
    // the preset moves: a path that climbs to the root is written absolute.
    const auto ups = std::count(rel.begin(), rel.end(), fs::path(".."));
    const fs::path below_root = dir.relative_path();
    const auto depth = std::distance(below_root.begin(), below_root.end());
    if (rel.empty() || (dir.is_absolute() && ups >= depth)) return fs::absolute(target).generic_string();
    return rel.generic_string();
}

// Where each key was set, for the cross-key checks' messages.
using Places = std::map<std::string, Place, std::less<>>;

class PresetReader {
public:
    explicit PresetReader(std::string source) : source_(std::move(source)) {}

    Config read(std::string_view text) {
        Config config;
        toml::table root;
        try {
            root = toml::parse(text, std::string_view(source_));
        } catch (const toml::parse_error& e) {
            issues_.push_back(issue(place_of(source_, e.source()), "",
                                    "TOML syntax error: " + std::string(e.description())));
            return config;
        }
        read_table(config, root, "");
        for (const auto& [name, node] : root) {
            if (find_key(name.str()) || !find_table(name.str())) continue;
            if (const toml::table* t = node.as_table()) {
                read_table(config, *t, name.str());
            } else {
                issues_.push_back(issue(place_of(source_, name.source()), std::string(name.str()),
                                        "expected a table [" + std::string(name.str()) + "], got " + describe_node(node)));
            }
        }
        if (!root.contains("name")) config.name = std::filesystem::path(source_).stem().string();
        config.workload.trace = path_beside(source_, config.workload.trace);
        return config;
    }

    std::vector<PresetIssue>& issues() { return issues_; }
    Places& places() { return places_; }

private:
    // Keys in schema order, then whatever the file has that the schema does not know.
    void read_table(Config& config, const toml::table& t, std::string_view table) {
        for (const KeySpec& k : config_schema()) {
            if (k.table() != table) continue;
            const auto it = t.find(k.name());
            if (it == t.end()) continue;
            read_key(config, k, it->first, it->second);
        }
        for (const auto& [name, node] : t) {
            const std::string dotted = table.empty() ? std::string(name.str()) : std::string(table) + "." + std::string(name.str());
            if (find_key(dotted) || (table.empty() && find_table(name.str()))) continue;
            const toml::table* sub = node.as_table();
            const bool header = sub && !sub->is_inline();
            const Place p = place_of(source_, header ? node.source() : name.source());
            issues_.push_back(issue(p, dotted,
                                    table.empty() && sub ? unknown_table_message(name.str()) : unknown_key_message(dotted)));
        }
    }

    void read_key(Config& config, const KeySpec& k, const toml::key& name, const toml::node& node) {
        const toml::table* sub = node.as_table();
        const Place p = place_of(source_, sub && !sub->is_inline() ? node.source() : name.source());
        places_[std::string(k.key)] = p;
        try {
            k.set(config, to_value(k, node));
        } catch (const ValueError& e) {
            // Inside a value (list element, distribution field) point at the element itself.
            const bool inside = e.at && (e.at->line != node.source().begin.line || e.at->column != node.source().begin.column);
            const Place at = inside ? Place{source_, static_cast<int>(e.at->line), static_cast<int>(e.at->column)} : p;
            issues_.push_back(issue(at, std::string(k.key), e.message));
        }
    }

    std::string source_;
    std::vector<PresetIssue> issues_;
    Places places_;
};

// What stops kind = "trace" from reading its file; the rows themselves are checked when the run
// loads them (load_trace), so a huge trace is read once.
std::optional<std::string> trace_problem(const std::string& path) {
    if (path.empty()) {
        return "kind = \"trace\" needs workload.trace = \"path/to/trace.csv\" (a .csv, .jsonl or .ndjson file, "
               "relative to the preset's directory)";
    }
    if (!trace_format_of(path)) {
        return quote_toml_string(path) + " is not a trace file (allowed extensions: .csv, .jsonl, .ndjson)";
    }
    if (!std::ifstream(path)) {
        return "cannot open " + quote_toml_string(path) + " (a relative path in a preset is relative to the preset's "
               "directory; with --set, to the current directory)";
    }
    return std::nullopt;
}

std::vector<PresetIssue> cross_check(const Config& c, const std::string& source, const Places& places) {
    std::vector<PresetIssue> out;
    const auto at = [&](std::string_view key) {
        const auto it = places.find(key);
        return it != places.end() ? it->second : Place{source, 0, 0};
    };
    const auto& w = c.workload;
    if (w.input_tokens.has_value() != w.output_tokens.has_value()) {
        const std::string_view set = w.input_tokens ? "workload.input_tokens" : "workload.output_tokens";
        const std::string_view missing = w.input_tokens ? "output_tokens" : "input_tokens";
        out.push_back(issue(at(set), std::string(set),
                            "needs workload." + std::string(missing) + " too (requests draw both token counts)"));
    } else if (w.kind != WorkloadKind::Trace && w.calls.empty() && !w.input_tokens) {
        out.push_back(issue(at("workload.calls"), "workload.calls",
                            "the workload has no calls (give calls = [[input_tokens, output_tokens], …], or both "
                            "input_tokens and output_tokens distributions, or kind = \"trace\" with a trace file)"));
    }
    if (w.kind == WorkloadKind::Trace) {
        if (auto problem = trace_problem(w.trace)) {
            const std::string key = w.trace.empty() ? "workload.kind" : "workload.trace";
            out.push_back(issue(at(key), key, *problem));
        }
    }
    const auto& db = c.db_server;
    if (db.superuser_reserved_connections >= db.max_connections) {
        out.push_back(issue(at("db_server.superuser_reserved_connections"), "db_server.superuser_reserved_connections",
                            std::to_string(db.superuser_reserved_connections) + " must be less than max_connections (" +
                                std::to_string(db.max_connections) + "); PostgreSQL refuses to start otherwise"));
    }
    if (c.slo.p50 && c.slo.p99 && *c.slo.p50 > *c.slo.p99) {
        out.push_back(issue(at("slo.p50"), "slo.p50",
                            number_text(*c.slo.p50) + " s exceeds slo.p99 (" + number_text(*c.slo.p99) +
                                " s); a median cannot be above the 99th percentile"));
    }
    return out;
}

void sort_and_throw(std::vector<PresetIssue> issues) {
    if (issues.empty()) return;
    // File order; issues without a line (missing keys, --set) after those with one.
    std::stable_sort(issues.begin(), issues.end(), [](const PresetIssue& a, const PresetIssue& b) {
        const auto key = [](const PresetIssue& i) {
            return std::pair(i.line == 0 ? std::numeric_limits<int>::max() : i.line, i.column);
        };
        return key(a) < key(b);
    });
    throw PresetError(std::move(issues));
}

// A --set argument or a value's text may end in a line end (pasted or read from a file).
constexpr std::string_view kValueBlanks = " \t\r\n";

// Well-formed UTF-8 as TOML requires it: no overlong forms, surrogates or code points past U+10FFFF.
bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        std::uint32_t cp = n == 1 ? b : b & (0x7F >> n);
        for (std::size_t j = 1; j < n; ++j) {
            const auto c = static_cast<unsigned char>(s[i + j]);
            if ((c >> 6) != 0x2) return false;
            cp = (cp << 6) | (c & 0x3F);
        }
        constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMinimum[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n;
    }
    return true;
}

Value parse_value_from(const KeySpec& k, std::string_view text, const std::string& source) {
    const std::string value(trim(text, kValueBlanks));
    const auto fail = [&](std::string message) -> PresetError {
        return PresetError({{source, 0, 0, std::string(k.key), std::move(message)}});
    };
    if (k.optional && value == "none") return {};
    toml::table doc;
    bool parsed = false;
    try {
        doc = toml::parse("v = " + value);
        parsed = doc.size() == 1 && doc.contains("v");
    } catch (const toml::parse_error&) {
    }
    // Bare words for enum and string keys: --set server.worker_class=gthread.
    if ((k.type == KeyType::Enum || k.type == KeyType::String) && (!parsed || !doc.get("v")->is_string())) {
        // A preset is UTF-8: a value that is not could be set but never saved (found by fuzzing).
        if (!valid_utf8(value)) throw fail("the value is not valid UTF-8 text");
        if (k.type == KeyType::String) return value;
        const std::string_view canonical = canonical_enum(k, value);
        if (canonical.empty()) throw fail(quote_toml_string(value) + " is not allowed (allowed: " + k.allowed_text() + ")");
        return std::string(canonical);
    }
    if (!parsed) throw fail(expectation(k) + ", got " + value + " (not a TOML value)");
    try {
        return to_value(k, *doc.get("v"));
    } catch (const ValueError& e) {
        throw fail(e.message);
    }
}

}  // namespace

// ---- public -------------------------------------------------------------------------------------

std::string PresetIssue::to_string() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
        out += ": ";
    }
    if (!key.empty()) out += key + ": ";
    return out + message;
}

namespace {
std::string join_issues(const std::vector<PresetIssue>& issues) {
    std::string out;
    for (const PresetIssue& i : issues) out.append(out.empty() ? "" : "\n").append(i.to_string());
    return out;
}
}  // namespace

PresetError::PresetError(std::vector<PresetIssue> issues)
    : std::runtime_error(join_issues(issues)), issues_(std::move(issues)) {
    if (issues_.empty()) issues_.push_back({"", 0, 0, "", "invalid preset"});
}

Config parse_preset(std::string_view text, const std::string& source_name) {
    PresetReader reader(source_name);
    Config config = reader.read(text);
    if (reader.issues().empty()) reader.issues() = cross_check(config, source_name, reader.places());
    sort_and_throw(std::move(reader.issues()));
    return config;
}

namespace {
std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw PresetError({{path, 0, 0, "", "cannot open the preset file"}});
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}
}  // namespace

Config load_preset(const std::string& path) { return parse_preset(read_file(path), path); }

Config load_preset(const std::string& path, const std::vector<std::string>& overrides) {
    PresetReader reader(path);
    Config config = reader.read(read_file(path));
    sort_and_throw(std::move(reader.issues()));
    std::vector<PresetIssue> issues;
    for (const std::string& o : overrides) {
        try {
            apply_override(config, o);
            const auto eq = o.find('=');
            reader.places()[std::string(trim(std::string_view(o).substr(0, eq), kValueBlanks))] = Place{"--set", 0, 0};
        } catch (const PresetError& e) {
            issues.insert(issues.end(), e.issues().begin(), e.issues().end());
        }
    }
    if (issues.empty()) issues = cross_check(config, path, reader.places());
    sort_and_throw(std::move(issues));
    return config;
}

Value parse_value(const KeySpec& spec, std::string_view toml_text) { return parse_value_from(spec, toml_text, ""); }

void apply_override(Config& config, std::string_view assignment) {
    const auto eq = assignment.find('=');
    const std::string key(trim(assignment.substr(0, eq), kValueBlanks));
    if (eq == std::string_view::npos || key.empty()) {
        throw PresetError({{"--set", 0, 0, "", "\"" + std::string(assignment) + "\" is not table.key=value"}});
    }
    const std::string_view text = assignment.substr(eq + 1);
    // One entry of the cause table: --set slo.max_cause_rate.db_pool_timeout=0.01
    constexpr std::string_view kCausePrefix = "slo.max_cause_rate.";
    if (key.starts_with(kCausePrefix)) {
        const KeySpec& table = *find_key("slo.max_cause_rate");
        const std::string cause = key.substr(kCausePrefix.size());
        const Value one = parse_value_from(table, "{ " + quote_toml_string(cause) + " = " + std::string(trim(text, kValueBlanks)) + " }", "--set");
        CauseRates rates = config.slo.max_cause_rate;
        std::erase_if(rates, [&](const auto& r) { return r.first == cause; });
        rates.push_back(std::get<CauseRates>(one).front());
        table.set(config, rates);
        return;
    }
    const KeySpec* spec = find_key(key);
    if (!spec) throw PresetError({{"--set", 0, 0, key, unknown_key_message(key)}});
    spec->set(config, parse_value_from(*spec, text, "--set"));
}

void check_config(const Config& config, const std::string& source_name) {
    sort_and_throw(cross_check(config, source_name, {}));
}

// ---- writing ------------------------------------------------------------------------------------

namespace {

// The doc's first sentence: a comment, not the whole paragraph (README has that).
std::string_view first_sentence(std::string_view doc) {
    for (std::size_t i = 0; i + 2 < doc.size(); ++i) {
        if (doc[i] == '.' && doc[i + 1] == ' ' && (std::isupper(static_cast<unsigned char>(doc[i + 2])) || doc[i + 2] == '`')) {
            return doc.substr(0, i + 1);
        }
    }
    return doc;
}

void write_comment(std::ostringstream& out, std::string_view text) {
    constexpr std::size_t kWidth = 98;
    std::string line = "#";
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto space = text.find(' ', pos);
        const std::string_view word = text.substr(pos, space == std::string_view::npos ? std::string_view::npos : space - pos);
        if (line.size() > 1 && line.size() + 1 + word.size() > kWidth) {
            out << line << '\n';
            line = "#";
        }
        line += ' ';
        line += word;
        pos = space == std::string_view::npos ? text.size() : space + 1;
    }
    out << line << '\n';
}

// Long call and step lists, a few pairs per line, so a 12-call script stays readable.
std::string value_text(const KeySpec& k, const Value& v) {
    std::string text = format_value(v);
    const bool list = k.type == KeyType::CallList || k.type == KeyType::RateStepList || k.type == KeyType::WindowList;
    if (!list || text.size() <= 80) return text;
    std::string out = "[";
    int in_line = 0;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        if (text[i] == '[') {
            out += in_line % 6 == 0 ? "\n    " : " ";
            ++in_line;
        }
        if (text[i] == ' ' && text[i - 1] == ',' && text[i + 1] == '[') continue;
        out += text[i];
    }
    return out + ",\n]";
}

}  // namespace

std::vector<const KeySpec*> changed_keys(const Config& config, const Config& base) {
    std::vector<const KeySpec*> out;
    for (const KeySpec& k : config_schema()) {
        if (!k.write_only && !values_equal(k.get(config), k.get(base))) out.push_back(&k);
    }
    return out;
}

std::string write_preset(const Config& config, bool all_keys, const std::string& preset_path) {
    const Config defaults;
    std::ostringstream out;
    out << "# Gatetune preset. Keys not listed keep their defaults; presets/README.md documents every key.\n";
    const auto write_table = [&](std::string_view table) {
        bool header = table.empty();
        for (const KeySpec& k : config_schema()) {
            if (k.table() != table || k.write_only) continue;
            Value v = k.get(config);
            if (std::holds_alternative<std::monostate>(v)) continue;  // unset optional: the default
            if (k.key == "workload.trace") v = path_from(preset_path, std::get<std::string>(v));
            // name is always written: left out, it would read back as the file's stem.
            const bool wanted = all_keys || k.key == "name" || !values_equal(v, k.get(defaults));
            if (!wanted) continue;
            if (!header) {
                out << "\n[" << table << "]\n";
                header = true;
            }
            if (!table.empty()) {
                const std::string def = format_value(defaults, k);
                write_comment(out, std::string(first_sentence(k.doc)) + (def.empty() ? "" : " Default: " + def + "."));
            }
            out << k.name() << " = " << value_text(k, v) << '\n';
        }
    };
    write_table("");
    for (const TableSpec& t : config_tables()) write_table(t.name);
    return out.str();
}

}  // namespace gatetune::sim
