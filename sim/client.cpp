#include "sim/client.hpp"

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
        lb_->forward(ex);  // the ALB answers ex itself
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
    if (!lb_ && ctx_.cfg.workload.keepalive) {
        gateway_.settle(conn, *ex);
    } else {
        conn.open = false;  // Connection: close (or the ALB holds the target connections)
        if (!lb_) gateway_.hang_up(*ex);
    }
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
