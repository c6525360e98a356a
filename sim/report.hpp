#pragma once
// Reports of one run (RunResult) in three formats:
//   text — for people: aligned tables, per-call table, "Why requests failed" paragraphs;
//   json — for machines and for comparison with docs/reference-runs (same key shapes:
//          by_status, latency_s {n,min,p50,p90,p99,max}, per-call "200" / "500:<cause>" keys);
//   csv  — one row per request record.
// All three are deterministic: the same RunResult gives byte-identical output (std::map order,
// enum order, locale-independent fixed number formatting, no clocks or addresses).
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/run_result.hpp"

namespace gatetune::sim {

enum class ReportFormat { Text, Json, Csv };

// "text", "json" or "csv" (exact, lower case); false leaves `out` unchanged.
bool parse_report_format(std::string_view name, ReportFormat& out);
std::string_view to_string(ReportFormat f);

void write_report(std::ostream& out, const RunResult& r, ReportFormat format);
void write_text_report(std::ostream& out, const RunResult& r);
void write_csv_report(std::ostream& out, const RunResult& r);

// The JSON document (write_report dumps it with 2-space indent). Top-level keys: preset, seed,
// version, mode, summary, calls, explanations, requests, timeseries. Seconds are doubles rounded
// to whole microseconds. `calls[i].call` is 0-based like the reference runs' per_call_index;
// `timeseries.rows` is row-major: rows[i][c] is column c at t_s[i].
nlohmann::json report_json(const RunResult& r);
// Its parts, for writers that show a run piece by piece (the HTML report, sim/html): the same
// objects report_json puts under "summary", "calls", "explanations", each of "requests" and
// "timeseries".
nlohmann::json summary_json(const RunResult& r);
nlohmann::json calls_json(const RunResult& r);
nlohmann::json explanations_json(const RunResult& r);
nlohmann::json request_json(const RequestRecord& rec);
nlohmann::json timeseries_json(const engine::TimeSeries& ts);

// ---- Summary helpers (shared by the writers; usable by validation and the GUI) ----

// "200" for a success, "<status label>:<cause>" for a failure, e.g. "500:db_pool_timeout",
// "RemoteProtocolError:worker_killed" — the reference runs' per_call_index style, with our cause
// names in place of Python exception classes.
std::string outcome_key(const RequestRecord& r);

// Counts of outcome_key for one call row. Taken from r.records when they hold that call;
// otherwise derived from the row's own by_status/by_cause: a non-2xx label gets ":<cause>" only
// when the row has exactly one failing cause (else the plain label — no guessing).
std::map<std::string, std::uint64_t> call_outcomes(const RunResult& r, const CallRow& row);

// The most frequent non-"ok" cause name of a call row ("" when nothing failed); ties go to the
// name that sorts first.
std::string main_failing_cause(const CallRow& row);

// "200×38 500×2" (map order).
std::string format_counts(const std::map<std::string, std::uint64_t>& counts);

// Latency statistics in seconds: {n, min, p50, p90, p99, max, mean}.
nlohmann::json latency_json(const engine::LatencyHistogram& h);

// ---- Formatting helpers (locale-independent: a Qt app's setlocale must not turn "1.5" into
// "1,5") ----

// Fixed notation with `decimals` digits after the point.
std::string format_fixed(double value, int decimals);
// Microseconds as seconds with `decimals` digits (4 by default: 0.1 ms).
std::string format_seconds(SimTime t, int decimals = 4);
// A duration in (fractional) microseconds, e.g. a histogram mean, as seconds rounded to whole
// microseconds — the resolution of simulated time.
double rounded_seconds(double microseconds);
// RFC 4180: quoted (with "" for ") when the field holds a comma, quote, CR or LF.
std::string csv_field(std::string_view field);

}  // namespace gatetune::sim
