#include "sim/calibration/upstream_fit.hpp"

#include <algorithm>

namespace gatetune::sim::calibration {
namespace {

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

}  // namespace

void UpstreamAccumulator::add(const UpstreamSample& s) {
    ++requests_;
    if (s.ttft >= 0) {
        ++with_ttft_;
        ttft_on_prompt_.add(s.prompt, s.ttft);
        rest_on_completion_.add(s.completion, std::max(0.0, s.latency - s.ttft));
    }
    latency_on_both_.add(s.prompt, s.latency, s.completion);
    sample_.add(s);
}

UpstreamFit UpstreamAccumulator::fit(std::string model) const {
    UpstreamFit out;
    out.model = std::move(model);
    out.requests = requests_;
    out.with_ttft = with_ttft_;
    // With TTFT on most requests, the two halves of the latency are fitted apart.
    const bool use_ttft = with_ttft_ * 2 > requests_;
    double a = 0, b = 0, c = 0;
    bool have_prompt_slope = false;
    if (use_ttft) {
        out.factor_of = "TTFT";
        if (const auto line = ttft_on_prompt_.solve1()) {
            a = (*line)[0];
            b = (*line)[1];
            have_prompt_slope = true;
        } else {
            a = ttft_on_prompt_.mean_y();
            out.not_identified.push_back("prefill rate: every request has the same prompt size, so TTFT cannot be split into a base and a per-token part");
        }
        if (const auto line = rest_on_completion_.solve1()) {
            c = (*line)[1];
        } else {
            out.not_identified.push_back("decode rate: every request has the same completion size");
        }
    } else {
        out.factor_of = "latency";
        if (with_ttft_ == 0) out.not_identified.push_back("TTFT: the logs have no time to first token; the base and prefill rate come from the whole latency");
        if (const auto plane = latency_on_both_.solve2()) {
            a = (*plane)[0];
            b = (*plane)[1];
            c = (*plane)[2];
            have_prompt_slope = true;
        } else {
            a = latency_on_both_.mean_y();
            out.not_identified.push_back("prefill and decode rates: prompt or completion sizes never vary, so the latency cannot be split");
        }
    }
    if (have_prompt_slope && !(b > 0)) {
        out.not_identified.push_back("prefill rate: TTFT does not grow with the prompt (slope " + fmt(b) + " s/token)");
        b = 0;
    }
    if (!(c > 0)) {
        if (c != 0) out.not_identified.push_back("decode rate: generation time does not grow with completion tokens (slope " + fmt(c) + " s/token)");
        c = 0;
    }
    a = std::max(a, 0.0);
    out.ttft_base = a;
    if (b > 0) out.prefill_tokens_per_s = 1.0 / b;
    if (c > 0) out.time_per_output_token = c;
    // F: observed over predicted, per sampled request.
    std::vector<double> ratios;
    for (const UpstreamSample& s : sample_.items()) {
        if (use_ttft && s.ttft < 0) continue;
        const double predicted = use_ttft ? a + b * s.prompt : a + b * s.prompt + c * s.completion;
        const double observed = use_ttft ? s.ttft : s.latency;
        if (predicted > 0) ratios.push_back(observed / predicted);
    }
    std::sort(ratios.begin(), ratios.end());
    out.latency_factor = fit_quantity(ratios);
    if (!out.latency_factor) out.not_identified.push_back("latency factor: fewer than " + std::to_string(kMinSample) + " requests to fit its distribution");
    return out;
}

}  // namespace gatetune::sim::calibration
