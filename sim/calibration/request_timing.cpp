#include "sim/calibration/request_timing.hpp"

#include <algorithm>
#include <cmath>

#include "engine/distribution.hpp"

namespace gatetune::sim::calibration {
namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;
constexpr std::size_t kMinRateLimitEvents = 5;
// Inter-arrival CV bands: Poisson arrivals have CV 1; above this they come in bursts, below it
// they are paced (a load tool's constant rate).
constexpr double kBurstyCv = 1.5;
constexpr double kRegularCv = 0.5;

std::optional<RateLimitEstimate> estimate(const SampleSketch& s) {
    if (s.count() < kMinRateLimitEvents) return std::nullopt;
    const std::vector<double> v = s.sorted_sample();
    return RateLimitEstimate{v[v.size() / 2], s.cv()};
}

}  // namespace

void RequestTiming::add(const TimedRequest& r) {
    if (released_ && r.start_us < *released_) {
        ++out_.late;
        return;
    }
    reorder_.push(r);
    if (reorder_.size() > kReorderWindow) {
        const TimedRequest next = reorder_.top();
        reorder_.pop();
        release(next);
    }
}

void RequestTiming::release(const TimedRequest& r) {
    if (out_.timed == 0) out_.first_start_us = r.start_us;
    else inter_arrival_.add(static_cast<double>(r.start_us - *released_) * 1e-6);
    released_ = r.start_us;
    ++out_.timed;
    if (r.latency_us >= 0) out_.last_end_us = std::max(out_.last_end_us, r.start_us + r.latency_us);
    out_.last_end_us = std::max(out_.last_end_us, r.start_us);

    // Concurrency: the requests still in flight when this one started.
    while (!in_flight_.empty() && in_flight_.top() <= r.start_us) in_flight_.pop();
    if (r.latency_us >= 0) {
        if (r.ok) {
            const std::size_t c = std::min(in_flight_.size(), kMaxLevel);
            if (levels_.size() <= c) levels_.resize(c + 1);
            ConcurrencyLevel& l = levels_[c];
            ++l.count;
            l.latency += static_cast<double>(r.latency_us) * 1e-6;
            l.prompt += r.prompt;
            l.completion += r.completion;
        }
        in_flight_.push(r.start_us + r.latency_us);
    }

    // Rate limits: what had been admitted in the minute before each 429.
    while (!minute_.empty() && minute_.front().first <= r.start_us - kMinuteUs) {
        minute_tokens_ -= minute_.front().second;
        minute_.pop_front();
    }
    if (r.rate_limited) {
        ++out_.rate_limited;
        rpm_at_429_.add(static_cast<double>(minute_.size()));
        tpm_at_429_.add(minute_tokens_);
    } else {
        minute_.emplace_back(r.start_us, r.tokens);
        minute_tokens_ += r.tokens;
    }

    // Sessions: a caller's next call after its previous one ended.
    if (r.session != 0) {
        auto [it, fresh] = sessions_.try_emplace(r.session);
        SessionState& s = it->second;
        if (!fresh && r.start_us >= s.last_end_us) think_.add(static_cast<double>(r.start_us - s.last_end_us) * 1e-6);
        ++s.calls;
        s.last_end_us = r.latency_us >= 0 ? r.start_us + r.latency_us : r.start_us;
    }
}

TimingResult RequestTiming::finish() {
    while (!reorder_.empty()) {
        const TimedRequest next = reorder_.top();
        reorder_.pop();
        release(next);
    }
    TimingResult out = out_;
    out.duration_s = static_cast<double>(out.last_end_us - out.first_start_us) * 1e-6;
    const double span = inter_arrival_.count() ? inter_arrival_.mean() * static_cast<double>(inter_arrival_.count()) : 0;
    out.rate = span > 0 ? static_cast<double>(inter_arrival_.count()) / span : 0;
    const std::vector<double> gaps = inter_arrival_.sorted_sample();
    out.inter_arrival = fit_quantity(gaps);
    out.inter_arrival_cv = inter_arrival_.cv();
    if (!gaps.empty() && inter_arrival_.mean() > 0) out.exponential_ks = ks_distance(gaps, engine::Distribution::exponential(inter_arrival_.mean()));
    out.sessions = sessions_.size();
    if (!sessions_.empty()) {
        SampleSketch calls(SampleSketch::kDefaultCapacity, 7);
        // In hash order: deterministic, since the hashes are.
        std::vector<std::pair<std::uint64_t, std::uint32_t>> per;
        for (const auto& [id, s] : sessions_) per.emplace_back(id, s.calls);
        std::sort(per.begin(), per.end());
        for (const auto& [id, n] : per) calls.add(n);
        out.mean_session_calls = calls.mean();
        out.session_calls = fit_quantity(calls.sorted_sample());
        out.think_time = fit_quantity(think_.sorted_sample());
    }
    if (out.sessions > 0 && out.mean_session_calls >= 2) out.arrival_kind = "sessions";
    else if (out.inter_arrival_cv > kBurstyCv) out.arrival_kind = "bursty";
    else if (out.inter_arrival_cv < kRegularCv) out.arrival_kind = "regular";
    else out.arrival_kind = "poisson";
    out.levels = levels_;
    out.rpm = estimate(rpm_at_429_);
    out.tpm = estimate(tpm_at_429_);
    return out;
}

std::size_t RequestTiming::memory_bytes() const {
    return reorder_.size() * sizeof(TimedRequest) + in_flight_.size() * sizeof(std::int64_t) + minute_.size() * 16 +
           sessions_.size() * 32 + inter_arrival_.memory_bytes() + think_.memory_bytes() + levels_.capacity() * sizeof(ConcurrencyLevel);
}

}  // namespace gatetune::sim::calibration
