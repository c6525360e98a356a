// The request waterfall of the desktop app (ui/waterfall_view.cpp) for the page: one row per
// request in sending order, its phases in path order, failures marked by cause, and what the
// hover shows (the cause's meaning and its explanation sentence). Rows are the JSON report's
// request objects (sim/report.hpp: request_json).
#include <algorithm>
#include <array>
#include <cstdio>
#include <unordered_set>

#include "sim/html/run_sections.hpp"
#include "sim/phase_palette.hpp"
#include "sim/report.hpp"

namespace gatetune::sim::html {
namespace {

using nlohmann::json;

std::string css_colour(std::uint32_t rgb) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%06x", static_cast<unsigned>(rgb & 0xffffffu));
    return buf;
}

// Failure marks: warm and purple hues, distinct from each other and readable on white.
std::string cause_colour(Cause c) {
    static constexpr std::array<std::uint32_t, 10> colours{0xd62728, 0xe6550d, 0x9c27b0, 0xc2185b, 0x8c564b,
                                                           0xff9800, 0x6a1b9a, 0xb71c1c, 0xf06292, 0x795548};
    if (c == Cause::Ok) return css_colour(0x2ca02c);
    return css_colour(colours[(static_cast<std::size_t>(c) - 1) % colours.size()]);
}

// `take` of `items`, evenly spaced (the first always among them).
std::vector<std::size_t> evenly(const std::vector<std::size_t>& items, std::size_t take) {
    if (take >= items.size()) return items;
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < take; ++i) out.push_back(items[i * items.size() / take]);
    return out;
}

struct Choice {
    std::vector<std::size_t> records;  // indices into r.records, in sending order
    std::string note;                  // "" when every record is shown
};

Choice choose(const RunResult& r, std::size_t cap) {
    std::vector<std::size_t> order(r.records.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto by_start = [&](std::size_t a, std::size_t b) {
        const RequestRecord &x = r.records[a], &y = r.records[b];
        return x.start != y.start ? x.start < y.start : x.id < y.id;
    };
    std::sort(order.begin(), order.end(), by_start);
    if (order.size() <= cap) return {order, ""};

    std::unordered_set<std::uint64_t> explained_ids;
    for (const Explanation& e : r.explanations) explained_ids.insert(e.request_id);
    std::vector<std::size_t> explained, failures, successes;
    for (const std::size_t i : order) {
        const RequestRecord& rec = r.records[i];
        if (explained_ids.contains(rec.id) && explained.size() < cap) explained.push_back(i);
        else (rec.ok() ? successes : failures).push_back(i);
    }
    // Failures are what the reader came for, but successes keep at least half of the rest, so
    // the page still shows what a normal request looked like.
    const std::size_t rest = cap - explained.size();
    const std::size_t fail_take = std::min(failures.size(), rest - std::min(successes.size(), rest / 2));
    const std::size_t ok_take = std::min(successes.size(), rest - fail_take);
    Choice c{explained, ""};
    for (const auto& part : {evenly(failures, fail_take), evenly(successes, ok_take)}) c.records.insert(c.records.end(), part.begin(), part.end());
    std::sort(c.records.begin(), c.records.end(), by_start);
    c.note = "Showing " + count_text(c.records.size()) + " of " + count_text(r.records.size()) + " requests: " +
             (explained.empty() ? "" : "the " + count_text(explained.size()) + " explained below, ") + count_text(fail_take) + " of " +
             count_text(failures.size()) + " other failures and " + count_text(ok_take) + " of " + count_text(successes.size()) +
             " successes, evenly spaced in sending order.";
    return c;
}

json legend(const RunResult& r, const std::vector<std::size_t>& shown) {
    json phases = json::array();
    for (std::size_t p = 0; p < kPhaseCount; ++p) {
        const auto phase = static_cast<Phase>(p);
        phases.push_back({{"name", to_string(phase)}, {"colour", css_colour(phase_colour(phase))}});
    }
    std::array<bool, kCauseCount> seen{};
    for (const std::size_t i : shown) seen[static_cast<std::size_t>(r.records[i].cause)] = true;
    json causes = json::object();
    for (std::size_t c = 0; c < kCauseCount; ++c) {
        if (!seen[c]) continue;
        const auto cause = static_cast<Cause>(c);
        json entry = {{"summary", info(cause).summary}, {"colour", cause_colour(cause)}};
        for (const Explanation& e : r.explanations) {
            if (e.cause == cause) entry.update({{"explanation", e.sentence}, {"explained_request", e.request_id}});
        }
        causes[std::string(to_string(cause))] = std::move(entry);
    }
    return {{"phases", std::move(phases)}, {"causes", std::move(causes)}};
}

}  // namespace

Section waterfall_section(const RunResult& r, const std::string& id, const Limits& limits) {
    Section s{id + "-waterfall", "Request waterfall", "waterfall", json::object(), {}, Tone::None, {}};
    if (r.records.empty()) {
        s.data = {{"requests", json::array()}, {"total_requests", r.requests}};
        s.notes.push_back("This run kept no per-request records (simulation.record_requests = false, or --no-requests), so "
                          "there is no waterfall.");
        return s;
    }
    const Choice choice = choose(r, limits.waterfall_rows);
    json rows = json::array();
    SimTime t0 = r.records[choice.records.front()].start, t1 = t0;
    for (const std::size_t i : choice.records) {
        rows.push_back(request_json(r.records[i]));
        t0 = std::min(t0, r.records[i].start);
        t1 = std::max(t1, r.records[i].end);
    }
    s.data = legend(r, choice.records);
    s.data.update({{"requests", std::move(rows)},
                   {"total_requests", r.records.size()},
                   {"t0_s", engine::to_seconds(t0)},
                   {"t1_s", engine::to_seconds(t1)}});
    if (!choice.note.empty()) s.notes.push_back(choice.note);
    return s;
}

}  // namespace gatetune::sim::html
