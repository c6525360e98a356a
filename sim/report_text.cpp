// The text report: what happened and why, for people, in aligned tables. Sections appear in the
// order a reader asks: how much failed, how, how slow, which resource ran out, which call of the
// session, and finally the explanation in words.
#include <string>

#include "sim/report.hpp"
#include "sim/text_table.hpp"

namespace gatetune::sim {
namespace {

constexpr std::size_t kWrapWidth = 100;

std::string count(std::uint64_t n) { return std::to_string(n); }
std::string count(std::int64_t n) { return std::to_string(n); }

std::string percent(std::uint64_t part, std::uint64_t whole) {
    if (whole == 0) return "-";
    return format_fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1);
}

void section(std::ostream& out, std::string_view title) { out << '\n' << title << '\n'; }

void write_header(std::ostream& out, const RunResult& r) {
    out << "Gatetune report: preset " << (r.preset.empty() ? "(unnamed)" : r.preset) << ", seed "
        << count(r.seed) << ", version " << r.version << ", " << r.mode << ", "
        << format_seconds(r.duration, 3) << " s " << (r.mode == "live" ? "wall time" : "simulated")
        << '\n';
}

void write_summary(std::ostream& out, const RunResult& r) {
    section(out, "Summary");
    TextTable t({{"", Align::Left}, {"", Align::Right}});
    t.add_row({"requests", count(r.requests)});
    t.add_row({std::string(to_string(Cause::Ok)), count(r.by_cause[0])});
    t.add_row({"throughput (req/s)", format_fixed(r.throughput(), 2)});
    t.add_row({"error rate (%)", format_fixed(100.0 * r.error_rate(), 1)});
    t.write(out);
}

void write_status_and_cause(std::ostream& out, const RunResult& r) {
    section(out, "Requests by status");
    TextTable st({{"status", Align::Left}, {"requests", Align::Right}, {"%", Align::Right}});
    for (const auto& [label, n] : r.by_status) st.add_row({label, count(n), percent(n, r.requests)});
    st.write(out);

    section(out, "Requests by cause");
    TextTable ct({{"cause", Align::Left}, {"requests", Align::Right}, {"%", Align::Right}});
    std::string meanings;  // below the table: the summaries are too long for a column
    for (std::size_t i = 0; i < kCauseCount; ++i) {
        if (r.by_cause[i] == 0) continue;
        const CauseInfo& ci = info(static_cast<Cause>(i));
        ct.add_row({std::string(ci.name), count(r.by_cause[i]), percent(r.by_cause[i], r.requests)});
        if (static_cast<Cause>(i) != Cause::Ok) {
            meanings += wrap_text(std::string(ci.name) + ": " + std::string(ci.summary), kWrapWidth, "  ", 4);
        }
    }
    ct.write(out);
    if (!meanings.empty()) out << '\n' << meanings;
}

void add_latency_row(TextTable& t, const std::string& label, const engine::LatencyHistogram& h) {
    t.add_row({label, count(h.count()), format_seconds(h.percentile(50)), format_seconds(h.percentile(90)),
               format_seconds(h.percentile(99)), format_seconds(h.max()),
               format_fixed(rounded_seconds(h.mean()), 4)});
}

void write_latency(std::ostream& out, const RunResult& r) {
    section(out, "Latency (s)");
    TextTable t({{"status", Align::Left},
                 {"n", Align::Right},
                 {"p50", Align::Right},
                 {"p90", Align::Right},
                 {"p99", Align::Right},
                 {"max", Align::Right},
                 {"mean", Align::Right}});
    add_latency_row(t, "all", r.latency);
    for (const auto& [label, h] : r.latency_by_status) add_latency_row(t, label, h);
    t.write(out);
}

void write_peaks(std::ostream& out, const RunResult& r) {
    section(out, "Peaks and counters");
    const Peaks& p = r.peaks;
    std::string per_worker;
    for (const std::int64_t n : p.db_checked_out_per_worker) {
        if (!per_worker.empty()) per_worker += ' ';
        per_worker += count(n);
    }
    TextTable t({{"what", Align::Left}, {"value", Align::Right}});
    t.add_row({"requests in flight", count(p.in_flight)});
    t.add_row({"DB connections open (server)", count(p.db_connections_total)});
    t.add_row({"DB checked out, per worker", per_worker.empty() ? "-" : per_worker});
    t.add_row({"DB pool waiters", count(p.db_waiting)});
    t.add_row({"HTTP connections to upstream", count(p.http_connections)});
    t.add_row({"upstream generations active", count(p.upstream_active)});
    t.add_row({"upstream queue", count(p.upstream_queue)});
    t.add_rule();
    t.add_row({"worker timeouts (WORKER TIMEOUT)", count(r.worker_timeouts)});
    t.add_row({"worker boots", count(r.worker_boots)});
    t.add_row({"upstream calls", count(r.upstream_calls)});
    t.add_row({"upstream calls abandoned by caller", count(r.upstream_abandoned)});
    t.add_row({"engine events", count(r.engine_events)});
    t.write(out);
}

void write_calls(std::ostream& out, const RunResult& r) {
    if (r.calls.empty()) return;
    section(out, "Per call of the session script");
    TextTable t({{"call", Align::Right},
                 {"input", Align::Right},
                 {"output", Align::Right},
                 {"cumulative", Align::Right},
                 {"requests", Align::Right},
                 {"statuses", Align::Left},
                 {"p50 s", Align::Right},
                 {"main failing cause", Align::Left}});
    for (const CallRow& row : r.calls) {
        const std::string cause = main_failing_cause(row);
        t.add_row({std::to_string(row.call + 1),  // 1-based for people
                   std::to_string(row.input_tokens), std::to_string(row.output_tokens),
                   count(row.cumulative_tokens), count(row.requests), format_counts(row.by_status),
                   row.latency.empty() ? "-" : format_seconds(row.latency.percentile(50)),
                   cause.empty() ? "-" : cause});
    }
    t.write(out);
}

void write_explanations(std::ostream& out, const RunResult& r) {
    if (r.explanations.empty()) return;
    section(out, "Why requests failed");
    bool first = true;
    for (const Explanation& e : r.explanations) {
        if (!first) out << '\n';
        first = false;
        const std::string paragraph = std::string(to_string(e.cause)) + " (first seen in request " +
                                      std::to_string(e.request_id) + "): " + e.sentence;
        out << wrap_text(paragraph, kWrapWidth, "  ");
    }
}

}  // namespace

void write_text_report(std::ostream& out, const RunResult& r) {
    write_header(out, r);
    write_summary(out, r);
    write_status_and_cause(out, r);
    write_latency(out, r);
    write_peaks(out, r);
    write_calls(out, r);
    write_explanations(out, r);
}

}  // namespace gatetune::sim
