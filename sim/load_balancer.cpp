#include "sim/load_balancer.hpp"

#include "sim/client.hpp"

namespace gatetune::sim {

using engine::from_seconds;

void LoadBalancer::forward(ExchangePtr client_ex) { ctx_.sim.spawn(proxy(std::move(client_ex))); }

// The most recently used idle connection the ALB has not itself closed for idleness.
GatewayConnection LoadBalancer::take_target_connection() {
    const SimTime idle_limit = from_seconds(ctx_.cfg.load_balancer.idle_timeout);
    while (!idle_.empty()) {
        GatewayConnection c = idle_.back();
        idle_.pop_back();
        if (ctx_.sim.now() - c.idle_since < idle_limit) return c;
    }
    return GatewayConnection{};
}

void LoadBalancer::give_back(GatewayConnection conn) {
    if (conn.open) idle_.push_back(conn);
}

void LoadBalancer::fail(Exchange& client_ex, const Exchange& target_ex, int status, Cause cause, facts::Fact fact) {
    client_ex.answer(status, cause);
    // The request as the target last saw it (what the gateway was doing), under the client's number.
    ctx_.explainer.note(cause, target_ex, std::move(fact), ctx_.sim.now());
}

engine::Task<> LoadBalancer::proxy(ExchangePtr client_ex) {
    auto& sim = ctx_.sim;
    const auto& lb = ctx_.cfg.load_balancer;
    co_await sim.delay(from_seconds(lb.network_rtt / 2));

    // The request to the target is a separate exchange: the target's answer goes to the ALB.
    auto tx = std::make_shared<Exchange>(sim);
    tx->rec = client_ex->rec;
    tx->rec.start = sim.now();
    tx->stream = client_ex->stream;
    GatewayConnection conn = take_target_connection();
    SendResult sent = co_await gateway_.send(tx, conn, sim.now() + from_seconds(lb.connect_timeout), from_seconds(lb.race_window));
    if (sent.kind != SendResult::Sent) {
        if (sent.fails_at > sim.now()) co_await sim.delay(sent.fails_at - sim.now());
        co_await sim.delay(from_seconds(lb.network_rtt / 2));
        if (sent.kind == SendResult::KeepaliveRace)
            fail(*client_ex, *tx, 502, Cause::LbKeepaliveRace, facts::LbKeepaliveRace{sim.now() - conn.idle_since});
        else if (sent.kind == SendResult::ClosedAfterError)
            fail(*client_ex, *tx, 502, Cause::LbTargetClosed, facts::LbTargetClosed{});
        else
            fail(*client_ex, *tx, 504, Cause::BacklogFull, facts::LbConnectTimeout{});
        co_return;
    }

    // No byte from the target for idle_timeout → 504, though the app keeps working (and will
    // later write into a closed connection).
    const SimTime idle = from_seconds(lb.idle_timeout);
    if (int got = co_await engine::any_of(sim, idle, tx->first_byte); got == engine::AnyOf::kTimedOut) {
        client_ex->rec.worker = tx->rec.worker;
        client_ex->rec.phases = tx->rec.phases;
        fail(*client_ex, *tx, 504, Cause::LbIdleTimeout, facts::LbIdleTimeout{});
        gateway_.hang_up(*tx);  // the ALB closes its target connection; the app carries on
        co_return;
    }
    if (!tx->answered.fired()) {
        client_ex->start_stream();
        co_await tx->answered;
    }
    co_await sim.delay(from_seconds(lb.network_rtt / 2));
    const RequestRecord& t = tx->rec;
    client_ex->rec.worker = t.worker;
    client_ex->rec.attempts = t.attempts;
    client_ex->rec.phases = t.phases;
    client_ex->worker_generation = tx->worker_generation;
    if (t.http_status == 0) {
        // The target dropped the connection (its worker died): "The target closed the connection
        // with a TCP RST or a TCP FIN while the load balancer had an outstanding request."
        client_ex->answer(502, t.cause);
    } else {
        client_ex->answer(t.http_status, t.cause);
        gateway_.settle(conn, *tx);
        give_back(conn);
    }
}

}  // namespace gatetune::sim
