// The gateway's side of client connections: reuse while kept alive, new connections through the
// shared backlog, and what each response does to the connection. [docs/MODEL.md §2, §5, O1, O7]
#include "sim/gateway.hpp"

namespace gatetune::sim {

using engine::from_seconds;

Gateway::SessionLookup Gateway::lookup_session(int owner) {
    auto [it, inserted] = sessions_.try_emplace(owner, false);
    if (inserted) return SessionLookup::Missing;
    return it->second ? SessionLookup::Found : SessionLookup::MissingInsertPending;
}

void Gateway::session_insert_done(int owner, bool committed) {
    if (committed)
        sessions_[owner] = true;
    else
        sessions_.erase(owner);
}

void Gateway::reconnect(ExchangePtr ex) {
    if (!listener_.offer(ex)) ex->answer(0, Cause::BacklogFull, ClientError::ConnectError);
}

// While the backlog is full the kernel drops the SYN and the sender's TCP stack retransmits it
// after 1, 2, 4 … s, until its own connect deadline.
engine::Task<bool> Gateway::connect(ExchangePtr ex, SimTime deadline) {
    SimTime backoff = engine::kSecond;
    while (!listener_.offer(ex)) {
        if (ctx_.sim.now() + backoff >= deadline) co_return false;
        co_await ctx_.sim.delay(backoff);
        backoff *= 2;
    }
    co_return true;
}

engine::Task<SendResult> Gateway::send(ExchangePtr ex, GatewayConnection& conn, SimTime connect_deadline, SimTime race_window) {
    const SimTime now = ctx_.sim.now();
    if (conn.open) {
        WorkerSlot& slot = *slots_[static_cast<std::size_t>(conn.worker)];
        const bool same_process = slot.worker && slot.generation == conn.generation;
        const SimTime idle = now - conn.idle_since;
        const SimTime keepalive = from_seconds(ctx_.cfg.server.keepalive);
        if (same_process && conn.server_closes_at != engine::kForever) {
            // O1: the server is about to close this connection after its 500; a request sent
            // before the sender could see the close (its FIN takes race_window to come back) is
            // answered by the close itself.
            if (now < conn.server_closes_at + race_window)
                co_return SendResult{SendResult::ClosedAfterError, std::max(now, conn.server_closes_at)};
        } else if (same_process && idle < keepalive) {
            ex->rec.worker = conn.worker;
            ex->worker_generation = conn.generation;
            slot.worker->deliver(ex);
            co_return SendResult{};
        } else if (same_process && idle < keepalive + race_window) {
            // uvicorn's keep-alive timer closed it just now; the FIN is still on its way.
            co_return SendResult{SendResult::KeepaliveRace, now};
        }
        conn.open = false;  // closed meanwhile, and the sender noticed: open a new one
    }
    if (bool connected = co_await connect(ex, connect_deadline); !connected) co_return SendResult{SendResult::BacklogFull, ctx_.sim.now()};
    co_return SendResult{};
}

void Gateway::settle(GatewayConnection& conn, const Exchange& ex) const {
    const auto& r = ex.rec;
    const bool keeps_alive = ctx_.cfg.server.worker_class != WorkerClass::Sync;  // sync closes after each response
    conn.open = keeps_alive && r.worker >= 0 && r.http_status != 0 && r.http_status != 503;  // 503: Connection: close
    conn.worker = r.worker;
    conn.generation = ex.worker_generation;
    conn.idle_since = ctx_.sim.now();
    conn.server_closes_at = engine::kForever;
    const double delay = ctx_.cfg.request.close_after_error_delay;
    if (conn.open && r.http_status == 500 && ctx_.cfg.request.exception_handler_500 && delay > 0)
        conn.server_closes_at = ctx_.sim.now() + from_seconds(delay);
}

}  // namespace gatetune::sim
