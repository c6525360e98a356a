#pragma once
// The upstream's requests- and tokens-per-minute limits, written once for the simulated upstream
// (sim/upstream.cpp) and the live mock LLM (app/live/upstream/mock_llm.cpp). A call is admitted
// only when both limits have room — prompt + max output tokens count against TPM, as providers
// reserve max_tokens — and a refused call takes nothing from either; or (upstream.tpm_counts =
// served) TPM counts what the calls served, charged as each completes, and admits a call while the
// minute's total is under the limit. The refusal says how long until both would admit the call:
// what the router puts in its 429's Retry-After. How a minute is counted is upstream.rate_window
// (sim/minute_budget.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include "engine/time.hpp"
#include "sim/config.hpp"
#include "sim/minute_budget.hpp"

namespace gatetune::sim {

class UpstreamRateLimits {
public:
    // Each budget holds a minute's worth (times `burst_scale`: a live run with time scaled down
    // keeps the same share of a scaled minute).
    explicit UpstreamRateLimits(const UpstreamConfig& cfg, double burst_scale = 1.0) : served_(cfg.tpm_counts == TokenCount::Served) {
        auto burst = [burst_scale](int per_minute) { return std::max<std::int64_t>(1, std::llround(per_minute * burst_scale)); };
        if (cfg.rpm > 0) rpm_.emplace(cfg.rate_window, cfg.rpm, burst(cfg.rpm));
        if (cfg.tpm > 0) tpm_.emplace(cfg.rate_window, cfg.tpm, burst(cfg.tpm));
    }

    // nullopt: admitted (the request, and the requested tokens unless TPM counts what is served,
    // are taken). Otherwise the wait until it would be admitted, at most a minute (a call beyond
    // the budget never fits: try again in a minute).
    std::optional<engine::SimTime> admit(engine::SimTime now, std::int64_t tokens) {
        const std::int64_t tpm_need = served_ ? 1 : tokens;  // served: any room left admits
        engine::SimTime wait = 0;
        if (rpm_) wait = std::max(wait, rpm_->wait_time(now, 1));
        if (tpm_) wait = std::max(wait, tpm_->wait_time(now, tpm_need));
        if (wait > 0) return wait;
        if (rpm_) rpm_->take(now, 1);
        if (tpm_ && !served_) tpm_->take(now, tokens);
        return std::nullopt;
    }

    // Whether served() counts anything (TPM counts what is served).
    bool counts_served() const { return tpm_ && served_; }

    // A call finished generating: with TPM counting what is served, its prompt and output count now.
    void served(engine::SimTime now, std::int64_t tokens) {
        if (tpm_ && served_) tpm_->take(now, tokens);
    }

    // The tokens-per-minute budget a call could still take now; nullopt without a TPM limit.
    std::optional<std::int64_t> tokens_left(engine::SimTime now) {
        if (tpm_) return tpm_->left(now);
        return std::nullopt;
    }

private:
    bool served_;
    std::optional<MinuteBudget> rpm_, tpm_;
};

}  // namespace gatetune::sim
