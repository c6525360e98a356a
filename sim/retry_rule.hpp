#pragma once
// The gateway app's retry loop around the upstream call, written once for both runtimes: the
// simulated handler (sim/handler.cpp) and the live chat handler (app/live/gateway/chat_handler.cpp).
// docs/MODEL.md reference runs: `for attempt in range(max_retries)` — max_attempts is the total
// number of attempts, retried on any httpx timeout and on a status ≥ 500, `retry_backoff` doubling
// between attempts. A 429 reaches raise_for_status (→ the catch-all 500) unless the app honours
// it (`retry_on_429`): then it waits at least the upstream's Retry-After before the next attempt.
#include <algorithm>
#include <cmath>

#include "engine/time.hpp"
#include "sim/config.hpp"
#include "sim/outcome.hpp"

namespace gatetune::sim {

// OpenAI's error code for a prompt beyond the model's context, which the cause is named after.
inline std::string_view context_length_code() { return to_string(Cause::ContextLengthExceeded); }

// How the app's upstream call classifies an answer: raise_for_status raises from 400 on; a 429 is
// the upstream's rate limit, a 400 whose error says so an over-long context.
inline Cause upstream_answer_cause(int status, bool says_context_length) {
    if (status < 400) return Cause::Ok;
    if (status == 429) return Cause::UpstreamRateLimited;
    if (status == 400 && says_context_length) return Cause::ContextLengthExceeded;
    return Cause::UpstreamError;
}

inline bool retryable(Cause c, const HttpClientConfig& hc) {
    switch (c) {
        case Cause::HttpPoolTimeout:
        case Cause::UpstreamConnectTimeout:
        case Cause::UpstreamReadTimeout: return hc.retry_on_timeout;
        case Cause::UpstreamError: return hc.retry_on_5xx;
        case Cause::UpstreamRateLimited: return hc.retry_on_429;
        default: return false;
    }
}

inline int total_attempts(const HttpClientConfig& hc) { return std::max(hc.max_attempts, 1); }

// The pause after failed attempt `failed` (1-based) before the next one: retry_backoff × 2^(failed−1),
// and for an honoured 429 at least its Retry-After.
inline engine::SimTime retry_wait(const HttpClientConfig& hc, int failed, Cause c, engine::SimTime retry_after) {
    engine::SimTime wait = engine::from_seconds(hc.retry_backoff * std::ldexp(1.0, std::clamp(failed, 1, 30) - 1));
    if (c == Cause::UpstreamRateLimited && hc.retry_on_429) wait = std::max(wait, retry_after);
    return wait;
}

// Retry-After is whole seconds (RFC 9110 §10.2.3): the time until a limit admits the call, rounded
// up, and at least 1 s.
inline engine::SimTime retry_after_header(engine::SimTime until_admitted) {
    const engine::SimTime s = std::max<engine::SimTime>(1, (until_admitted + 999'999) / 1'000'000);
    return s * 1'000'000;
}

}  // namespace gatetune::sim
