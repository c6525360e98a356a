#pragma once
// Preset files (TOML) in and out, and `--set table.key=value` overrides. Every key is read
// through the schema (sim/preset/config_schema.hpp); every mistake is reported with file:line:column,
// the key, what is wrong and what is allowed — all mistakes of a file at once, nothing runs.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/config.hpp"
#include "sim/preset/config_schema.hpp"

namespace gatetune::sim {

struct PresetIssue {
    std::string file;     // the path as given; "--set" for overrides; "" when unknown
    int line = 0;         // 1-based; 0 when the problem has no single place (e.g. a missing key)
    int column = 0;
    std::string key;      // dotted key ("db_pool.pool_size"); "" for TOML syntax errors
    std::string message;  // what is wrong and what is allowed

    // "presets/x.toml:12:1: db_pool.pool_size: -3 is out of range (allowed: integer 0 to 10000)";
    // the place and the key are left out when unknown.
    std::string to_string() const;
};

class PresetError : public std::runtime_error {
public:
    explicit PresetError(std::vector<PresetIssue> issues);  // at least one issue
    // In file order; what() lists them all, one per line.
    const std::vector<PresetIssue>& issues() const noexcept { return issues_; }
    // The first issue's parts.
    const std::string& file() const noexcept { return issues_.front().file; }
    int line() const noexcept { return issues_.front().line; }
    int column() const noexcept { return issues_.front().column; }
    const std::string& key() const noexcept { return issues_.front().key; }
    const std::string& message() const noexcept { return issues_.front().message; }

private:
    std::vector<PresetIssue> issues_;
};

// Reads and validates a preset; `name` defaults to the file name without extension. A relative
// workload.trace is resolved against the preset's directory ("traces/burst.csv" in
// presets/x.toml → "presets/traces/burst.csv"), so the simulator can open it from the current
// directory; write_preset(…, preset_path) turns it back into what the file said.
Config load_preset(const std::string& path);
// The same, with `--set` overrides applied (in order) before the cross-key checks, so an override
// may complete a preset that is incomplete on its own (e.g. supply workload.calls).
Config load_preset(const std::string& path, const std::vector<std::string>& overrides);
// source_name is used in messages and for the default name, and taken as the file's path for
// resolving workload.trace (a name without a directory, such as "gui", leaves it as written).
Config parse_preset(std::string_view text, const std::string& source_name);

// `table.key=value`: value is a TOML value (5, 2.5, true, "x", [[1, 2]], { dist = … }); a bare
// word is taken as a string for enum and string keys; `none` unsets an optional key;
// `slo.max_cause_rate.<cause>=share` sets one entry. Throws PresetError (file "--set"). Does not
// run the cross-key checks: call check_config() once all overrides are in.
void apply_override(Config& config, std::string_view assignment);
// One value in TOML text (the right-hand side of an override), checked against the key's type,
// range and allowed values — for editors. Throws PresetError.
Value parse_value(const KeySpec& spec, std::string_view toml_text);
// The rules that involve several keys (workload has calls or token distributions, or kind = "trace"
// with a trace file that opens; PostgreSQL's superuser_reserved_connections < max_connections;
// slo.p50 ≤ slo.p99). Throws PresetError.
void check_config(const Config& config, const std::string& source_name);

// A commented TOML preset that parses back to an equal Config: keys that differ from the
// defaults (all keys with all_keys), table by table in schema order; `name` and `description`
// whenever set. Unset optional keys and convenience keys are never written. preset_path is where
// the text will be saved: workload.trace is written relative to its directory (as load_preset
// reads it back); "" writes the path as stored (relative to the current directory, or absolute).
std::string write_preset(const Config& config, bool all_keys = false, const std::string& preset_path = "");
// The keys (convenience keys excluded) whose values differ between the two configs.
std::vector<const KeySpec*> changed_keys(const Config& config, const Config& base = Config{});

}  // namespace gatetune::sim
