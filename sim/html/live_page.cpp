#include "sim/html/reports.hpp"
#include "sim/report.hpp"

namespace gatetune::sim::html {
namespace {

using nlohmann::json;

// A compared value (comparison_json's {name, left, right, ...}) as a row: both values, the
// difference and the relative change.
void add_compared(Table& t, const std::string& group, const json& v, int decimals) {
    const json& relative = v.at("relative");
    t.add_row({group, v.at("name").get<std::string>(), format_fixed(v.at("left").get<double>(), decimals),
               format_fixed(v.at("right").get<double>(), decimals), format_fixed(v.at("difference").get<double>(), decimals),
               relative.is_null() ? "-" : percent_text(relative.get<double>())});
}

Section comparison_section(const LiveReport& report) {
    const json c = comparison_json(report.comparison);
    const std::string left = c.at("left").at("label").get<std::string>(), right = c.at("right").at("label").get<std::string>();
    Table t({{"what"}, {"value"}, {left, true}, {right, true}, {"difference", true}, {"relative", true}});
    t.add_row({"requests", "", count_text(c.at("left").at("requests").get<std::uint64_t>()),
               count_text(c.at("right").at("requests").get<std::uint64_t>())});
    t.add_row({"error rate", "", percent_text(c.at("left").at("error_rate").get<double>(), 2),
               percent_text(c.at("right").at("error_rate").get<double>(), 2)});
    for (const json& v : c.at("by_status")) add_compared(t, "status", v, 0);
    for (const json& v : c.at("by_cause")) add_compared(t, "cause", v, 0);
    for (const json& v : c.at("latency_s")) add_compared(t, "latency (s)", v, 4);
    return table_section("live-comparison", "Simulated and live, value by value", t);
}

Section agreement_section(const LiveReport& report) {
    std::vector<std::string> lines;
    if (report.agreement.agrees) lines.push_back("The live run agrees with the simulation.");
    else lines.push_back("The live run differs from the simulation:");
    for (const std::string& r : report.agreement.reasons) lines.push_back(r);
    lines.push_back("Worker timeouts: simulated " + std::to_string(report.simulated.worker_timeouts) + ", live " +
                    std::to_string(report.live.worker_timeouts) + ".");
    Section s = text_section("live-agreement", "Verdict", std::move(lines));
    s.tone = report.agreement.agrees ? Tone::Pass : Tone::Fail;
    return s;
}

// Sections of the same chart for both runs, titled by run, side by side; a chart only one run
// has (the live load generator sees no pools) stands alone. Ids differ only in their first part
// ("sim-series-ends", "live-series-ends").
void add_side_by_side(Page& page, std::vector<Section> sim, std::vector<Section> live) {
    const auto tail = [](const Section& s) {
        const std::size_t dash = s.id.find('-');
        return dash == std::string::npos ? std::string() : s.id.substr(dash);
    };
    for (Section& s : sim) {
        const std::string title = s.title, id = "both" + tail(s);
        std::vector<Section> pair;
        for (Section& l : live) {
            if (l.id.empty() || tail(l) != tail(s)) continue;  // empty: already paired
            l.title = "Live";
            pair.push_back(std::move(l));
            break;
        }
        s.title = "Simulated";
        pair.insert(pair.begin(), std::move(s));
        page.add(row_section(id, title, std::move(pair)));
    }
}

}  // namespace

Page live_page(const LiveReport& report, const PresetSource& preset, const Limits& limits) {
    Page page("live", "gatetune live: " + preset.name);
    page.add_fact({"verdict", report.agreement.agrees ? "agrees" : "differs", report.agreement.agrees ? Tone::Pass : Tone::Fail});
    page.add_fact({"time scale", format_fixed(report.time_scale, 3)});
    page.add_fact({"requests (simulated / live)", count_text(report.simulated.requests) + " / " + count_text(report.live.requests)});
    page.add_fact({"error rate (simulated / live)",
                   percent_text(report.simulated.error_rate(), 2) + " / " + percent_text(report.live.error_rate(), 2)});
    page.add(agreement_section(report));
    page.add(comparison_section(report));
    page.add(latency_cdf_section("live-latency-cdf", "Latency CDF, all requests",
                                 {{"simulated", &report.simulated.latency}, {"live", &report.live.latency}}, limits));
    add_side_by_side(page, series_sections(report.simulated, "sim", limits), series_sections(report.live, "live", limits));
    add_side_by_side(page, {waterfall_section(report.simulated, "sim", limits)}, {waterfall_section(report.live, "live", limits)});
    auto sim_calls = calls_section(report.simulated, "sim");
    auto live_calls = calls_section(report.live, "live");
    if (sim_calls && live_calls) add_side_by_side(page, {std::move(*sim_calls)}, {std::move(*live_calls)});
    if (auto why = explanations_section(report.simulated, "sim")) {
        why->title = "Why requests failed in the simulation";
        page.add(std::move(*why));
    }
    page.add_preset(preset);
    page.set_seeds({report.simulated.seed});
    return page;
}

}  // namespace gatetune::sim::html
