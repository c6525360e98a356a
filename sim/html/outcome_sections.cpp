// The run's counts, peaks, per-call table and explanations: the text report's tables
// (sim/report_text.cpp), read from the JSON report's objects.
#include <string>

#include "sim/html/run_sections.hpp"
#include "sim/metric_names.hpp"
#include "sim/report.hpp"

namespace gatetune::sim::html {
namespace {

using nlohmann::json;

double share(std::uint64_t part, std::uint64_t whole) {
    return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

Cell share_cell(std::uint64_t part, std::uint64_t whole) {
    Cell c(percent_text(share(part, whole)));
    c.bar = share(part, whole);
    return c;
}

Section status_table(const json& summary, std::uint64_t requests, const std::string& id) {
    Table t({{"status"}, {"requests", true}, {"share", true}});
    for (const auto& [label, n] : summary.at("by_status").items()) {
        const auto count = n.get<std::uint64_t>();
        t.add_row({Cell(label, label == "200" ? Tone::Pass : Tone::Fail), count_text(count), share_cell(count, requests)});
    }
    return table_section(id + "-by-status", "Requests by status", t);
}

Section cause_table(const RunResult& r, const std::string& id) {
    Table t({{"cause"}, {"requests", true}, {"share", true}, {"meaning"}});
    for (std::size_t i = 0; i < kCauseCount; ++i) {
        if (r.by_cause[i] == 0) continue;
        const CauseInfo& ci = info(static_cast<Cause>(i));
        t.add_row({Cell(std::string(ci.name), i == 0 ? Tone::Pass : Tone::Fail), count_text(r.by_cause[i]),
                   share_cell(r.by_cause[i], r.requests), std::string(ci.summary)});
    }
    return table_section(id + "-by-cause", "Requests by cause", t);
}

Section peaks_table(const json& summary, const std::string& id) {
    const json& p = summary.at("peaks");
    const auto peak = [&p](Metric m) -> const json& { return p.at(std::string(peak_name(m))); };
    std::string per_worker;
    for (const auto& n : peak(Metric::DbCheckedOut)) {
        if (!per_worker.empty()) per_worker += ' ';
        per_worker += n.dump();
    }
    const auto number = [](const json& j) { return count_text(j.get<std::uint64_t>()); };
    Table t({{"peak or counter"}, {"value", true}});
    t.add_row({"requests in flight", number(peak(Metric::InFlight))});
    t.add_row({"DB connections open (server)", number(peak(Metric::DbConnections))});
    t.add_row({"DB connections checked out, per worker", per_worker.empty() ? "-" : per_worker});
    t.add_row({"DB pool waiters", number(peak(Metric::DbWaiting))});
    t.add_row({"HTTP connections to the upstream", number(peak(Metric::HttpConnections))});
    t.add_row({"upstream generations at once", number(peak(Metric::UpstreamActive))});
    t.add_row({"upstream queue", number(peak(Metric::UpstreamQueue))});
    t.add_row({"worker timeouts (WORKER TIMEOUT)", number(summary.at("worker_timeouts"))});
    t.add_row({"worker boots", number(summary.at("worker_boots"))});
    t.add_row({"upstream calls", number(summary.at("upstream_calls"))});
    t.add_row({"upstream calls abandoned by their caller", number(summary.at("upstream_abandoned"))});
    return table_section(id + "-peaks", "Peaks and counters", t);
}

std::string cause_summary(const std::string& name) {
    Cause c{};
    return parse_cause(name, c) ? std::string(info(c).summary) : std::string();
}

std::string outcomes_text(const json& by_status) {
    std::string out;
    for (const auto& [key, n] : by_status.items()) out += (out.empty() ? "" : " ") + key + "×" + n.dump();
    return out;
}

}  // namespace

std::string count_text(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string percent_text(double share, int decimals) { return format_fixed(100.0 * share, decimals) + " %"; }

std::string seconds_text(double seconds) { return format_fixed(seconds, 4) + " s"; }

std::vector<Fact> run_facts(const RunResult& r) {
    return {{"requests", count_text(r.requests)},
            {"error rate", percent_text(r.error_rate(), 2), r.error_rate() > 0 ? Tone::Fail : Tone::Pass},
            {"p50", seconds_text(engine::to_seconds(r.latency.percentile(50)))},
            {"p99", seconds_text(engine::to_seconds(r.latency.percentile(99)))},
            {"throughput", format_fixed(r.throughput(), 2) + " requests/s"},
            {r.mode == "live" ? "wall time" : "simulated time", format_seconds(r.duration, 3) + " s"}};
}

Section outcomes_section(const RunResult& r, const std::string& id) {
    const json summary = summary_json(r);
    return row_section(id + "-outcomes", "Outcomes",
                       {status_table(summary, r.requests, id), peaks_table(summary, id), cause_table(r, id)});
}

std::optional<Section> calls_section(const RunResult& r, const std::string& id) {
    if (r.calls.empty()) return std::nullopt;
    Table t({{"call", true}, {"input tokens", true}, {"output tokens", true}, {"cumulative tokens", true},
             {"requests", true}, {"outcomes"}, {"p50", true}, {"p99", true}, {"main failing cause"}});
    for (const json& row : calls_json(r)) {
        const std::string cause = row.at("main_failing_cause").get<std::string>();
        const json& latency = row.at("latency_s");
        const bool ran = latency.at("n").get<std::uint64_t>() != 0;
        t.add_row({std::to_string(row.at("call").get<int>() + 1),  // 1-based for people, as in the text report
                   count_text(row.at("input_tokens").get<std::uint64_t>()), count_text(row.at("output_tokens").get<std::uint64_t>()),
                   count_text(row.at("cumulative_tokens").get<std::uint64_t>()), count_text(row.at("requests").get<std::uint64_t>()),
                   outcomes_text(row.at("by_status")), ran ? seconds_text(latency.at("p50").get<double>()) : "-",
                   ran ? seconds_text(latency.at("p99").get<double>()) : "-",
                   cause.empty() ? Cell("-", Tone::Pass) : Cell(cause, Tone::Fail, cause_summary(cause))});
    }
    Section s = table_section(id + "-calls", "Per call of the session script", t);
    s.notes.push_back("Outcomes are 200 or status:cause, counted over every user and repeat.");
    return s;
}

std::optional<Section> explanations_section(const RunResult& r, const std::string& id) {
    if (r.explanations.empty()) return std::nullopt;
    std::vector<std::string> paragraphs;
    for (const json& e : explanations_json(r)) {
        paragraphs.push_back(e.at("cause").get<std::string>() + " (first seen in request " + e.at("request_id").dump() +
                             "): " + e.at("sentence").get<std::string>());
    }
    return text_section(id + "-why", "Why requests failed", std::move(paragraphs));
}

}  // namespace gatetune::sim::html
