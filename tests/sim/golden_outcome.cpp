#include "golden_outcome.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <vector>

#include <toml++/toml.h>

#include "sim/preset/config_schema.hpp"
#include "sim/outcome.hpp"
#include "sim/text_table.hpp"

namespace gatetune::testing {
namespace {

// Top-level counts, in the order the file lists them; the last four only at the full scope.
constexpr std::array<std::string_view, 6> kTopKeys = {"seed",         "requests",       "worker_timeouts",
                                                      "worker_boots", "upstream_calls", "upstream_abandoned"};
constexpr std::size_t kCountsScopeTopKeys = 2;
constexpr std::string_view kAllowedKeys =
    "scope, note, seed, requests, worker_timeouts, worker_boots, upstream_calls, upstream_abandoned, "
    "[by_status], [by_cause], [calls]";

std::string_view scope_name(GoldenScope s) { return s == GoldenScope::Full ? "full" : "counts"; }

// A TOML key: bare when it can be ("200", "db_pool_timeout", "ReadError"), quoted otherwise.
std::string toml_key(std::string_view k) {
    const bool bare = !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
    return bare ? std::string(k) : sim::quote_toml_string(k);
}

// "calls.12.500" → 12; 0 for any other key.
int call_number(std::string_view key) {
    if (!key.starts_with("calls.")) return 0;
    key.remove_prefix(6);
    int n = 0;
    std::from_chars(key.data(), key.data() + key.size(), n);
    return n;
}

// The order keys are shown in: top-level counts, by status, by cause (in the report's cause
// order), then calls by number.
auto display_rank(const std::string& key) {
    for (std::size_t i = 0; i < kTopKeys.size(); ++i)
        if (key == kTopKeys[i]) return std::tuple(0, static_cast<int>(i), std::string());
    if (key.starts_with("by_status.")) return std::tuple(1, 0, key);
    if (key.starts_with("by_cause.")) {
        sim::Cause c{};
        const bool known = sim::parse_cause(std::string_view(key).substr(9), c);
        return std::tuple(2, known ? static_cast<int>(c) : static_cast<int>(sim::kCauseCount), key);
    }
    return std::tuple(3, call_number(key), key);
}

std::vector<std::string> in_display_order(std::set<std::string> keys) {
    std::vector<std::string> out(keys.begin(), keys.end());
    std::stable_sort(out.begin(), out.end(),
                     [](const std::string& a, const std::string& b) { return display_rank(a) < display_rank(b); });
    return out;
}

// ---- reading ----------------------------------------------------------------------------------

class Reader {
public:
    explicit Reader(std::string path) : path_(std::move(path)) {}

    GoldenOutcome read() {
        std::ifstream in(path_, std::ios::binary);
        if (!in) throw std::runtime_error(path_ + ": cannot be read");
        std::ostringstream text;
        text << in.rdbuf();
        toml::table doc;
        try {
            doc = toml::parse(text.str(), path_);
        } catch (const toml::parse_error& e) {
            fail(e.source().begin.line, std::string(e.description()));
        }
        for (auto&& [key, node] : doc) top_level(std::string(key.str()), node, key.source().begin.line);
        return std::move(out_);
    }

private:
    [[noreturn]] void fail(std::uint32_t line, const std::string& what) const {
        throw std::runtime_error(path_ + ":" + std::to_string(line) + ": " + what);
    }

    std::int64_t count(const toml::node& n, const std::string& key) const {
        const auto v = n.value_exact<std::int64_t>();
        if (!v || *v < 0) fail(n.source().begin.line, key + " must be a count (an integer ≥ 0)");
        return *v;
    }

    const toml::table& table(const toml::node& n, const std::string& key) const {
        const toml::table* t = n.as_table();
        if (!t) fail(n.source().begin.line, key + " must be a table");
        return *t;
    }

    void top_level(const std::string& key, const toml::node& n, std::uint32_t line) {
        if (key == "scope") {
            const auto s = n.value_exact<std::string>();
            if (s == "full") out_.scope = GoldenScope::Full;
            else if (s == "counts") out_.scope = GoldenScope::Counts;
            else fail(line, "scope must be \"full\" or \"counts\"");
        } else if (key == "note") {
            const auto s = n.value_exact<std::string>();
            if (!s) fail(line, "note must be a string");
            out_.note = *s;
        } else if (std::find(kTopKeys.begin(), kTopKeys.end(), key) != kTopKeys.end()) {
            out_.counts[key] = count(n, key);
        } else if (key == "by_status") {
            for (auto&& [status, c] : table(n, key)) out_.counts["by_status." + std::string(status.str())] = count(c, "by_status." + std::string(status.str()));
        } else if (key == "by_cause") {
            for (auto&& [cause, c] : table(n, key)) {
                sim::Cause parsed{};
                if (!sim::parse_cause(cause.str(), parsed))
                    fail(cause.source().begin.line, "unknown cause \"" + std::string(cause.str()) + "\" (causes are listed in presets/README.md, \"Causes\")");
                out_.counts["by_cause." + std::string(cause.str())] = count(c, "by_cause." + std::string(cause.str()));
            }
        } else if (key == "calls") {
            for (auto&& [number, statuses] : table(n, key)) {
                const std::string name(number.str());
                int call = 0;
                const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), call);
                if (ec != std::errc() || end != name.data() + name.size() || call < 1)
                    fail(number.source().begin.line, "calls are numbered from 1, as in the report; \"" + name + "\" is not a call number");
                for (auto&& [status, c] : table(statuses, "calls." + name)) {
                    const std::string flat = "calls." + name + "." + std::string(status.str());
                    out_.counts[flat] = count(c, flat);
                }
            }
        } else {
            fail(line, "unknown key \"" + key + "\" (allowed: " + std::string(kAllowedKeys) + ")");
        }
    }

    std::string path_;
    GoldenOutcome out_;
};

// ---- writing ----------------------------------------------------------------------------------

void write_group(std::ostringstream& out, const GoldenOutcome& g, std::string_view prefix, const std::vector<std::string>& order) {
    for (const std::string& key : order)
        if (key.starts_with(prefix)) out << toml_key(std::string_view(key).substr(prefix.size())) << " = " << g.counts.at(key) << '\n';
}

}  // namespace

GoldenOutcome golden_outcome(const sim::RunResult& run, GoldenScope scope) {
    GoldenOutcome g;
    g.scope = scope;
    g.counts["seed"] = static_cast<std::int64_t>(run.seed);
    g.counts["requests"] = static_cast<std::int64_t>(run.requests);
    for (const auto& [status, n] : run.by_status)
        if (n > 0) g.counts["by_status." + status] = static_cast<std::int64_t>(n);
    for (std::size_t i = 0; i < sim::kCauseCount; ++i)
        if (run.by_cause[i] > 0) g.counts["by_cause." + std::string(sim::to_string(static_cast<sim::Cause>(i)))] = static_cast<std::int64_t>(run.by_cause[i]);
    if (scope == GoldenScope::Counts) return g;
    g.counts["worker_timeouts"] = static_cast<std::int64_t>(run.worker_timeouts);
    g.counts["worker_boots"] = static_cast<std::int64_t>(run.worker_boots);
    g.counts["upstream_calls"] = static_cast<std::int64_t>(run.upstream_calls);
    g.counts["upstream_abandoned"] = static_cast<std::int64_t>(run.upstream_abandoned);
    for (const sim::CallRow& row : run.calls)
        for (const auto& [status, n] : row.by_status)
            if (n > 0) g.counts["calls." + std::to_string(row.call + 1) + "." + status] = static_cast<std::int64_t>(n);
    return g;
}

GoldenOutcome read_golden(const std::string& path) { return Reader(path).read(); }

std::string golden_text(const GoldenOutcome& g, std::string_view preset_file) {
    std::set<std::string> keys;
    for (const auto& [k, v] : g.counts) keys.insert(k);
    const std::vector<std::string> order = in_display_order(keys);
    std::ostringstream out;
    out << "# Expected outcome of " << preset_file << " with its own seed, checked by the golden_presets test.\n"
        << "# After an intended change, GATETUNE_UPDATE_GOLDEN=1 ctest --test-dir build/release -R golden_presets\n"
        << "# rewrites it; review the difference first (presets/README.md, \"Expected outcomes\").\n";
    out << "scope = \"" << scope_name(g.scope) << "\"\n";
    if (!g.note.empty()) out << "note = " << sim::quote_toml_string(g.note) << '\n';
    const std::size_t top = g.scope == GoldenScope::Full ? kTopKeys.size() : kCountsScopeTopKeys;
    for (std::size_t i = 0; i < kTopKeys.size(); ++i) {
        const auto it = g.counts.find(std::string(kTopKeys[i]));
        if (it != g.counts.end() || i < top) out << kTopKeys[i] << " = " << (it == g.counts.end() ? 0 : it->second) << '\n';
    }
    out << "\n[by_status]\n";
    write_group(out, g, "by_status.", order);
    out << "\n[by_cause]\n";
    write_group(out, g, "by_cause.", order);
    std::map<int, std::vector<std::string>> calls;  // call number → its "calls.N." keys, in order
    for (const std::string& key : order)
        if (const int n = call_number(key); n > 0) calls[n].push_back(key);
    if (calls.empty()) return out.str();
    out << "\n# Requests by status for each call of the session script, numbered from 1 as in the report.\n[calls]\n";
    for (const auto& [n, row] : calls) {
        const std::string prefix = "calls." + std::to_string(n) + ".";
        out << n << " = {";
        for (std::size_t i = 0; i < row.size(); ++i)
            out << (i ? ", " : " ") << toml_key(std::string_view(row[i]).substr(prefix.size())) << " = " << g.counts.at(row[i]);
        out << " }\n";
    }
    return out.str();
}

std::string golden_diff(const GoldenOutcome& expected, const GoldenOutcome& actual) {
    std::set<std::string> keys;
    for (const auto& [k, v] : expected.counts) keys.insert(k);
    for (const auto& [k, v] : actual.counts) keys.insert(k);
    const auto shown = [](const GoldenOutcome& g, const std::string& k) {
        const auto it = g.counts.find(k);
        return it == g.counts.end() ? std::string("-") : std::to_string(it->second);
    };
    const auto value = [](const GoldenOutcome& g, const std::string& k) {
        const auto it = g.counts.find(k);
        return it == g.counts.end() ? std::int64_t{0} : it->second;
    };
    sim::TextTable table({{"key"}, {"expected", sim::Align::Right}, {"actual", sim::Align::Right}});
    for (const std::string& k : in_display_order(keys))
        if (value(expected, k) != value(actual, k)) table.add_row({k, shown(expected, k), shown(actual, k)});
    return table.row_count() ? table.str() : std::string();
}

}  // namespace gatetune::testing
