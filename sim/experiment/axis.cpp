#include "sim/experiment/axis.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>

#include "sim/experiment/experiment_error.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::experiment {
namespace {

[[noreturn]] void fail(std::string_view spec, const std::string& message) {
    throw ExperimentError("--vary " + std::string(spec) + ": " + message);
}

bool is_numeric(KeyType t) { return t == KeyType::Int || t == KeyType::Float || t == KeyType::Duration; }

// Splits at commas that are not inside brackets, braces or a quoted string, so a list of
// distributions or call lists can be varied: KEY={ dist = "exponential", mean = 1 },2.0
std::vector<std::string_view> split_top_level(std::string_view text) {
    std::vector<std::string_view> parts;
    int depth = 0;
    char quote = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (c == '\\' && quote == '"') ++i;
            else if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            --depth;
        } else if (c == ',' && depth == 0) {
            parts.push_back(trim(text.substr(start, i - start)));
            start = i + 1;
        }
    }
    parts.push_back(trim(text.substr(start)));
    return parts;
}

// Where ".." separates a range's ends, or npos. Only outside quotes and brackets, so a string
// value containing ".." is still a list item.
std::size_t find_range_dots(std::string_view text) {
    if (text.find_first_of("\"'[{") != std::string_view::npos) return std::string_view::npos;
    return text.find("..");
}

std::optional<double> parse_number(std::string_view text) {
    text = trim(text);
    if (text.empty()) return std::nullopt;
    if (text.front() == '+') text.remove_prefix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

// Digits after the decimal point that a number written as `text` carries (1e-3 → 3, 2.50 → 2),
// so generated range values can be rounded back to what the user wrote: 0.1 + 2 × 0.1 is
// 0.30000000000000004 in binary, and the output should say 0.3.
int decimal_places(std::string_view text) {
    text = trim(text);
    int places = 0;
    const auto exp_pos = text.find_first_of("eE");
    const std::string_view mantissa = text.substr(0, exp_pos);
    if (const auto dot = mantissa.find('.'); dot != std::string_view::npos) {
        places = static_cast<int>(mantissa.size() - dot - 1);
    }
    if (exp_pos != std::string_view::npos) {
        int exponent = 0;
        std::string_view e = text.substr(exp_pos + 1);
        if (!e.empty() && e.front() == '+') e.remove_prefix(1);
        std::from_chars(e.data(), e.data() + e.size(), exponent);
        places -= exponent;
    }
    return std::max(places, 0);
}

// The value `v` checked through the schema's own parser, which knows the key's type and range,
// so an axis accepts exactly what the preset file and --set accept.
Value checked(const KeySpec& key, std::string_view spec, std::string_view text) {
    try {
        return parse_value(key, text);
    } catch (const PresetError& e) {
        fail(spec, e.message());
    }
}

Axis parse_range(const KeySpec& key, std::string_view spec, std::string_view text, std::size_t dots) {
    if (!is_numeric(key.type)) {
        fail(spec, "a range a..b:step needs a numeric key, and " + std::string(key.key) + " is " + key.type_text() +
                       " (allowed: " + key.allowed_text() + "); list the values instead: " + std::string(key.key) +
                       "=v1,v2,…");
    }
    const std::string_view from_text = trim(text.substr(0, dots));
    std::string_view rest = text.substr(dots + 2);
    const auto colon = rest.find(':');
    const std::string_view to_text = trim(rest.substr(0, colon));
    const std::string_view step_text = colon == std::string_view::npos ? std::string_view{} : trim(rest.substr(colon + 1));
    const bool integer = key.type == KeyType::Int;
    const std::string shape = integer ? "a..b or a..b:step with integers" : "a..b:step with numbers";

    const auto from = parse_number(from_text);
    const auto to = parse_number(to_text);
    if (!from || !to) fail(spec, "\"" + std::string(text) + "\" is not a range (allowed: " + shape + ")");
    if (colon == std::string_view::npos && !integer) {
        fail(spec, "a range of " + key.type_text() + " needs a step (allowed: " + shape + ", e.g. 0.5..2:0.5)");
    }
    const std::optional<double> step = colon == std::string_view::npos ? std::optional<double>(1.0) : parse_number(step_text);
    if (!step) fail(spec, "step \"" + std::string(step_text) + "\" is not a number (allowed: " + shape + ")");
    if (*step <= 0) fail(spec, "the step must be greater than 0 (got " + std::string(step_text) + ")");
    if (*from > *to) fail(spec, "the range starts above its end (" + std::string(from_text) + " > " + std::string(to_text) + ")");
    if (integer) {
        for (const double v : {*from, *to, *step}) {
            if (v != std::floor(v)) fail(spec, key.type_text() + " ranges take whole numbers (allowed: " + shape + ")");
        }
    }

    // Tolerance: 0..1:0.1 must reach 1 although 10 × 0.1 is a hair above 1 in binary.
    const double span = (*to - *from) / *step;
    const double count = std::floor(span + 1e-9) + 1;
    if (count > static_cast<double>(kMaxAxisValues)) {
        fail(spec, "the range has " + format_fixed(count, 0) + " values (allowed: at most " + std::to_string(kMaxAxisValues) +
                       "; use a larger step)");
    }
    Axis axis{&key, {}, true};
    const int places = std::max(decimal_places(from_text), decimal_places(step_text));
    for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
        const double v = *from + static_cast<double>(i) * *step;
        if (integer) {
            axis.values.emplace_back(static_cast<std::int64_t>(std::llround(v)));
        } else {
            double rounded = v;
            const std::string fixed = format_fixed(v, places);
            std::from_chars(fixed.data(), fixed.data() + fixed.size(), rounded);
            axis.values.emplace_back(rounded);
        }
    }
    // The schema's range is an interval, so checking both ends checks every value.
    checked(key, spec, format_value(axis.values.front()));
    checked(key, spec, format_value(axis.values.back()));
    return axis;
}

Axis parse_list(const KeySpec& key, std::string_view spec, std::string_view text) {
    Axis axis{&key, {}, false};
    const auto items = split_top_level(text);
    if (items.size() > kMaxAxisValues) fail(spec, "too many values (allowed: at most " + std::to_string(kMaxAxisValues) + ")");
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].empty()) {
            fail(spec, "value " + std::to_string(i + 1) + " is empty (allowed: KEY=v1,v2,… or KEY=a..b:step)");
        }
        Value v = checked(key, spec, items[i]);
        for (const Value& seen : axis.values) {
            if (values_equal(seen, v)) fail(spec, format_value(v) + " is listed twice (each value may appear once)");
        }
        axis.values.push_back(std::move(v));
    }
    return axis;
}

}  // namespace

Axis parse_axis(std::string_view spec) {
    const auto eq = spec.find('=');
    const std::string_view name = trim(spec.substr(0, eq));
    if (eq == std::string_view::npos || name.empty()) {
        throw ExperimentError("--vary " + std::string(spec) + ": expected KEY=a..b:step or KEY=v1,v2,… (e.g. db_pool.pool_size=5..40:5)");
    }
    const KeySpec* key = find_key(name);
    if (!key) {
        std::string message = "unknown key \"" + std::string(name) + "\"";
        const std::string_view near = suggest_key(name);
        if (!near.empty()) message += " (did you mean " + std::string(near) + "?)";
        fail(spec, message + "; any preset key may be varied, see presets/README.md");
    }
    const std::string_view text = trim(spec.substr(eq + 1));
    if (text.empty()) fail(spec, "no values (allowed: KEY=a..b:step or KEY=v1,v2,…)");
    const std::size_t dots = find_range_dots(text);
    return dots == std::string_view::npos ? parse_list(*key, spec, text) : parse_range(*key, spec, text, dots);
}

std::vector<Axis> parse_axes(const std::vector<std::string>& specs) {
    std::vector<Axis> axes;
    std::size_t points = 1;
    for (const std::string& spec : specs) {
        Axis axis = parse_axis(spec);
        for (const Axis& other : axes) {
            if (other.key == axis.key) fail(spec, std::string(axis.name()) + " is already varied (each key may be varied once)");
        }
        points *= axis.size();
        if (points > kMaxGridPoints) {
            throw ExperimentError("--vary: the grid has more than " + std::to_string(kMaxGridPoints) +
                                  " points (allowed: at most that many; use coarser steps, fewer values or several sweeps)");
        }
        axes.push_back(std::move(axis));
    }
    return axes;
}

}  // namespace gatetune::sim::experiment
