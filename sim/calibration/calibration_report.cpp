#include "sim/calibration/calibration_report.hpp"

#include <algorithm>
#include <charconv>

#include "sim/preset/config_schema.hpp"
#include "sim/report.hpp"
#include "sim/text_table.hpp"

namespace gatetune::sim::calibration {
namespace {

using nlohmann::json;
constexpr std::size_t kWrap = 100;

std::string sig(double v, int digits = 4) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, digits);
    return std::string(buf, r.ptr);
}

std::string opt(const std::optional<double>& v, int digits = 4) { return v ? sig(*v, digits) : "—"; }

void section(std::ostream& out, std::string_view title) { out << '\n' << title << '\n'; }

void fit_rows(TextTable& t, const std::string& quantity, const QuantityFit* q) {
    if (!q) {
        t.add_row({quantity, "—", "too few values to fit", "", "", ""});
        return;
    }
    bool first = true;
    for (const FamilyFit& f : q->candidates) {
        const bool chosen = !q->empirical && f.distribution == q->chosen;
        t.add_row({first ? quantity : "", std::string(f.distribution.kind_name()), short_describe(f.distribution), sig(f.log_likelihood, 5),
                   format_fixed(f.ks, 4), chosen ? "chosen" : ""});
        first = false;
    }
    if (q->empirical) {
        t.add_row({"", "empirical", short_describe(q->chosen), "", format_fixed(q->chosen_ks, 4),
                   "chosen: best family's KS > " + format_fixed(q->ks_critical, 4)});
    }
    t.add_rule();
}

json fit_json(const std::optional<QuantityFit>& q) {
    if (!q) return nullptr;
    json c = json::array();
    for (const FamilyFit& f : q->candidates) {
        json j = distribution_json(f.distribution);
        j["log_likelihood_per_value"] = f.log_likelihood;
        j["ks"] = f.ks;
        c.push_back(j);
    }
    json chosen = distribution_json(q->chosen);
    chosen["ks"] = q->chosen_ks;
    return {{"candidates", c}, {"chosen", chosen}, {"empirical", q->empirical}, {"ks_critical", q->ks_critical},
            {"sample", q->sample}, {"non_positive_left_out", q->non_positive}};
}

// Lower case letters, digits and single dashes: a model name as a file name and an element id.
std::string slug(std::string_view text) {
    std::string out;
    for (const char ch : text) {
        const char c = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (keep) out += c;
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "model" : out;
}

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& v) {
    if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
    std::string out = "\"";
    for (const char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// Shortest text that reads back as the same double (to_chars), so the CSV is exact and stable.
std::string exact(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string shown(const ReproduceRow& r, double v) { return r.is_share ? format_fixed(100 * v, 1) + " %" : format_fixed(v, 3) + " s"; }

}  // namespace

std::vector<FittedQuantity> fitted_quantities(const Calibration& c) {
    std::vector<FittedQuantity> out;
    auto add = [&](std::string id, std::string label, std::string unit, const std::optional<QuantityFit>& q) {
        out.push_back({std::move(id), std::move(label), std::move(unit), q ? &*q : nullptr});
    };
    std::vector<std::string> ids;
    for (const UpstreamFit& f : c.models) {
        std::string id = "latency-factor-" + (f.model.empty() ? std::string("all") : slug(f.model));
        // Two model names may make one slug ("gpt 4" and "gpt-4"): number the later ones.
        const std::string base = id;
        for (int n = 2; std::find(ids.begin(), ids.end(), id) != ids.end(); ++n) id = base + "-" + std::to_string(n);
        ids.push_back(id);
        add(id, "latency factor (" + f.factor_of + ", " + (f.model.empty() ? "all" : f.model) + ")", "", f.latency_factor);
    }
    add("prompt-tokens", "prompt tokens", "tokens", c.prompt_tokens);
    add("completion-tokens", "completion tokens", "tokens", c.completion_tokens);
    add("inter-arrival", "inter-arrival s", "s", c.timing.inter_arrival);
    if (c.timing.sessions > 0) {
        add("think-time", "think time s", "s", c.timing.think_time);
        add("session-calls", "calls per session", "calls", c.timing.session_calls);
    }
    return out;
}

void write_fit_summary_csv(std::ostream& out, const std::vector<FittedQuantity>& quantities) {
    out << "quantity,family,parameters,log_likelihood_per_value,ks,ks_critical,chosen\n";
    for (const FittedQuantity& q : quantities) {
        if (!q.fit) continue;
        for (const FamilyFit& f : q.fit->candidates) {
            const bool chosen = !q.fit->empirical && f.distribution == q.fit->chosen;
            out << q.id << ',' << f.distribution.kind_name() << ',' << csv_field(short_describe(f.distribution)) << ',' << exact(f.log_likelihood) << ','
                << exact(f.ks) << ',' << exact(q.fit->ks_critical) << ',' << (chosen ? "yes" : "no") << '\n';
        }
        if (q.fit->empirical) {
            out << q.id << ",empirical," << csv_field(short_describe(q.fit->chosen)) << ",," << exact(q.fit->chosen_ks) << ','
                << exact(q.fit->ks_critical) << ",yes\n";
        }
    }
}

void write_fit_points_csv(std::ostream& out, const FittedQuantity& q) {
    out << "k,p,x,data_cdf";
    if (!q.fit) {
        out << '\n';
        return;
    }
    const FitPoints& pts = q.fit->points;
    for (const FamilyFit& f : q.fit->candidates) out << ',' << f.distribution.kind_name() << "_cdf";
    for (const FamilyFit& f : q.fit->candidates) out << ',' << f.distribution.kind_name() << "_quantile";
    out << '\n';
    for (std::size_t k = 0; k < pts.x.size(); ++k) {
        out << k + 1 << ',' << exact(pts.p[k]) << ',' << exact(pts.x[k]) << ',' << exact(pts.data_cdf[k]);
        for (const auto& cdf : pts.family_cdf) out << ',' << exact(cdf[k]);
        for (const auto& qu : pts.family_quantile) out << ',' << exact(qu[k]);
        out << '\n';
    }
}

json distribution_json(const engine::Distribution& d) {
    return {{"family", std::string(d.kind_name())}, {"preset", format_distribution(d)}, {"describe", short_describe(d)}};
}

void write_text(std::ostream& out, const CalibrationReport& r) {
    const Calibration& c = r.calibration;
    std::string files;
    for (std::size_t i = 0; i < c.files.size(); ++i) {
        files += (i ? ", " : "") + c.files[i] + " (" + std::string(to_string(c.reads[i].format)) + ")";
    }
    out << "gatetune calibrate: " << c.requests << " requests from " << files << "\n";
    out << "status: " << format_counts(c.by_status) << "\n";
    if (c.bad_lines() > 0) out << c.bad_lines() << " of " << c.lines() << " lines could not be read (left out)\n";
    if (c.timing.late > 0) out << c.timing.late << " requests started before ones already analysed (out of order beyond the reorder window): left out of the timing analyses\n";

    section(out, "Upstream latency (per model; successful requests)");
    TextTable m({{"model"}, {"requests", Align::Right}, {"with TTFT", Align::Right}, {"ttft_base s", Align::Right},
                 {"prefill tok/s", Align::Right}, {"s/output token", Align::Right}, {"latency factor"}});
    for (const UpstreamFit& f : c.models) {
        m.add_row({f.model.empty() ? "(no model field)" : f.model, std::to_string(f.requests), std::to_string(f.with_ttft), opt(f.ttft_base),
                   opt(f.prefill_tokens_per_s), opt(f.time_per_output_token), f.latency_factor ? short_describe(f.latency_factor->chosen) : "—"});
    }
    m.write(out);

    section(out, "Distribution fits (maximum likelihood; KS = largest gap between fitted and data CDF)");
    TextTable t({{"quantity"}, {"family"}, {"parameters"}, {"log-lik/value", Align::Right}, {"KS", Align::Right}, {""}});
    for (const FittedQuantity& q : fitted_quantities(c)) fit_rows(t, q.label, q.fit);
    t.write(out);

    section(out, "Workload and capacity");
    TextTable w({{""}, {""}});
    if (c.timing.timed > 0) {
        w.add_row({"arrival rate", format_fixed(c.timing.rate, 3) + " requests/s over " + format_fixed(c.timing.duration_s, 1) + " s"});
        w.add_row({"arrival process", c.timing.arrival_kind + " (inter-arrival CV " + format_fixed(c.timing.inter_arrival_cv, 2) +
                                          ", KS to exponential " + format_fixed(c.timing.exponential_ks, 4) + ")"});
    }
    if (c.timing.sessions > 0) w.add_row({"sessions", std::to_string(c.timing.sessions) + ", mean " + format_fixed(c.timing.mean_session_calls, 2) + " calls"});
    w.add_row({"upstream slots", c.slot_estimate.found ? std::to_string(*c.slot_estimate.found) + " (latency grows from this many in flight)" : "not identified"});
    w.add_row({"429 answers", std::to_string(c.timing.rate_limited)});
    if (c.timing.rpm) w.add_row({"requests admitted per minute at a 429", sig(c.timing.rpm->value) + " (CV " + format_fixed(c.timing.rpm->cv, 2) + ")"});
    if (c.timing.tpm) w.add_row({"tokens admitted per minute at a 429", sig(c.timing.tpm->value) + " (CV " + format_fixed(c.timing.tpm->cv, 2) + ")"});
    w.write(out);

    std::vector<std::string> unknown = c.not_identified;
    for (const UpstreamFit& f : c.models) {
        for (const std::string& s : f.not_identified) unknown.push_back((f.model.empty() ? "" : f.model + ": ") + s);
    }
    if (!unknown.empty()) {
        section(out, "What these logs cannot identify (the base preset's value is kept)");
        for (const std::string& s : unknown) out << wrap_text("- " + s, kWrap, "", 2) << "\n";
    }

    section(out, "Preset " + r.preset_path + " (changed keys)");
    TextTable p({{"key"}, {"value"}, {"from"}});
    for (const PresetChange& ch : r.preset.changes) p.add_row({ch.key, ch.value.size() > 70 ? ch.value.substr(0, 67) + "..." : ch.value, ch.from});
    p.write(out);
    for (const std::string& n : r.preset.notes) out << wrap_text("note: " + n, kWrap, "", 2) << "\n";

    section(out, "Reproduce check: the calibrated preset simulated (" + std::to_string(r.check.simulated_requests) + " requests over " +
                     format_fixed(r.check.simulated_seconds, 1) + " s) against the logs");
    TextTable q({{"quantity"}, {"logs", Align::Right}, {"calibrated", Align::Right}, {"difference", Align::Right}, {"within", Align::Right}, {""}});
    for (const ReproduceRow& row : r.check.rows) {
        const double diff = row.simulated - row.logs;
        q.add_row({row.quantity, shown(row, row.logs), shown(row, row.simulated),
                   row.is_share ? format_fixed(100 * diff, 1) + " pt" : (row.logs > 0 ? format_fixed(100 * diff / row.logs, 1) + " %" : "—"),
                   shown(row, row.tolerance), row.pass() ? "ok" : "MISS"});
    }
    q.write(out);
    out << (r.check.pass() ? "The calibrated preset reproduces the logs within 10 %.\n"
                           : "The calibrated preset does NOT reproduce the logs within 10 % (rows marked MISS).\n");
}

json to_json(const CalibrationReport& r) {
    const Calibration& c = r.calibration;
    json files = json::array();
    for (std::size_t i = 0; i < c.files.size(); ++i) {
        const ReadStats& s = c.reads[i];
        json bad = json::array();
        for (const InputIssue& b : s.first_bad) bad.push_back({{"line", b.line}, {"message", b.message}});
        files.push_back({{"file", c.files[i]}, {"format", std::string(to_string(s.format))}, {"lines", s.lines}, {"records", s.records},
                         {"skipped", s.skipped}, {"bad_lines", s.bad}, {"first_bad", bad}});
    }
    json models = json::array();
    for (const UpstreamFit& f : c.models) {
        models.push_back({{"model", f.model}, {"requests", f.requests}, {"with_ttft", f.with_ttft},
                          {"ttft_base_s", f.ttft_base ? json(*f.ttft_base) : json(nullptr)},
                          {"prefill_tokens_per_s", f.prefill_tokens_per_s ? json(*f.prefill_tokens_per_s) : json(nullptr)},
                          {"time_per_output_token_s", f.time_per_output_token ? json(*f.time_per_output_token) : json(nullptr)},
                          {"latency_factor_of", f.factor_of}, {"latency_factor", fit_json(f.latency_factor)}, {"not_identified", f.not_identified}});
    }
    const TimingResult& t = c.timing;
    json timing = {{"requests_timed", t.timed}, {"late", t.late}, {"duration_s", t.duration_s}, {"rate_per_s", t.rate},
                   {"arrival_process", t.arrival_kind}, {"inter_arrival_cv", t.inter_arrival_cv}, {"exponential_ks", t.exponential_ks},
                   {"inter_arrival", fit_json(t.inter_arrival)}, {"sessions", t.sessions}, {"mean_session_calls", t.mean_session_calls},
                   {"think_time", fit_json(t.think_time)}, {"session_calls", fit_json(t.session_calls)}, {"rate_limited", t.rate_limited}};
    if (t.rpm) timing["rpm_at_429"] = {{"value", t.rpm->value}, {"cv", t.rpm->cv}};
    if (t.tpm) timing["tpm_at_429"] = {{"value", t.tpm->value}, {"cv", t.tpm->cv}};
    json changes = json::array();
    for (const PresetChange& ch : r.preset.changes) changes.push_back({{"key", ch.key}, {"value", ch.value}, {"from", ch.from}});
    json rows = json::array();
    for (const ReproduceRow& row : r.check.rows) {
        rows.push_back({{"quantity", row.quantity}, {"logs", row.logs}, {"calibrated", row.simulated}, {"tolerance", row.tolerance}, {"pass", row.pass()}});
    }
    std::vector<std::string> unknown = c.not_identified;
    for (const UpstreamFit& f : c.models) {
        for (const std::string& s : f.not_identified) unknown.push_back((f.model.empty() ? "" : f.model + ": ") + s);
    }
    return {{"files", files},
            {"requests", c.requests},
            {"by_status", c.by_status},
            {"latency_s", {{"p50", c.latency.percentile(50) * 1e-6}, {"p90", c.latency.percentile(90) * 1e-6}, {"p99", c.latency.percentile(99) * 1e-6}}},
            {"models", models},
            {"prompt_tokens", fit_json(c.prompt_tokens)},
            {"completion_tokens", fit_json(c.completion_tokens)},
            {"timing", timing},
            {"upstream_slots", c.slot_estimate.found ? json(*c.slot_estimate.found) : json(nullptr)},
            {"not_identified", unknown},
            {"preset", {{"path", r.preset_path}, {"changes", changes}, {"notes", r.preset.notes}}},
            {"reproduce", {{"simulated_requests", r.check.simulated_requests}, {"rows", rows}, {"pass", r.check.pass()}}},
            {"memory_bytes", c.memory_bytes}};
}

}  // namespace gatetune::sim::calibration
