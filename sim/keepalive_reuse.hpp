#pragma once
// Reusing an idle keep-alive connection that the other side closes after `idle_limit` of
// silence — uvicorn's keep-alive timer on the gateway's connections, the ALB's idle_timeout on
// its callers' connections. The sender sees the close only when the FIN arrives, so a request
// sent less than `race_window` (about a round trip) after the close meets the FIN in flight
// and fails with no response; later, the sender's pool has seen the FIN and opens a new
// connection instead (httpcore checks an idle connection for EOF before reusing it).
// [docs/MODEL.md §2, §5]
#include "engine/time.hpp"

namespace gatetune::sim {

enum class IdleReuse {
    Open,     // the connection is still open: reuse it
    Racing,   // the other side closed it just now: the request meets the close
    Closed,   // closed, and the sender knows: open a new one
};

inline IdleReuse idle_reuse(engine::SimTime idle, engine::SimTime idle_limit, engine::SimTime race_window) {
    if (idle < idle_limit) return IdleReuse::Open;
    if (idle < idle_limit + race_window) return IdleReuse::Racing;
    return IdleReuse::Closed;
}

// A reused connection that fails before any response byte, within the race window of sending
// (at least 10 ms: a loopback round trip is far below a timer's resolution), had been closed
// before the request reached the other side; a later failure is a peer that went away with the
// request outstanding.
inline bool closed_before_request(double seconds_since_send, double race_window_s) {
    return seconds_since_send < (race_window_s > 0.01 ? race_window_s : 0.01);
}

}  // namespace gatetune::sim
