#include "sim/diagnosis/candidate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/preset/preset_io.hpp"

namespace gatetune::sim::diagnosis {

namespace {

// Assignment text of a value: exact for integers, round-trippable for the rest.
std::string value_text(const Param& p, double v) {
    char buf[64];
    if (p.integer) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::llround(v)));
    else std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

const Param* param_named(const Mechanism& m, const std::string& name, std::size_t& index) {
    for (std::size_t i = 0; i < m.params.size(); ++i)
        if (m.params[i].name == name) {
            index = i;
            return &m.params[i];
        }
    return nullptr;
}

// "{start+length}" → the sum of both values; "{tpm}" → the value.
std::string substitute(const Part& part, std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t open = text.find('{', i);
        if (open == std::string_view::npos) {
            out.append(text.substr(i));
            break;
        }
        const std::size_t close = text.find('}', open);
        out.append(text.substr(i, open - i));
        std::string expr(text.substr(open + 1, close - open - 1));
        double sum = 0;
        const Param* last = nullptr;
        std::size_t start = 0;
        while (start <= expr.size()) {
            std::size_t plus = expr.find('+', start);
            if (plus == std::string::npos) plus = expr.size();
            std::size_t index = 0;
            last = param_named(*part.mechanism, expr.substr(start, plus - start), index);
            if (!last) throw std::logic_error("catalogue: unknown parameter in " + std::string(text));
            sum += part.values[index];
            start = plus + 1;
        }
        out += value_text(*last, sum);
        i = close + 1;
    }
    return out;
}

}  // namespace

Range prior_range(const Param& p, double span_s) {
    if (!p.span) return {p.min, p.max};
    const double span = std::max(span_s, 1.0);
    return {p.min * span, p.max * span};
}

double to_unit(const Param& p, const Range& r, double v) {
    if (r.hi <= r.lo) return 0;
    if (p.log && r.lo > 0) return (std::log(v) - std::log(r.lo)) / (std::log(r.hi) - std::log(r.lo));
    return (v - r.lo) / (r.hi - r.lo);
}

double from_unit(const Param& p, const Range& r, double u) {
    u = std::clamp(u, 0.0, 1.0);
    double v = p.log && r.lo > 0 ? std::exp(std::log(r.lo) + u * (std::log(r.hi) - std::log(r.lo))) : r.lo + u * (r.hi - r.lo);
    if (p.integer) v = std::round(v);
    return std::clamp(v, r.lo, r.hi);
}

std::vector<std::string> assignments(const Candidate& c) {
    std::vector<std::string> out;
    for (const Part& part : c)
        for (std::string_view set : part.mechanism->sets) out.push_back(substitute(part, set));
    return out;
}

Config apply_candidate(const Config& base, const Candidate& c) {
    Config cfg = base;
    for (const std::string& a : assignments(c)) apply_override(cfg, a);
    return cfg;
}

std::string format_param(const Param& p, double v) {
    char buf[64];
    if (p.integer || (std::fabs(v) >= 1000 && std::fabs(v - std::round(v)) < 1e-9)) {
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::llround(v)));
        std::string digits = buf, out;
        const bool neg = !digits.empty() && digits[0] == '-';
        if (neg) digits.erase(0, 1);
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
            out += digits[i];
        }
        return neg ? "-" + out : out;
    }
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

std::string describe(const Candidate& c) {
    std::string out;
    for (const Part& part : c) {
        for (std::size_t i = 0; i < part.values.size(); ++i) {
            const Param& p = part.mechanism->params[i];
            if (!out.empty()) out += ", ";
            out.append(p.name).append(" = ").append(format_param(p, part.values[i]));
            if (!p.unit.empty()) out.append(" ").append(p.unit);
        }
    }
    return out.empty() ? "—" : out;
}

std::string candidate_id(const Candidate& c) {
    std::string out;
    for (const Part& part : c) out += (out.empty() ? "" : "+") + std::string(part.mechanism->id);
    return out.empty() ? "as_configured" : out;
}

std::string candidate_title(const Candidate& c) {
    std::string out;
    for (const Part& part : c) out += (out.empty() ? "" : " + ") + std::string(part.mechanism->title);
    return out.empty() ? "the configuration as given" : out;
}

}  // namespace gatetune::sim::diagnosis
