#pragma once
// The upstream's latency model from one model's successful requests (docs/MODEL.md §7):
//   ttft  = (ttft_base + prompt_tokens / prefill_tokens_per_s) · F
//   decode = completion_tokens · time_per_output_token · F
// with F the per-request latency factor. The straight lines come from least squares over every
// request (TTFT against prompt tokens, the rest of the latency against completion tokens; or,
// without TTFT in the logs, the whole latency against both); F's distribution is fitted to the
// ratios of observed to predicted time, so it has mean 1 by construction — the scale of F and
// ttft_base cannot be told apart, only their product.
#include <optional>
#include <string>
#include <vector>

#include "sim/calibration/family_fit.hpp"
#include "sim/calibration/linear_fit.hpp"
#include "sim/calibration/sample_sketch.hpp"

namespace gatetune::sim::calibration {

struct UpstreamSample {
    double prompt = 0;      // tokens
    double completion = 0;  // tokens
    double ttft = -1;       // s; < 0 when the log has none
    double latency = 0;     // s
};

struct UpstreamFit {
    std::string model;
    std::uint64_t requests = 0;          // successful requests with a latency
    std::uint64_t with_ttft = 0;
    std::optional<double> ttft_base;     // s
    std::optional<double> prefill_tokens_per_s;
    std::optional<double> time_per_output_token;  // s/token
    std::optional<QuantityFit> latency_factor;
    std::string factor_of;               // "TTFT" or "latency": which ratio F was fitted to
    std::vector<std::string> not_identified;  // plain sentences
};

class UpstreamAccumulator {
public:
    UpstreamAccumulator() : sample_(SampleSketch::kDefaultCapacity, 2) {}
    void add(const UpstreamSample& s);
    UpstreamFit fit(std::string model) const;
    std::size_t memory_bytes() const noexcept { return sample_.memory_bytes(); }

private:
    LinearFit ttft_on_prompt_;
    LinearFit rest_on_completion_;
    LinearFit latency_on_both_;
    Reservoir<UpstreamSample> sample_;
    std::uint64_t requests_ = 0;
    std::uint64_t with_ttft_ = 0;
};

}  // namespace gatetune::sim::calibration
