#pragma once
// The mock LLM upstream: an OpenAI-compatible server that behaves like the preset's [upstream]
// — the same steps, in the same order, as sim/upstream.cpp: router overhead, context check,
// RPM/TPM buckets (429), injected errors (500), the slot queue (503 when full), stalls (504),
// prefill (time to first token) and decode at the modelled pace, streamed token by token.
// Runs on one event loop: no locks.
#include <cstdint>
#include <optional>

#include "app/live/net/async_semaphore.hpp"
#include "app/live/net/chat_body.hpp"
#include "app/live/net/server.hpp"
#include "engine/random.hpp"
#include "sim/upstream_rate_limits.hpp"
#include "sim/config.hpp"

namespace gatetune::live {

struct MockLlmCounters {
    std::uint64_t calls = 0;
    std::uint64_t abandoned = 0;   // the caller went away before the last token (O6)
    std::int64_t active = 0;       // generations running
    std::int64_t queued = 0;       // waiting for a slot
    std::int64_t peak_active = 0;
};

class MockLlm {
public:
    // `config` is already time-scaled; `t0` is the start of the run (fault windows count from it).
    // `time_scale` sizes the RPM/TPM bursts: a bucket holds the preset's own per-minute limit.
    MockLlm(const sim::Config& config, std::chrono::steady_clock::time_point t0, double time_scale = 1.0);

    awaitable<void> handle(Request& req, Responder& out);
    // True inside an [faults] upstream_outage window: the server stops accepting.
    bool in_outage() const;
    const MockLlmCounters& counters() const { return counters_; }

private:
    awaitable<void> complete(const ChatCall& call, Responder& out);
    awaitable<void> generate(const ChatCall& call, Responder& out, double tpot, std::string id);
    engine::SimTime now() const;
    awaitable<void> sleep_until(std::chrono::steady_clock::time_point t);

    const sim::UpstreamConfig cfg_;
    const sim::FaultsConfig faults_;
    std::chrono::steady_clock::time_point t0_;
    engine::Rng rng_;
    AsyncSemaphore slots_;
    sim::UpstreamRateLimits limits_;
    MockLlmCounters counters_;
};

}  // namespace gatetune::live
