#include "sim/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "sim/report.hpp"
#include "sim/text_table.hpp"

namespace gatetune::sim {
namespace {

double seconds_at(const engine::LatencyHistogram& h, double q) {
    if (h.empty()) return 0.0;
    return engine::to_seconds(q >= 100 ? h.max() : h.percentile(q));
}

double count_of(const std::map<std::string, std::uint64_t>& m, const std::string& key) {
    const auto it = m.find(key);
    return it == m.end() ? 0.0 : static_cast<double>(it->second);
}

std::string signed_fixed(double v, int decimals) {
    std::string out = v > 0 ? "+" : "";
    out += format_fixed(v, decimals);
    return out;
}

std::string relative_text(const ComparedValue& v) {
    const auto r = v.relative();
    return r ? signed_fixed(100.0 * *r, 1) + " %" : "-";
}

TextTable make_table(const Comparison& c) {
    return TextTable({{"", Align::Left},
                      {c.left_label, Align::Right},
                      {c.right_label, Align::Right},
                      {"difference", Align::Right},
                      {"relative", Align::Right}});
}

void add_rows(TextTable& t, const std::vector<ComparedValue>& values, int decimals) {
    for (const ComparedValue& v : values)
        t.add_row({v.name, format_fixed(v.left, decimals), format_fixed(v.right, decimals),
                   signed_fixed(v.difference(), decimals), relative_text(v)});
}

void write_section(std::ostream& out, const Comparison& c, std::string_view title,
                   const std::vector<ComparedValue>& values, int decimals) {
    out << '\n' << title << '\n';
    TextTable t = make_table(c);
    add_rows(t, values, decimals);
    t.write(out);
}

nlohmann::json values_json(const std::vector<ComparedValue>& values) {
    nlohmann::json j = nlohmann::json::array();
    for (const ComparedValue& v : values) {
        const auto r = v.relative();
        j.push_back({{"name", v.name},
                     {"left", v.left},
                     {"right", v.right},
                     {"difference", v.difference()},
                     {"relative", r ? nlohmann::json(*r) : nlohmann::json(nullptr)}});
    }
    return j;
}

std::set<std::string> dominant_causes(const std::vector<ComparedValue>& causes, double requests, bool left,
                                      double share) {
    std::set<std::string> out;
    if (requests <= 0) return out;
    for (const ComparedValue& v : causes) {
        if (v.name == to_string(Cause::Ok)) continue;
        if ((left ? v.left : v.right) / requests >= share) out.insert(v.name);
    }
    return out;
}

std::string join(const std::set<std::string>& names) {
    if (names.empty()) return "none";
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

std::optional<double> ComparedValue::relative() const {
    if (left == 0) return std::nullopt;
    return right / left - 1.0;
}

Comparison compare_runs(const RunResult& left, const RunResult& right, std::string left_label, std::string right_label) {
    Comparison c;
    c.left_label = std::move(left_label);
    c.right_label = std::move(right_label);
    c.left_requests = left.requests;
    c.right_requests = right.requests;
    c.left_error_rate = left.error_rate();
    c.right_error_rate = right.error_rate();
    std::set<std::string> labels;
    for (const auto& [label, n] : left.by_status) labels.insert(label);
    for (const auto& [label, n] : right.by_status) labels.insert(label);
    for (const auto& label : labels) c.by_status.push_back({label, count_of(left.by_status, label), count_of(right.by_status, label)});
    for (std::size_t i = 0; i < kCauseCount; ++i) {
        if (left.by_cause[i] == 0 && right.by_cause[i] == 0) continue;
        c.by_cause.push_back({std::string(to_string(static_cast<Cause>(i))), static_cast<double>(left.by_cause[i]),
                              static_cast<double>(right.by_cause[i])});
    }
    for (const auto& [name, q] : {std::pair{"p50", 50.0}, {"p90", 90.0}, {"p99", 99.0}, {"max", 100.0}})
        c.latency.push_back({name, seconds_at(left.latency, q), seconds_at(right.latency, q)});
    return c;
}

void write_comparison_text(std::ostream& out, const Comparison& c) {
    out << "Comparison: " << c.left_label << " vs " << c.right_label << '\n';
    const ComparedValue requests{"requests", static_cast<double>(c.left_requests), static_cast<double>(c.right_requests)};
    const ComparedValue errors{"error rate (%)", 100.0 * c.left_error_rate, 100.0 * c.right_error_rate};
    out << "\nSummary\n";
    TextTable summary = make_table(c);
    add_rows(summary, {requests}, 0);
    add_rows(summary, {errors}, 1);
    summary.write(out);
    write_section(out, c, "Requests by status", c.by_status, 0);
    write_section(out, c, "Requests by cause", c.by_cause, 0);
    write_section(out, c, "Latency, all requests (s)", c.latency, 4);
}

nlohmann::json comparison_json(const Comparison& c) {
    return {{"left", {{"label", c.left_label}, {"requests", c.left_requests}, {"error_rate", c.left_error_rate}}},
            {"right", {{"label", c.right_label}, {"requests", c.right_requests}, {"error_rate", c.right_error_rate}}},
            {"by_status", values_json(c.by_status)},
            {"by_cause", values_json(c.by_cause)},
            {"latency_s", values_json(c.latency)}};
}

namespace {

const nlohmann::json& json_field(const nlohmann::json& j, const char* key, const std::string& where) {
    if (!j.is_object() || !j.contains(key)) throw std::runtime_error("no \"" + where + key + "\"");
    return j.at(key);
}

double json_number(const nlohmann::json& j, const char* key, const std::string& where) {
    const nlohmann::json& v = json_field(j, key, where);
    if (!v.is_number()) throw std::runtime_error("\"" + where + key + "\" is not a number");
    return v.get<double>();
}

std::vector<ComparedValue> values_from_json(const nlohmann::json& c, const char* key, const std::string& where) {
    const nlohmann::json& list = json_field(c, key, where);
    if (!list.is_array()) throw std::runtime_error("\"" + where + key + "\" is not a list");
    std::vector<ComparedValue> out;
    const std::string inner = where + key + "[].";
    for (const nlohmann::json& v : list) {
        const nlohmann::json& name = json_field(v, "name", inner);
        out.push_back({name.is_string() ? name.get<std::string>() : name.dump(), json_number(v, "left", inner), json_number(v, "right", inner)});
    }
    return out;
}

void side_from_json(const nlohmann::json& c, const char* key, const std::string& where, std::string& label,
                    std::uint64_t& requests, double& error_rate) {
    const std::string inner = where + key + ".";
    const nlohmann::json& s = json_field(c, key, where);
    const nlohmann::json& l = json_field(s, "label", inner);
    label = l.is_string() ? l.get<std::string>() : key;
    requests = static_cast<std::uint64_t>(json_number(s, "requests", inner));
    error_rate = json_number(s, "error_rate", inner);
}

}  // namespace

Comparison comparison_from_json(const nlohmann::json& j, const std::string& where) {
    Comparison c;
    side_from_json(j, "left", where, c.left_label, c.left_requests, c.left_error_rate);
    side_from_json(j, "right", where, c.right_label, c.right_requests, c.right_error_rate);
    c.by_status = values_from_json(j, "by_status", where);
    c.by_cause = values_from_json(j, "by_cause", where);
    c.latency = values_from_json(j, "latency_s", where);
    return c;
}

Agreement check_agreement(const Comparison& c, const AgreementTolerance& tol) {
    Agreement a;
    const auto fail = [&a](std::string reason) {
        a.agrees = false;
        a.reasons.push_back(std::move(reason));
    };
    const auto left = dominant_causes(c.by_cause, static_cast<double>(c.left_requests), true, tol.cause_share);
    const auto right = dominant_causes(c.by_cause, static_cast<double>(c.right_requests), false, tol.cause_share);
    if (left != right)
        fail("The dominant failing causes differ: " + c.left_label + " " + join(left) + ", " + c.right_label + " " +
             join(right) + " (a cause is dominant from " + format_fixed(100 * tol.cause_share, 1) + " % of requests).");
    const double diff = std::fabs(c.right_error_rate - c.left_error_rate);
    if (diff > tol.error_rate)
        fail("The error rates differ by " + format_fixed(100 * diff, 1) + " points (" + c.left_label + " " +
             format_fixed(100 * c.left_error_rate, 1) + " %, " + c.right_label + " " +
             format_fixed(100 * c.right_error_rate, 1) + " %; allowed " + format_fixed(100 * tol.error_rate, 1) + ").");
    const auto p50 = std::find_if(c.latency.begin(), c.latency.end(), [](const ComparedValue& v) { return v.name == "p50"; });
    if (p50 != c.latency.end()) {
        const double lo = std::min(p50->left, p50->right), hi = std::max(p50->left, p50->right);
        if (hi > 0 && (lo <= 0 || hi / lo > tol.p50_ratio))
            fail("The medians differ by more than a factor " + format_fixed(tol.p50_ratio, 2) + " (" + c.left_label +
                 " " + format_fixed(p50->left, 4) + " s, " + c.right_label + " " + format_fixed(p50->right, 4) + " s).");
    }
    return a;
}

}  // namespace gatetune::sim
