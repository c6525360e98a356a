#pragma once
// The upstream's requests- and tokens-per-minute limits, written once for the simulated upstream
// (sim/upstream.cpp) and the live mock LLM (app/live/upstream/mock_llm.cpp). A call is admitted
// only when both limits have room — prompt + max output tokens count against TPM, as providers
// reserve max_tokens — and a refused call takes nothing from either. The refusal says how long
// until both would admit the call: what the router puts in its 429's Retry-After. Two ways of
// counting a minute (upstream.rate_window): a token bucket that refills continuously, or a
// rolling 60-s log of what was admitted.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <optional>

#include "engine/time.hpp"
#include "engine/token_bucket.hpp"
#include "sim/config.hpp"

namespace gatetune::sim {

// What was admitted in the last minute: a call fits when the total plus its own is within the
// limit; the wait is until enough of the oldest entries are a minute old.
class RollingMinute {
public:
    RollingMinute(std::int64_t limit) : limit_(limit) {}
    engine::SimTime wait_time(engine::SimTime now, std::int64_t n) {
        expire(now);
        if (n > limit_) return kMinute;
        std::int64_t over = used_ + n - limit_;
        for (const auto& [at, amount] : log_) {
            if (over <= 0) break;
            over -= amount;
            if (over <= 0) return at + kMinute - now;
        }
        return 0;
    }
    void take(engine::SimTime now, std::int64_t n) {
        log_.emplace_back(now, n);
        used_ += n;
    }
    // What a call could still take now.
    std::int64_t left(engine::SimTime now) {
        expire(now);
        return limit_ - used_;
    }

    static constexpr engine::SimTime kMinute = 60'000'000;

private:
    void expire(engine::SimTime now) {
        while (!log_.empty() && log_.front().first + kMinute <= now) {
            used_ -= log_.front().second;
            log_.pop_front();
        }
    }
    std::int64_t limit_;
    std::int64_t used_ = 0;
    std::deque<std::pair<engine::SimTime, std::int64_t>> log_;
};

class UpstreamRateLimits {
public:
    // Each bucket holds a minute's worth (times `burst_scale`: a live run with time scaled down
    // keeps the same share of a scaled minute).
    explicit UpstreamRateLimits(const UpstreamConfig& cfg, double burst_scale = 1.0) {
        auto burst = [burst_scale](int per_minute) { return std::max<std::int64_t>(1, std::llround(per_minute * burst_scale)); };
        if (cfg.rate_window == RateWindow::Rolling) {
            if (cfg.rpm > 0) rpm_window_.emplace(burst(cfg.rpm));
            if (cfg.tpm > 0) tpm_window_.emplace(burst(cfg.tpm));
            return;
        }
        if (cfg.rpm > 0) rpm_.emplace(cfg.rpm, burst(cfg.rpm));
        if (cfg.tpm > 0) tpm_.emplace(cfg.tpm, burst(cfg.tpm));
    }

    // nullopt: admitted (the tokens are taken). Otherwise the wait until it would be admitted,
    // at most a minute (a call beyond the burst never fits: try again in a minute).
    std::optional<engine::SimTime> admit(engine::SimTime now, std::int64_t tokens) {
        engine::SimTime wait = 0;
        if (rpm_) wait = std::max(wait, rpm_->wait_time(now, 1));
        if (tpm_) wait = std::max(wait, tpm_->wait_time(now, tokens));
        if (rpm_window_) wait = std::max(wait, rpm_window_->wait_time(now, 1));
        if (tpm_window_) wait = std::max(wait, tpm_window_->wait_time(now, tokens));
        if (wait > 0) return std::min(wait, RollingMinute::kMinute);
        if (rpm_) rpm_->try_take(now, 1);
        if (tpm_) tpm_->try_take(now, tokens);
        if (rpm_window_) rpm_window_->take(now, 1);
        if (tpm_window_) tpm_window_->take(now, tokens);
        return std::nullopt;
    }

    // The tokens-per-minute budget a call could still take now; nullopt without a TPM limit.
    std::optional<std::int64_t> tokens_left(engine::SimTime now) {
        if (tpm_) return tpm_->available(now);
        if (tpm_window_) return tpm_window_->left(now);
        return std::nullopt;
    }

private:
    std::optional<engine::TokenBucket> rpm_, tpm_;
    std::optional<RollingMinute> rpm_window_, tpm_window_;
};

}  // namespace gatetune::sim
