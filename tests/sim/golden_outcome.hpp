#pragma once
// A shipped preset's expected outcome: presets/…/NAME.expected beside NAME.toml, the way SimGrid's
// examples carry their expected output and DuckDB's tests their expected results. It pins counts
// the simulator decides exactly for the preset's own seed — requests by status and by cause and,
// at the full scope, gunicorn's worker timeouts and boots, the upstream calls and the per-call
// pattern of a scripted session — as one flat map ("by_status.500", "calls.2.ReadError", …) read
// from and written to a small TOML file. (presets/README.md, "Expected outcomes".)
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sim/run_result.hpp"

namespace gatetune::testing {

// What an expectation pins. Counts: requests by status and by cause (large presets, whose
// aggregate is the point). Full: also worker timeouts and boots, upstream calls and abandoned
// calls, and requests by status for every call of the session script.
enum class GoldenScope { Counts, Full };

struct GoldenOutcome {
    GoldenScope scope = GoldenScope::Full;
    std::string note;                            // free text; kept when the file is rewritten
    std::map<std::string, std::int64_t> counts;  // flat key → count; an absent key counts 0
};

// What a run shows at `scope`.
GoldenOutcome golden_outcome(const sim::RunResult& run, GoldenScope scope);

// The scope a new expectation gets: counts only for runs of more than this many requests.
inline constexpr std::uint64_t kFullScopeMaxRequests = 1000;

// Reads an expectation file. Throws std::runtime_error "FILE:LINE: what is wrong (what is
// allowed)" for a file that is not TOML or holds a key, type or cause the format does not have.
GoldenOutcome read_golden(const std::string& path);

// The file's text: a header saying what it is and how to rewrite it, then the counts grouped as
// read_golden expects them. `preset_file` is the preset's file name, for the header.
std::string golden_text(const GoldenOutcome& outcome, std::string_view preset_file);

// An aligned table of every key whose count differs (key, expected, actual; "-" for absent);
// empty when the two agree.
std::string golden_diff(const GoldenOutcome& expected, const GoldenOutcome& actual);

}  // namespace gatetune::testing
