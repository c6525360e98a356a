#pragma once
// What the order of requests in time tells: the arrival process (inter-arrival times, bursts,
// sessions and their think times), the upstream's concurrency slots (latency against the number
// of requests in flight when a request started) and its rate limits (how much had been admitted
// in the minute before each 429).
//
// Logs are written when requests end, so starts arrive out of order; a bounded reorder buffer
// (kReorderWindow requests) puts them back in start order as they stream past. A start older
// than the last one released is counted as late and left out of the timing analyses.
#include <cstdint>
#include <deque>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/calibration/family_fit.hpp"
#include "sim/calibration/sample_sketch.hpp"

namespace gatetune::sim::calibration {

struct TimedRequest {
    std::int64_t start_us = 0;
    std::int64_t latency_us = -1;  // < 0: unknown
    bool rate_limited = false;     // answered 429
    bool ok = false;               // 2xx
    double tokens = 0;             // prompt + completion
    double prompt = 0;
    double completion = 0;
    std::uint64_t session = 0;     // hash of the session id; 0 = none
    friend bool operator>(const TimedRequest& a, const TimedRequest& b) { return a.start_us > b.start_us; }
};

struct ConcurrencyLevel {
    std::uint64_t count = 0;
    double latency = 0;      // sums, s
    double prompt = 0;
    double completion = 0;
};

struct RateLimitEstimate {
    double value = 0;       // requests (or tokens) admitted in the minute before a 429, median
    double cv = 0;          // their spread: a real limit is hit at the same value each time
};

struct TimingResult {
    std::uint64_t timed = 0;
    std::uint64_t late = 0;                      // older than the reorder window allowed
    std::int64_t first_start_us = 0;
    std::int64_t last_end_us = 0;
    double duration_s = 0;
    double rate = 0;                             // requests/s
    std::optional<QuantityFit> inter_arrival;    // s
    double inter_arrival_cv = 0;
    double exponential_ks = 0;                   // KS distance to exponential(mean): Poisson arrivals are 0-ish
    std::string arrival_kind;                    // "poisson", "bursty", "regular", "sessions"
    std::uint64_t sessions = 0;
    std::optional<QuantityFit> think_time;       // s, between a session's calls
    std::optional<QuantityFit> session_calls;    // calls per session
    double mean_session_calls = 0;
    std::vector<ConcurrencyLevel> levels;        // [c]: requests that started with c others in flight
    std::uint64_t rate_limited = 0;
    std::optional<RateLimitEstimate> rpm;
    std::optional<RateLimitEstimate> tpm;
};

class RequestTiming {
public:
    static constexpr std::size_t kReorderWindow = 1 << 16;
    static constexpr std::size_t kMaxLevel = 4096;

    void add(const TimedRequest& r);
    TimingResult finish();
    std::size_t memory_bytes() const;

private:
    void release(const TimedRequest& r);

    std::priority_queue<TimedRequest, std::vector<TimedRequest>, std::greater<>> reorder_;
    std::optional<std::int64_t> released_;       // start of the last request released
    std::priority_queue<std::int64_t, std::vector<std::int64_t>, std::greater<>> in_flight_;  // end times
    std::deque<std::pair<std::int64_t, double>> minute_;  // admitted in the last 60 s: start, tokens
    double minute_tokens_ = 0;
    struct SessionState {
        std::int64_t last_end_us = 0;
        std::uint32_t calls = 0;
    };
    std::unordered_map<std::uint64_t, SessionState> sessions_;
    SampleSketch inter_arrival_{SampleSketch::kDefaultCapacity, 3};
    SampleSketch think_{SampleSketch::kDefaultCapacity, 4};
    SampleSketch rpm_at_429_{4096, 5};
    SampleSketch tpm_at_429_{4096, 6};
    std::vector<ConcurrencyLevel> levels_;
    TimingResult out_;
};

}  // namespace gatetune::sim::calibration
