// gatetune calibrate --html: the goodness of fit shown rather than assumed — per fitted quantity
// the data's CDF against each candidate family's and a QQ plot, beside the table of KS distances —
// then the reproduce check and what the logs cannot identify.
#include "sim/calibration/calibration_report.hpp"
#include "sim/html/reports.hpp"
#include "sim/report.hpp"

namespace gatetune::sim::html {

namespace cal = calibration;

namespace {

using nlohmann::json;

std::string ks_text(double ks) { return format_fixed(ks, 4); }

Table fits_table(const std::vector<cal::FittedQuantity>& quantities) {
    Table t({{"quantity"}, {"family"}, {"parameters"}, {"log-lik/value", true}, {"KS", true}, {"KS 1 % critical", true}, {""}});
    for (const cal::FittedQuantity& q : quantities) {
        if (!q.fit) {
            t.add_row({q.label, "—", "too few values to fit"});
            continue;
        }
        bool first = true;
        for (const cal::FamilyFit& f : q.fit->candidates) {
            const bool chosen = !q.fit->empirical && f.distribution == q.fit->chosen;
            const bool passes = f.ks <= q.fit->ks_critical;
            t.add_row({first ? q.label : "", std::string(f.distribution.kind_name()), cal::short_describe(f.distribution),
                       format_fixed(f.log_likelihood, 5),
                       Cell(ks_text(f.ks), passes ? Tone::Pass : Tone::Fail,
                            passes ? "within the KS test's 1 % critical value" : "beyond the KS test's 1 % critical value: the family is rejected"),
                       ks_text(q.fit->ks_critical), chosen ? Cell("chosen", Tone::Pass) : Cell("")});
            first = false;
        }
        if (q.fit->empirical) {
            t.add_row({first ? q.label : "", "empirical", cal::short_describe(q.fit->chosen), "", ks_text(q.fit->chosen_ks), ks_text(q.fit->ks_critical),
                       Cell("chosen", Tone::Warn, "no family passes the KS test: the data's percentiles are used")});
        }
    }
    return t;
}

// The data's CDF (steps) and each family's (dashed), at the sample's quantiles.
Section cdf_plot(const cal::FittedQuantity& q) {
    const cal::FitPoints& p = q.fit->points;
    json series = json::array();
    json data_points = json::array();
    for (std::size_t k = 0; k < p.x.size(); ++k) {
        if (k > 0 && p.x[k] == p.x[k - 1]) continue;  // a repeated value: one step
        data_points.push_back({p.x[k], p.data_cdf[k]});
    }
    series.push_back({{"label", "data"}, {"points", std::move(data_points)}});
    for (std::size_t c = 0; c < q.fit->candidates.size(); ++c) {
        json pts = json::array();
        for (std::size_t k = 0; k < p.x.size(); ++k) {
            if (k > 0 && p.x[k] == p.x[k - 1]) continue;
            pts.push_back({p.x[k], p.family_cdf[c][k]});
        }
        const cal::FamilyFit& f = q.fit->candidates[c];
        series.push_back({{"label", std::string(f.distribution.kind_name()) + " (KS " + ks_text(f.ks) + ")"}, {"points", std::move(pts)}, {"smooth", true}});
    }
    return Section{"calibrate-fit-" + q.id + "-cdf", "CDF: data against each family", "cdf",
                   {{"x_label", q.label}, {"unit", q.unit}, {"y_label", "share of values at or below"}, {"series", std::move(series)}}, {}, Tone::None, {}};
}

// Per family: the data's quantile against the family's at the same probability.
Section qq_plot(const cal::FittedQuantity& q) {
    const cal::FitPoints& p = q.fit->points;
    json series = json::array();
    for (std::size_t c = 0; c < q.fit->candidates.size(); ++c) {
        json pts = json::array();
        for (std::size_t k = 0; k < p.x.size(); ++k) pts.push_back({p.family_quantile[c][k], p.x[k]});
        series.push_back({{"label", std::string(q.fit->candidates[c].distribution.kind_name())}, {"points", std::move(pts)}});
    }
    return Section{"calibrate-fit-" + q.id + "-qq", "QQ: data's quantiles against each family's", "qq",
                   {{"unit", q.unit}, {"series", std::move(series)}}, {}, Tone::None, {}};
}

Table reproduce_table(const cal::ReproduceCheck& check) {
    Table t({{"quantity"}, {"logs", true}, {"calibrated", true}, {"difference", true}, {"within", true}, {""}});
    auto shown = [](const cal::ReproduceRow& r, double v) { return r.is_share ? format_fixed(100 * v, 1) + " %" : format_fixed(v, 3) + " s"; };
    for (const cal::ReproduceRow& row : check.rows) {
        const double diff = row.simulated - row.logs;
        t.add_row({row.quantity, shown(row, row.logs), shown(row, row.simulated),
                   row.is_share ? format_fixed(100 * diff, 1) + " pt" : (row.logs > 0 ? format_fixed(100 * diff / row.logs, 1) + " %" : "—"),
                   shown(row, row.tolerance), row.pass() ? Cell("ok", Tone::Pass) : Cell("MISS", Tone::Fail)});
    }
    return t;
}

}  // namespace

Page calibrate_page(const cal::CalibrationReport& r, const PresetSource& preset) {
    const cal::Calibration& c = r.calibration;
    Page page("calibrate", "gatetune calibrate: " + preset.name);
    std::string sources;
    for (std::size_t i = 0; i < c.files.size(); ++i) sources += (i ? ", " : "") + c.files[i] + " (" + std::string(cal::to_string(c.reads[i].format)) + ")";
    page.add_fact({"requests", count_text(c.requests) + " from " + sources});
    if (c.bad_lines() > 0) page.add_fact({"unreadable lines", count_text(c.bad_lines()) + " of " + count_text(c.lines()) + " (left out)", Tone::Warn});
    page.add_fact({"reproduce check", r.check.pass() ? "within 10 %" : "NOT within 10 %", r.check.pass() ? Tone::Pass : Tone::Fail});
    page.add_fact({"preset", r.preset_path});

    const std::vector<cal::FittedQuantity> quantities = cal::fitted_quantities(c);
    page.add(table_section("calibrate-fits", "Distribution fits (maximum likelihood; KS = largest gap between fitted and data CDF)",
                           fits_table(quantities)));
    for (const cal::FittedQuantity& q : quantities) {
        if (!q.fit || q.fit->candidates.empty()) continue;
        Section s = row_section("calibrate-fit-" + q.id, q.label, {cdf_plot(q), qq_plot(q)});
        s.notes.push_back("At " + std::to_string(q.fit->points.x.size()) + " quantiles of " + count_text(q.fit->sample) +
                          " values; KS 1 % critical value " + ks_text(q.fit->ks_critical) + ".");
        if (q.fit->empirical) {
            s.notes.push_back("No family passes the KS test: the preset uses the data's percentiles.");
            s.tone = Tone::Warn;
        }
        page.add(std::move(s));
    }
    Section check = table_section("calibrate-reproduce",
                                  "Reproduce check: the calibrated preset simulated (" + count_text(r.check.simulated_requests) + " requests) against the logs",
                                  reproduce_table(r.check));
    check.tone = r.check.pass() ? Tone::Pass : Tone::Fail;
    page.add(std::move(check));
    std::vector<std::string> unknown = c.not_identified;
    for (const cal::UpstreamFit& f : c.models)
        for (const std::string& s : f.not_identified) unknown.push_back((f.model.empty() ? "" : f.model + ": ") + s);
    if (!unknown.empty()) page.add(text_section("calibrate-not-identified", "What these logs cannot identify (the base preset's value is kept)", unknown));
    page.add_preset(preset);
    page.set_seeds({r.preset.config.simulation.seed});
    return page;
}

}  // namespace gatetune::sim::html
