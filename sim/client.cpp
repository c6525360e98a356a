#include "sim/client.hpp"

#include "sim/keepalive_reuse.hpp"
#include "sim/load_balancer.hpp"

namespace gatetune::sim {

using engine::from_seconds;

engine::Task<bool> await_response(engine::Simulation& sim, Exchange& ex, SimTime gap) {
    if (int got = co_await engine::any_of(sim, gap, ex.first_byte); got == engine::AnyOf::kTimedOut) co_return false;
    co_await ex.answered;
    co_return true;
}

engine::Task<> Client::call(ExchangePtr ex, GatewayConnection& conn) {
    auto& sim = ctx_.sim;
    ctx_.metrics.in_flight.add(1);
    const SimTime half_rtt = from_seconds(ctx_.cfg.workload.network_rtt / 2);
    if (half_rtt > 0) co_await sim.delay(half_rtt);
    if (lb_) {
        if (reuse_lb_connection(*ex, conn)) lb_->forward(ex);  // the ALB answers ex itself
    } else {
        co_await send_direct(ex, conn);
    }
    const SimTime timeout = std::max<SimTime>(0, from_seconds(ctx_.cfg.workload.client_timeout) - half_rtt);
    if (bool got = co_await await_response(sim, *ex, timeout); got) {
        if (half_rtt > 0) co_await sim.delay(half_rtt);  // the answer travels back
    } else {
        ex->client_gone = true;
        ex->answer(0, Cause::ClientTimeout, ClientError::ReadTimeout);
        ctx_.explainer.note(Cause::ClientTimeout, *ex, facts::ClientGaveUp{}, sim.now());
    }
    ex->rec.end = sim.now();
    ctx_.metrics.in_flight.add(-1);
    if (lb_) {
        // The ALB keeps its side of the caller's connection open after its own 502/504 as well.
        conn.open = ctx_.cfg.workload.keepalive && ex->rec.http_status != 0;
        conn.idle_since = sim.now();
    } else if (ctx_.cfg.workload.keepalive) {
        gateway_.settle(conn, *ex);
    } else {
        conn.open = false;  // Connection: close
        gateway_.hang_up(*ex);
    }
}

// The caller's keep-alive connection to the ALB, which the ALB closes after idle_timeout without
// traffic either way. A caller that sees the FIN opens a new connection; one whose request
// crosses the FIN gets no response. [docs/MODEL.md §5]
bool Client::reuse_lb_connection(Exchange& ex, GatewayConnection& conn) {
    if (!conn.open) return true;
    const SimTime now = ctx_.sim.now();
    const SimTime idle = now - conn.idle_since;
    switch (idle_reuse(idle, from_seconds(ctx_.cfg.load_balancer.idle_timeout), from_seconds(ctx_.cfg.workload.network_rtt))) {
        case IdleReuse::Open: return true;
        case IdleReuse::Closed: conn.open = false; return true;
        case IdleReuse::Racing: break;
    }
    conn.open = false;
    ex.answer(0, Cause::LbClientIdleClose, ClientError::RemoteProtocolError);
    ctx_.explainer.note(Cause::LbClientIdleClose, ex, facts::LbClientIdleClose{idle}, now);
    return false;
}

void Client::hang_up(GatewayConnection& conn) {
    if (!lb_) gateway_.hang_up(conn);
}

engine::Task<> Client::send_direct(ExchangePtr ex, GatewayConnection& conn) {
    if (!ctx_.cfg.workload.keepalive) conn.open = false;
    const SimTime deadline = ex->rec.start + from_seconds(ctx_.cfg.workload.client_timeout);
    // The caller cannot see a FIN sent less than a round trip before its request reached the server.
    SendResult r = co_await gateway_.send(ex, conn, deadline, from_seconds(ctx_.cfg.workload.network_rtt));
    if (r.kind == SendResult::Sent) co_return;
    if (r.fails_at > ctx_.sim.now()) co_await ctx_.sim.delay(r.fails_at - ctx_.sim.now());
    if (r.kind == SendResult::BacklogFull) {
        ex->answer(0, Cause::BacklogFull, ClientError::ConnectTimeout);
        ctx_.explainer.note(Cause::BacklogFull, *ex, facts::BacklogFull{}, ctx_.sim.now());
    } else {  // O1: the request went out on a connection the server was closing
        ex->answer(0, Cause::ClosedAfterError, ClientError::ReadError);
        if (r.kind == SendResult::ClosedAfterError)
            ctx_.explainer.note(Cause::ClosedAfterError, *ex, facts::ClosedAfterError{}, ctx_.sim.now());
    }
    conn.open = false;
}

}  // namespace gatetune::sim
