#include "sim/experiment/slo_text.hpp"

#include <charconv>
#include <cmath>

namespace gatetune::sim::experiment {
namespace {

std::string significant(double v) {
    if (std::isnan(v)) return "n/a";
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 4);
    return std::string(buf, res.ptr);
}

}  // namespace

std::string count_noun(std::size_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

std::string format_quantity(double value, std::string_view unit) {
    if (unit == "share") return significant(value * 100) + " %";
    if (unit.empty()) return significant(value);
    return significant(value) + " " + std::string(unit);
}

std::string format_estimate(const Estimate& e, std::string_view unit) {
    std::string out = format_quantity(e.mean, unit);
    if (e.has_interval()) out += " ± " + format_quantity(e.ci95, unit);
    return out;
}

std::string seed_list(const std::vector<std::uint64_t>& seeds) {
    std::string out;
    for (const std::uint64_t s : seeds) out += (out.empty() ? "" : ", ") + std::to_string(s);
    return out;
}

std::string slo_sentence(const SloSummary& s) {
    std::string out = s.name + " " + format_estimate(s.measured, s.unit) + ", limit " + format_quantity(s.limit, s.unit) + ": ";
    if (s.passed()) return out + "passed on " + (s.measured.n == 1 ? "the seed" : "all " + count_noun(s.measured.n, "seed"));
    return out + "failed on " + std::to_string(s.failed_seeds.size()) + " of " + count_noun(s.measured.n, "seed") + " (" +
           seed_list(s.failed_seeds) + ")";
}

std::string finding_sentence(const Finding& f) {
    std::string out = std::string(validation::to_string(f.severity));
    if (const std::string rule = rule_label(f); !rule.empty()) out += " " + rule;
    out += ": " + f.message;
    if (!f.keys.empty()) {
        std::string keys;
        for (const std::string& k : f.keys) keys += (keys.empty() ? "" : ", ") + k;
        out += " (change " + keys + ")";
    }
    return out;
}

std::string findings_summary(const std::vector<Finding>& findings) {
    if (findings.empty()) return "no findings";
    std::size_t counts[3] = {0, 0, 0};
    for (const Finding& f : findings) ++counts[static_cast<int>(f.severity)];
    std::string out;
    const auto add = [&](std::size_t n, std::string_view word) {
        if (n) out += (out.empty() ? "" : ", ") + count_noun(n, word);
    };
    add(counts[static_cast<int>(Severity::Error)], "error");
    add(counts[static_cast<int>(Severity::Warning)], "warning");
    add(counts[static_cast<int>(Severity::Info)], "note");
    return out;
}

}  // namespace gatetune::sim::experiment
