#pragma once
// The upstream: the proxy router and the LLM provider behind it. Each call is served by its own
// process, independent of the caller — a caller that gives up does not stop the generation
// (O6) unless cancel_on_disconnect is set. [docs/MODEL.md §7, §8, O6]
#include <memory>

#include "engine/process.hpp"
#include "engine/resource.hpp"
#include "sim/stack_context.hpp"
#include "sim/upstream_rate_limits.hpp"

namespace gatetune::sim {

// One HTTP exchange with the upstream, shared by the caller (httpx) and the serving process.
struct UpstreamCall {
    explicit UpstreamCall(engine::Simulation& sim) : first_byte(sim), finished(sim), sim_(&sim) {}
    int input_tokens = 0;
    int output_tokens = 0;
    bool stream = false;

    engine::Trigger first_byte;  // headers + first chunk (non-streamed: the whole body at the end)
    engine::Trigger finished;    // last byte
    int status = 0;              // HTTP status once first_byte fired
    bool abandoned = false;      // the caller stopped reading

    SimTime sent = 0, slot_at = -1, first_token_at = -1, done_at = -1;
    SimTime retry_after = 0;     // a 429's Retry-After header
    engine::Process server;      // the serving process (to cancel on disconnect)

    // After the first chunk of a streamed response: reads the rest as httpx does, each wait for
    // the next chunk bounded by `read_timeout`. Resumes true with the last byte; or false
    // `read_timeout` after the first chunk, when the upstream sends its chunks further apart than
    // that (httpx.ReadTimeout). `relay()` runs when the chunks start flowing on to the caller.
    template <class Relay>
    engine::Task<bool> read_stream(SimTime read_timeout, Relay relay) {
        if (chunk_gap_ > read_timeout) {
            co_await sim_->delay(read_timeout);
            co_return false;
        }
        relay();
        co_await finished;
        co_return true;
    }

private:
    friend class Upstream;
    engine::Simulation* sim_;
    SimTime chunk_gap_ = 0;  // streamed: time between chunks (one per token)
};
using UpstreamCallPtr = std::shared_ptr<UpstreamCall>;

class Upstream {
public:
    Upstream(engine::Simulation& sim, const UpstreamConfig& cfg, const FaultsConfig& faults, StackMetrics& metrics, engine::Rng rng);
    ~Upstream();
    Upstream(const Upstream&) = delete;
    Upstream& operator=(const Upstream&) = delete;
    // False during an outage window: connections are refused.
    bool reachable() const;
    // Starts serving a call that just arrived over a connection.
    void submit(const UpstreamCallPtr& call);
    // The caller gave up on the call (read timeout, worker killed).
    void abandon(const UpstreamCallPtr& call);

    std::uint64_t calls() const { return calls_; }
    std::uint64_t abandoned() const { return abandoned_; }
    int active() const { return static_cast<int>(slots_.in_use()); }

private:
    engine::Task<> serve(UpstreamCallPtr call);
    void respond(UpstreamCall& c, int status);

    engine::Simulation& sim_;
    const UpstreamConfig& cfg_;
    const FaultsConfig& faults_;
    StackMetrics& metrics_;
    engine::Rng rng_;
    engine::Resource slots_;
    UpstreamRateLimits limits_;
    std::uint64_t calls_ = 0, abandoned_ = 0;
};

}  // namespace gatetune::sim
