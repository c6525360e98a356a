// The gateway's side of client connections: reuse while kept alive, new connections through the
// shared backlog, and what each response does to the connection. [docs/MODEL.md §2, §5, O1, O7]
#include "sim/gateway.hpp"
#include "sim/keepalive_reuse.hpp"

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
    hang_up(*ex);  // the draining worker closed the old connection
    ex->connection = nullptr;
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
        } else if (const IdleReuse reuse = idle_reuse(idle, keepalive, race_window); same_process && reuse == IdleReuse::Open) {
            ex->rec.worker = conn.worker;
            ex->worker_generation = conn.generation;
            ex->connection = conn.server;
            if (ex->connection) ex->connection->closes_at = engine::kForever;  // busy again: no keep-alive timer
            slot.worker->deliver(ex);
            co_return SendResult{};
        } else if (same_process && reuse == IdleReuse::Racing) {
            // uvicorn's keep-alive timer closed it just now; the FIN is still on its way.
            co_return SendResult{SendResult::KeepaliveRace, now};
        }
        conn.open = false;  // closed meanwhile, and the sender noticed: open a new one
    }
    if (bool connected = co_await connect(ex, connect_deadline); !connected) co_return SendResult{SendResult::BacklogFull, ctx_.sim.now()};
    co_return SendResult{};
}

namespace {
// Whether the server keeps the connection open after this response: the sync worker closes after
// each; a 503 carries `Connection: close`; a dropped request has no connection left.
bool kept_alive(const Config& cfg, const RequestRecord& r) {
    return cfg.server.worker_class != WorkerClass::Sync && r.worker >= 0 && r.http_status != 0 && r.http_status != 503;
}
// O1: uvicorn closes the connection shortly after a 500 from the exception handler.
bool closes_after_error(const Config& cfg, const RequestRecord& r) {
    return r.http_status == 500 && cfg.request.exception_handler_500 && cfg.request.close_after_error_delay > 0;
}
}  // namespace

void Gateway::settle(GatewayConnection& conn, const Exchange& ex) const {
    const auto& r = ex.rec;
    conn.open = kept_alive(ctx_.cfg, r);
    conn.worker = r.worker;
    conn.generation = ex.worker_generation;
    conn.idle_since = ctx_.sim.now();
    conn.server_closes_at = engine::kForever;
    conn.server = conn.open ? ex.connection : nullptr;
    if (!conn.open) hang_up(ex);
    if (conn.open && closes_after_error(ctx_.cfg, r))
        conn.server_closes_at = ctx_.sim.now() + from_seconds(ctx_.cfg.request.close_after_error_delay);
}

void Gateway::hang_up(GatewayConnection& conn) const {
    if (conn.server) conn.server->close_by(ctx_.sim.now());
    conn.server = nullptr;
    conn.open = false;
}

void Gateway::hang_up(const Exchange& ex) const {
    if (ex.connection) ex.connection->close_by(ctx_.sim.now());
}

void Gateway::response_sent(const Exchange& ex) const {
    if (!ex.connection) return;
    const SimTime now = ctx_.sim.now();
    const auto& r = ex.rec;
    if (!kept_alive(ctx_.cfg, r)) {
        ex.connection->close_by(now);
    } else if (closes_after_error(ctx_.cfg, r)) {
        ex.connection->close_by(now + from_seconds(ctx_.cfg.request.close_after_error_delay));
    } else {
        // uvicorn's keep-alive timer; the ALB drops a target connection idle for its own idle_timeout.
        ex.connection->close_by(now + from_seconds(ctx_.cfg.server.keepalive));
        if (ctx_.cfg.load_balancer.enabled) ex.connection->close_by(now + from_seconds(ctx_.cfg.load_balancer.idle_timeout));
    }
}

}  // namespace gatetune::sim
