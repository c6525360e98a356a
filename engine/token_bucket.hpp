#pragma once
// TokenBucket: a rate limit with a burst allowance, in exact integer arithmetic — for an
// upstream's requests- and tokens-per-minute limits and the gateway's own limiter. Tokens are
// counted in units of 1/60,000,000 so that a per-minute rate refills an integer number of units
// per microsecond.
#include <cstdint>
#include <stdexcept>

#include "engine/time.hpp"

namespace gatetune::engine {

class TokenBucket {
public:
    static constexpr std::int64_t kUnitsPerToken = 60'000'000;  // µs per minute

    // `per_minute` tokens are added each minute, up to `burst` tokens; the bucket starts full.
    TokenBucket(std::int64_t per_minute, std::int64_t burst, SimTime start = 0)
        : rate_(per_minute), cap_(burst * kUnitsPerToken), level_(cap_), last_(start) {
        if (per_minute <= 0) throw std::invalid_argument("token bucket: rate must be positive");
        if (burst <= 0 || burst > (std::int64_t{1} << 40)) throw std::invalid_argument("token bucket: burst out of range");
    }

    std::int64_t per_minute() const { return rate_; }
    std::int64_t burst() const { return cap_ / kUnitsPerToken; }

    // Whole tokens available at `now`.
    std::int64_t available(SimTime now) {
        refill(now);
        return level_ / kUnitsPerToken;
    }

    // Takes `n` tokens if all are there; otherwise takes none.
    bool try_take(SimTime now, std::int64_t n) {
        refill(now);
        std::int64_t need = n * kUnitsPerToken;
        if (need > level_) return false;
        level_ -= need;
        return true;
    }

    // Takes `n` tokens whether or not they are there: the level may go below zero (a debt that
    // refills like any shortfall), for what is charged as it is used rather than before.
    void charge(SimTime now, std::int64_t n) {
        refill(now);
        level_ -= n * kUnitsPerToken;
    }

    // Time until `n` tokens will be available (0 if now); kForever when n exceeds the burst.
    SimTime wait_time(SimTime now, std::int64_t n) {
        refill(now);
        std::int64_t need = n * kUnitsPerToken;
        if (need > cap_) return kForever;
        if (need <= level_) return 0;
        return (need - level_ + rate_ - 1) / rate_;
    }

private:
    void refill(SimTime now) {
        if (now <= last_) return;
        SimTime dt = now - last_;
        last_ = now;
        // Cap before multiplying so long idle periods cannot overflow.
        if (dt >= (cap_ - level_) / rate_ + 1) {
            level_ = cap_;
            return;
        }
        level_ += dt * rate_;
        if (level_ > cap_) level_ = cap_;
    }

    std::int64_t rate_;   // units per µs (= tokens per minute)
    std::int64_t cap_;    // units
    std::int64_t level_;  // units
    SimTime last_;
};

}  // namespace gatetune::engine
