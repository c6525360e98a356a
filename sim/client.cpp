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
        if (ctx_.explainer.wants(Cause::ClientTimeout))
            ctx_.explainer.add(Cause::ClientTimeout, ex->rec.id,
                               format("Request #%llu (user %d, call %d) was still %s when the client's own timeout of "
                                      "%.1f s ran out; the client gave up, the gateway carried on.",
                                      static_cast<unsigned long long>(ex->rec.id), ex->rec.user, ex->rec.call + 1,
                                      ex->activity, ctx_.cfg.workload.client_timeout));
    }
    ex->rec.end = sim.now();
    ctx_.metrics.in_flight.add(-1);
    if (!lb_ && ctx_.cfg.workload.keepalive) {
        gateway_.settle(conn, *ex);
    } else {
        conn.open = false;  // Connection: close (or the ALB holds the target connections)
    }
}

engine::Task<> Client::send_direct(ExchangePtr ex, GatewayConnection& conn) {
    if (!ctx_.cfg.workload.keepalive) conn.open = false;
    const SimTime deadline = ex->rec.start + from_seconds(ctx_.cfg.workload.client_timeout);
    // The caller cannot see a FIN sent less than a round trip before its request reached the server.
    SendResult r = co_await gateway_.send(ex, conn, deadline, from_seconds(ctx_.cfg.workload.network_rtt));
    if (r.kind == SendResult::Sent) co_return;
    if (r.fails_at > ctx_.sim.now()) co_await ctx_.sim.delay(r.fails_at - ctx_.sim.now());
    if (r.kind == SendResult::BacklogFull)
        ex->answer(0, Cause::BacklogFull, ClientError::ConnectTimeout);
    else  // O1: the request went out on a connection the server was closing
        ex->answer(0, Cause::ClosedAfterError, ClientError::ReadError);
    explain_send_failure(*ex, r.kind);
    conn.open = false;
}

void Client::explain_send_failure(const Exchange& ex, SendResult::Kind kind) {
    const unsigned long long id = ex.rec.id;
    if (kind == SendResult::BacklogFull && ctx_.explainer.wants(Cause::BacklogFull))
        ctx_.explainer.add(Cause::BacklogFull, id,
                           format("Request #%llu could not connect: the listen backlog (%d) stayed full, so the kernel "
                                  "dropped every SYN until the client gave up.", id, ctx_.cfg.server.backlog));
    if (kind == SendResult::ClosedAfterError && ctx_.explainer.wants(Cause::ClosedAfterError))
        ctx_.explainer.add(Cause::ClosedAfterError, id,
                           format("Request #%llu reused the keep-alive connection on which the previous call had just "
                                  "received a 500. Starlette's ServerErrorMiddleware re-raises after sending the 500 and "
                                  "uvicorn then closes the connection (%.0f ms later); the request, sent before the close, "
                                  "failed with httpx.ReadError without reaching the handler.",
                                  id, ctx_.cfg.request.close_after_error_delay * 1000));
}

}  // namespace gatetune::sim
