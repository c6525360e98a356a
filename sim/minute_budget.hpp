#pragma once
// A per-minute limit — requests or tokens per minute — counted one of the three ways real
// services count it (RateWindow), written once for the upstream's limits
// (sim/upstream_rate_limits.hpp) and the gateway's own limiter (sim/gateway_limits.hpp), and so
// for both runtimes:
//   token_bucket  a minute's worth refills continuously: a pause earns part of it back at once
//                 (OpenAI and Anthropic describe their limits this way);
//   rolling       what was taken in the trailing 60 s counts: nothing comes back until a minute
//                 after it was spent (sliding-window limiters, e.g. a per-key log in Redis);
//   fixed         counts reset at each whole minute: a burst just before the boundary and another
//                 just after both pass (per-minute counters keyed by the current minute, as
//                 LiteLLM's proxy keeps them).
#include <algorithm>
#include <cstdint>
#include <deque>
#include <utility>
#include <variant>

#include "engine/time.hpp"
#include "engine/token_bucket.hpp"
#include "sim/config.hpp"

namespace gatetune::sim {

inline constexpr engine::SimTime kMinute = 60'000'000;

// What was taken in the last minute: `n` fits when the total plus `n` is within the limit; the
// wait is until enough of the oldest entries are a minute old.
class RollingMinute {
public:
    explicit RollingMinute(std::int64_t limit) : limit_(limit) {}
    engine::SimTime wait_time(engine::SimTime now, std::int64_t n) {
        expire(now);
        if (n > limit_) return kMinute;
        std::int64_t over = used_ + n - limit_;
        for (const auto& [at, amount] : log_) {
            if (over <= 0) break;
            over -= amount;
            if (over <= 0) return at + kMinute - now;
        }
        return over > 0 ? kMinute : 0;
    }
    void take(engine::SimTime now, std::int64_t n) {
        expire(now);
        log_.emplace_back(now, n);
        used_ += n;
    }
    std::int64_t left(engine::SimTime now) {
        expire(now);
        return limit_ - used_;
    }

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

// What was taken since the current whole minute began (minutes counted from `start`).
class FixedMinute {
public:
    FixedMinute(std::int64_t limit, engine::SimTime start) : limit_(limit), start_(start) {}
    engine::SimTime wait_time(engine::SimTime now, std::int64_t n) {
        roll(now);
        if (n > limit_) return kMinute;
        if (used_ + n <= limit_) return 0;
        return window_end(now) - now;
    }
    void take(engine::SimTime now, std::int64_t n) {
        roll(now);
        used_ += n;
    }
    std::int64_t left(engine::SimTime now) {
        roll(now);
        return limit_ - used_;
    }

private:
    std::int64_t window(engine::SimTime now) const { return now < start_ ? 0 : (now - start_) / kMinute; }
    engine::SimTime window_end(engine::SimTime now) const { return start_ + (window(now) + 1) * kMinute; }
    void roll(engine::SimTime now) {
        if (const std::int64_t w = window(now); w != window_) {
            window_ = w;
            used_ = 0;
        }
    }
    std::int64_t limit_;
    engine::SimTime start_;
    std::int64_t window_ = 0;
    std::int64_t used_ = 0;
};

// The token bucket and the windows name "charge" and "what is left" differently.
namespace budget_detail {
inline void charge(engine::TokenBucket& b, engine::SimTime now, std::int64_t n) { b.charge(now, n); }
template <class W>
void charge(W& w, engine::SimTime now, std::int64_t n) { w.take(now, n); }
inline std::int64_t left(engine::TokenBucket& b, engine::SimTime now) { return b.available(now); }
template <class W>
std::int64_t left(W& w, engine::SimTime now) { return w.left(now); }
}  // namespace budget_detail

class MinuteBudget {
public:
    // `per_minute` a minute, counted as `window` says; `burst` is the token bucket's size (the
    // windows hold `burst` too, which is per_minute unless a live run scales it).
    MinuteBudget(RateWindow window, std::int64_t per_minute, std::int64_t burst, engine::SimTime start = 0)
        : impl_(make(window, per_minute, burst, start)) {}

    // 0 when `n` fits now, else how long until it would (a minute when it never fits).
    engine::SimTime wait_time(engine::SimTime now, std::int64_t n) {
        return std::visit(
            [&](auto& b) -> engine::SimTime {
                const engine::SimTime w = b.wait_time(now, n);
                return std::min(w, kMinute);
            },
            impl_);
    }
    // Charges `n`: after wait_time(now, n) == 0, or — for what is counted as it is served — at any
    // time, running the budget into debt that later refills or expires.
    void take(engine::SimTime now, std::int64_t n) {
        std::visit([&](auto& b) { budget_detail::charge(b, now, n); }, impl_);
    }
    // What could still be taken now (negative in debt).
    std::int64_t left(engine::SimTime now) {
        return std::visit([&](auto& b) -> std::int64_t { return budget_detail::left(b, now); }, impl_);
    }

private:
    using Impl = std::variant<engine::TokenBucket, RollingMinute, FixedMinute>;
    static Impl make(RateWindow window, std::int64_t per_minute, std::int64_t burst, engine::SimTime start) {
        switch (window) {
            case RateWindow::Rolling: return RollingMinute(burst);
            case RateWindow::Fixed: return FixedMinute(burst, start);
            case RateWindow::TokenBucket: break;
        }
        return engine::TokenBucket(per_minute, burst, start);
    }
    Impl impl_;
};

}  // namespace gatetune::sim
