#include "ui/prometheus_text.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "sim/trim.hpp"

namespace gatetune::ui {

namespace {

using sim::kLineBlanks;
using sim::trim;

bool name_char(char c, bool first) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    return alpha || (!first && c >= '0' && c <= '9');
}

// Reads `name` at the start of s; empty when s does not start with one.
std::string_view take_name(std::string_view& s) {
    std::size_t n = 0;
    while (n < s.size() && name_char(s[n], n == 0)) ++n;
    const std::string_view name = s.substr(0, n);
    s.remove_prefix(n);
    return name;
}

std::optional<double> parse_value(std::string_view v) {
    if (v == "+Inf" || v == "Inf") return std::numeric_limits<double>::infinity();
    if (v == "-Inf") return -std::numeric_limits<double>::infinity();
    if (v == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (!v.empty() && v.front() == '+') v.remove_prefix(1);
    double out = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
    return out;
}

// `{a="x",b="y"}` at the start of s (already past the metric name); an error message or "".
std::string take_labels(std::string_view& s, std::map<std::string, std::string>& labels) {
    s.remove_prefix(1);  // '{'
    while (true) {
        s = trim(s, kLineBlanks);
        if (s.empty()) return "unterminated label set";
        if (s.front() == '}') {
            s.remove_prefix(1);
            return "";
        }
        const std::string key(take_name(s));
        if (key.empty()) return "a label name was expected";
        s = trim(s, kLineBlanks);
        if (s.empty() || s.front() != '=') return "'=' was expected after label " + key;
        s.remove_prefix(1);
        s = trim(s, kLineBlanks);
        if (s.empty() || s.front() != '"') return "a quoted value was expected for label " + key;
        s.remove_prefix(1);
        std::string value;
        bool closed = false;
        while (!s.empty()) {
            const char c = s.front();
            s.remove_prefix(1);
            if (c == '"') {
                closed = true;
                break;
            }
            if (c == '\\' && !s.empty()) {
                const char e = s.front();
                s.remove_prefix(1);
                value += e == 'n' ? '\n' : e;  // \\ and \" stand for themselves
                continue;
            }
            value += c;
        }
        if (!closed) return "unterminated value of label " + key;
        labels[key] = std::move(value);
        s = trim(s, kLineBlanks);
        if (!s.empty() && s.front() == ',') s.remove_prefix(1);
    }
}

}  // namespace

PrometheusParse parse_prometheus_text(std::string_view text) {
    PrometheusParse out;
    std::size_t line_no = 0;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        std::string_view line = trim(text.substr(0, nl), kLineBlanks);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++line_no;
        if (line.empty() || line.front() == '#') continue;
        const auto fail = [&](const std::string& why) { out.errors.push_back("line " + std::to_string(line_no) + ": " + why); };

        PrometheusSample sample;
        sample.name = std::string(take_name(line));
        if (sample.name.empty()) {
            fail("a metric name was expected");
            continue;
        }
        if (!line.empty() && line.front() == '{') {
            const std::string problem = take_labels(line, sample.labels);
            if (!problem.empty()) {
                fail(problem);
                continue;
            }
        }
        line = trim(line, kLineBlanks);
        const std::string_view value = line.substr(0, line.find_first_of(" \t"));  // a timestamp may follow
        const auto parsed = parse_value(value);
        if (!parsed) {
            std::string why(1, '"');  // appended, not `"…" + string`: GCC 12 warns (-Wrestrict) falsely on that
            why.append(value).append("\" is not a number");
            fail(why);
            continue;
        }
        sample.value = *parsed;
        out.samples.push_back(std::move(sample));
    }
    return out;
}

std::optional<double> sum_samples(const std::vector<PrometheusSample>& samples, std::string_view name,
                                  const std::map<std::string, std::string>& match) {
    std::optional<double> total;
    for (const auto& s : samples) {
        if (s.name != name) continue;
        bool all = true;
        for (const auto& [k, v] : match) {
            const auto it = s.labels.find(k);
            if (it == s.labels.end() || it->second != v) all = false;
        }
        if (all) total = total.value_or(0) + s.value;
    }
    return total;
}

}  // namespace gatetune::ui
