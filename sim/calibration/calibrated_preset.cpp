#include "sim/calibration/calibrated_preset.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "sim/preset/config_schema.hpp"

namespace gatetune::sim::calibration {
namespace {

// Rounded to 4 significant digits: the fit is not more precise than that, and the preset reads better.
double round4(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 4);
    double out = v;
    std::from_chars(buf, r.ptr, out);
    return out;
}

// A distribution's parameters rounded the same way (the fit is not more precise).
engine::Distribution rounded(const engine::Distribution& d) {
    using D = engine::Distribution;
    const auto& p = d.params();
    if (const auto* l = std::get_if<D::LogNormal>(&p)) return D::lognormal(round4(l->mu), round4(l->sigma));
    if (const auto* g = std::get_if<D::Gamma>(&p)) return D::gamma(round4(g->shape), round4(g->scale));
    if (const auto* w = std::get_if<D::Weibull>(&p)) return D::weibull(round4(w->shape), round4(w->scale));
    if (const auto* e = std::get_if<D::Empirical>(&p)) {
        std::vector<double> q = e->sorted;
        for (double& x : q) x = round4(x);
        return D::empirical(std::move(q));
    }
    return d;
}

class Changes {
public:
    explicit Changes(CalibratedPreset& p) : p_(p) {}
    void set(const std::string& key, const Value& v, std::string from) {
        const KeySpec* spec = find_key(key);
        spec->access.set(p_.config, v);
        p_.changes.push_back({key, format_value(v), std::move(from)});
    }

private:
    CalibratedPreset& p_;
};

constexpr double kTimeoutSpread = 1.1;

}  // namespace

CalibratedPreset calibrated_preset(const Calibration& c, const Config& base) {
    CalibratedPreset p;
    p.config = base;
    Changes set(p);
    if (!c.models.empty()) {
        const UpstreamFit& m = c.models.front();
        const std::string model = m.model.empty() ? std::string("the logs") : "model " + m.model;
        if (m.ttft_base) set.set("upstream.ttft_base", round4(*m.ttft_base), "TTFT at an empty prompt, " + model);
        if (m.prefill_tokens_per_s) set.set("upstream.prefill_tokens_per_s", round4(*m.prefill_tokens_per_s), "TTFT's growth with prompt tokens, " + model);
        if (m.time_per_output_token) set.set("upstream.time_per_output_token", round4(*m.time_per_output_token), "generation time per completion token, " + model);
        if (m.latency_factor) set.set("upstream.latency_factor", rounded(m.latency_factor->chosen), "spread of " + m.factor_of + " around the fitted line, " + model);
        for (std::size_t i = 1; i < c.models.size(); ++i) {
            p.notes.push_back("model " + (c.models[i].model.empty() ? std::string("(none)") : c.models[i].model) + " (" +
                              std::to_string(c.models[i].requests) + " requests) is reported but not in the preset: a preset has one upstream (the busiest model's)");
        }
    }
    if (c.slot_estimate.found) set.set("upstream.slots", static_cast<std::int64_t>(*c.slot_estimate.found), "latency grows from this many requests in flight");
    const TimingResult& t = c.timing;
    if (t.rpm && t.tpm) {
        // A real limit is hit at the same admitted amount every time: the steadier of the two.
        if (t.rpm->cv <= t.tpm->cv) set.set("upstream.rpm", static_cast<std::int64_t>(std::lround(t.rpm->value)), "requests admitted in the minute before each 429");
        else set.set("upstream.tpm", static_cast<std::int64_t>(std::lround(t.tpm->value)), "tokens admitted in the minute before each 429");
    }
    // 500s that all took about as long are a timeout firing (the base preset's timeouts reproduce
    // them), not errors the upstream answered.
    const double errors = c.share("500");
    if (errors > 0 && c.error_latency.count() > 0) {
        const double p10 = static_cast<double>(c.error_latency.percentile(10));
        const double p90 = static_cast<double>(c.error_latency.percentile(90));
        if (p90 <= kTimeoutSpread * p10) {
            p.notes.push_back("the 500s all took about " + std::to_string(p90 * 1e-6).substr(0, 5) +
                              " s: a timeout, not upstream errors; the base preset's timeouts decide them");
        } else {
            set.set("upstream.error_probability", round4(errors), "share of requests answered 500");
        }
    }
    if (t.timed > 1 && t.rate > 0) {
        set.set("workload.kind", std::string("open"), "requests with start times");
        set.set("workload.rate", round4(t.rate), "requests per second over the logs");
        set.set("workload.duration", round4(std::max(1.0, t.duration_s)), "first start to last end");
        set.set("workload.steps", std::vector<RateStep>{}, "one rate for the whole log");
        // The fitted token distributions replace the base's calls; logs without token counts
        // (ALB, k6) keep the base's calls for the sizes.
        if (c.prompt_tokens && c.completion_tokens) set.set("workload.calls", std::vector<CallSpec>{}, "tokens drawn from the fitted distributions");
        if (t.arrival_kind == "bursty") {
            p.notes.push_back("arrivals come in bursts (inter-arrival CV " + std::to_string(t.inter_arrival_cv).substr(0, 4) +
                              "); the open workload is Poisson at the mean rate, so queueing during bursts is underestimated");
        } else if (t.arrival_kind == "sessions") {
            p.notes.push_back("requests come in sessions of sequential calls (mean " + std::to_string(t.mean_session_calls).substr(0, 4) +
                              " calls); the preset's open workload keeps their rate, not their order");
        }
    }
    if (c.prompt_tokens) set.set("workload.input_tokens", rounded(c.prompt_tokens->chosen), "prompt tokens");
    if (c.completion_tokens) set.set("workload.output_tokens", rounded(c.completion_tokens->chosen), "completion tokens");
    return p;
}

}  // namespace gatetune::sim::calibration
