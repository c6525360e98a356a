#include "sim/preset/time_scale.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>

namespace gatetune::sim {
namespace {

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// A seconds-valued unit: "s", or seconds per something ("s/token").
bool is_seconds_unit(std::string_view unit) { return unit == "s" || unit.starts_with("s/"); }

Distribution scaled(const Distribution& d, double f) {
    using D = Distribution;
    Distribution out = std::visit(
        [f](const auto& p) -> Distribution {
            using P = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<P, D::Constant>) {
                return D::constant(p.value * f);
            } else if constexpr (std::is_same_v<P, D::Uniform>) {
                return D::uniform(p.lo * f, p.hi * f);
            } else if constexpr (std::is_same_v<P, D::Exponential>) {
                return D::exponential(p.mean * f);
            } else if constexpr (std::is_same_v<P, D::Normal>) {
                return D::normal(p.mean * f, p.stddev * f);
            } else if constexpr (std::is_same_v<P, D::LogNormal>) {
                // Keep the form the preset used, so the scaled preset still reads naturally.
                switch (p.form) {
                    case D::LogNormal::Form::MedianP99: return D::lognormal_from_median_p99(p.given_a * f, p.given_b * f);
                    case D::LogNormal::Form::MeanStddev: return D::lognormal_from_mean_stddev(p.given_a * f, p.given_b * f);
                    case D::LogNormal::Form::MuSigma: break;
                }
                return D::lognormal(p.mu + std::log(f), p.sigma);
            } else if constexpr (std::is_same_v<P, D::Pareto>) {
                return D::pareto(p.scale * f, p.shape);
            } else if constexpr (std::is_same_v<P, D::Gamma>) {
                return D::gamma(p.shape, p.scale * f);
            } else if constexpr (std::is_same_v<P, D::Weibull>) {
                return D::weibull(p.shape, p.scale * f);
            } else {
                std::vector<double> samples = p.sorted;
                for (double& x : samples) x *= f;
                return D::empirical(std::move(samples));
            }
        },
        d.params());
    if (d.cap()) out = out.truncated(*d.cap() * f);
    return out;
}

double as_number(const Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return std::get<double>(v);
}

// Per-minute limits are integers where 0 means "no limit": a limit must never round to 0.
std::int64_t scaled_per_minute(std::int64_t per_minute, double f) {
    if (per_minute <= 0) return per_minute;
    const double v = std::round(static_cast<double>(per_minute) / f);
    return static_cast<std::int64_t>(std::clamp(v, 1.0, static_cast<double>(std::numeric_limits<std::int32_t>::max())));
}

Value scale_value(const KeySpec& spec, const Value& v, double f) {
    switch (time_dimension(spec)) {
        case TimeDimension::None: return v;
        case TimeDimension::Seconds:
            if (const auto* d = std::get_if<Distribution>(&v)) return scaled(*d, f);
            return as_number(v) < 0 ? v : Value{as_number(v) * f};  // negative: "disabled"
        case TimeDimension::PerSecond:
            if (std::holds_alternative<std::int64_t>(v)) return v;  // no integer per-second key exists
            return as_number(v) / f;
        case TimeDimension::PerMinute: return scaled_per_minute(std::get<std::int64_t>(v), f);
        case TimeDimension::RateSteps: {
            auto steps = std::get<std::vector<RateStep>>(v);
            for (RateStep& s : steps) s.at *= f, s.rate /= f;
            return steps;
        }
        case TimeDimension::Windows: {
            auto windows = std::get<std::vector<FaultWindow>>(v);
            for (FaultWindow& w : windows) w.start *= f, w.end *= f;
            return windows;
        }
    }
    return v;
}

}  // namespace

TimeDimension time_dimension(const KeySpec& spec) {
    // workload.time_scale multiplies the trace's timestamps into seconds: a seconds factor
    // without a unit of its own.
    if (spec.key == "workload.time_scale") return TimeDimension::Seconds;
    switch (spec.type) {
        case KeyType::RateStepList: return TimeDimension::RateSteps;
        case KeyType::WindowList: return TimeDimension::Windows;
        case KeyType::Duration:
        case KeyType::Distribution:
        case KeyType::Float:
        case KeyType::Int:
            if (is_seconds_unit(spec.unit)) return TimeDimension::Seconds;
            if (ends_with(spec.unit, "/s")) return TimeDimension::PerSecond;
            if (ends_with(spec.unit, "/min")) return TimeDimension::PerMinute;
            return TimeDimension::None;
        default: return TimeDimension::None;
    }
}

Config scale_durations(const Config& cfg, double factor) {
    if (!(std::isfinite(factor) && factor > 0))
        throw std::invalid_argument("time scale must be a positive finite number (got " + std::to_string(factor) + ")");
    Config out = cfg;
    for (const KeySpec& spec : config_schema()) {
        // Convenience keys (http_client.timeout) write keys that are scaled on their own.
        if (spec.write_only) continue;
        const Value v = spec.get(cfg);
        if (std::holds_alternative<std::monostate>(v)) continue;
        spec.set(out, scale_value(spec, v, factor));
    }
    // A burst is a number of requests or tokens, not a rate: it must not grow with the rate.
    auto& rl = out.rate_limiter;
    if (rl.requests_per_minute > 0 && rl.burst_requests == 0) rl.burst_requests = cfg.rate_limiter.requests_per_minute;
    if (rl.tokens_per_minute > 0 && rl.burst_tokens == 0) rl.burst_tokens = cfg.rate_limiter.tokens_per_minute;
    return out;
}

}  // namespace gatetune::sim
