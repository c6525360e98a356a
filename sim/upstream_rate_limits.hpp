#pragma once
// The upstream's requests- and tokens-per-minute limits, written once for the simulated upstream
// (sim/upstream.cpp) and the live mock LLM (app/live/upstream/mock_llm.cpp). A call is admitted
// only when both buckets have room — prompt + max output tokens count against TPM, as providers
// reserve max_tokens — and a refused call takes nothing from either. The refusal says how long
// until both would admit the call: what the router puts in its 429's Retry-After.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include "engine/time.hpp"
#include "engine/token_bucket.hpp"
#include "sim/config.hpp"

namespace gatetune::sim {

class UpstreamRateLimits {
public:
    // Each bucket holds a minute's worth (times `burst_scale`: a live run with time scaled down
    // keeps the same share of a scaled minute).
    explicit UpstreamRateLimits(const UpstreamConfig& cfg, double burst_scale = 1.0) {
        auto burst = [burst_scale](int per_minute) { return std::max<std::int64_t>(1, std::llround(per_minute * burst_scale)); };
        if (cfg.rpm > 0) rpm_.emplace(cfg.rpm, burst(cfg.rpm));
        if (cfg.tpm > 0) tpm_.emplace(cfg.tpm, burst(cfg.tpm));
    }

    // nullopt: admitted (the tokens are taken). Otherwise the wait until it would be admitted,
    // at most a minute (a call beyond the burst never fits: try again in a minute).
    std::optional<engine::SimTime> admit(engine::SimTime now, std::int64_t tokens) {
        engine::SimTime wait = 0;
        if (rpm_) wait = std::max(wait, rpm_->wait_time(now, 1));
        if (tpm_) wait = std::max(wait, tpm_->wait_time(now, tokens));
        if (wait > 0) return std::min(wait, kMinute);
        if (rpm_) rpm_->try_take(now, 1);
        if (tpm_) tpm_->try_take(now, tokens);
        return std::nullopt;
    }

private:
    static constexpr engine::SimTime kMinute = 60'000'000;
    std::optional<engine::TokenBucket> rpm_, tpm_;
};

}  // namespace gatetune::sim
