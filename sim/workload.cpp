#include "sim/workload.hpp"

namespace gatetune::sim {

Workload::Workload(StackContext& ctx, Client& client, Sink sink)
    : ctx_(ctx), client_(client), sink_(std::move(sink)), done_(ctx.sim) {}

void Workload::start() {
    const auto& w = ctx_.cfg.workload;
    if (w.kind == WorkloadKind::Sessions && !w.sessions.empty()) {
        for (std::size_t u = 0; u < w.sessions.size(); ++u) {
            ++clients_;
            ctx_.sim.spawn(replayed_session(static_cast<int>(u)));
        }
    } else if (w.kind == WorkloadKind::Sessions) {
        for (int u = 0; u < w.users; ++u) {
            ++clients_;
            ctx_.sim.spawn(session_user(u));
        }
    } else if (w.kind == WorkloadKind::Trace) {
        // Read (and check) the whole trace before the run: a bad row stops it with its line.
        ++clients_;
        ctx_.sim.spawn(replay(load_trace(w.trace)));
    } else {
        ++clients_;
        ctx_.sim.spawn(open_loop());
    }
    if (clients_ == 0) done_.fire();
}

void Workload::spawn_arrival(const Arrival& a) {
    ++clients_;
    ctx_.sim.spawn([](Workload& self, Arrival arrival) -> engine::Task<> {
        co_await self.one_call(-1, arrival.api_key, arrival.call, arrival.input_tokens, arrival.output_tokens,
                               arrival.stream, nullptr);
        self.client_finished();
    }(*this, a));
}

void Workload::client_finished() {
    if (--clients_ == 0) done_.fire();
}

engine::Task<> Workload::one_call(int user, int api_key, int call, int input_tokens, int output_tokens, bool stream,
                                  GatewayConnection* conn) {
    auto ex = std::make_shared<Exchange>(ctx_.sim);
    ex->rec.id = next_id_++;
    ex->rec.user = user;
    ex->rec.api_key = api_key;
    ex->rec.call = call;
    ex->rec.input_tokens = input_tokens;
    ex->rec.output_tokens = output_tokens;
    ex->rec.start = ctx_.sim.now();
    ex->stream = stream;
    GatewayConnection fresh;
    co_await client_.call(ex, conn ? *conn : fresh);
    client_.hang_up(fresh);
    sink_(ex->rec);
}

engine::Task<> Workload::session_user(int user) {
    const auto& w = ctx_.cfg.workload;
    SessionPacing pacing(w, ctx_.streams, user);
    if (const auto start = pacing.start_delay()) co_await ctx_.sim.delay(*start);
    GatewayConnection conn;
    for (int rep = 0; rep < w.repeats; ++rep) {
        for (std::size_t i = 0; i < w.calls.size(); ++i) {
            co_await one_call(user, session_api_key(w, user), static_cast<int>(i), w.calls[i].input_tokens,
                              w.calls[i].output_tokens, w.stream, &conn);
            if (const auto think = pacing.think_time()) co_await ctx_.sim.delay(*think);
        }
    }
    client_.hang_up(conn);
    client_finished();
}

// An observed caller replayed (gatetune diagnose): its own calls from its own start, each sent
// when the previous answered and the caller's observed pause has passed, on one keep-alive
// connection as a client library would.
engine::Task<> Workload::replayed_session(int user) {
    const ReplayedSession& s = ctx_.cfg.workload.sessions[static_cast<std::size_t>(user)];
    if (const SimTime start = engine::from_seconds(s.start); start > 0) co_await ctx_.sim.delay(start);
    GatewayConnection conn;
    for (std::size_t i = 0; i < s.calls.size(); ++i) {
        co_await one_call(user, session_api_key(ctx_.cfg.workload, user), static_cast<int>(i), s.calls[i].input_tokens,
                          s.calls[i].output_tokens, ctx_.cfg.workload.stream, &conn);
        const double pause = i < s.pause_after.size() ? s.pause_after[i] : 0.0;
        if (i + 1 < s.calls.size() && pause > 0) co_await ctx_.sim.delay(engine::from_seconds(pause));
    }
    client_.hang_up(conn);
    client_finished();
}

// Trace replay: each row is sent at t × time_scale on its own connection, whatever the
// responses do (open loop, no coordinated omission).
engine::Task<> Workload::replay(std::vector<TraceRow> rows) {
    for (const Arrival& a : trace_arrivals(ctx_.cfg.workload, rows)) {
        if (a.at > ctx_.sim.now()) co_await ctx_.sim.delay(a.at - ctx_.sim.now());
        spawn_arrival(a);
    }
    client_finished();
}

// Arrivals never wait for responses; the process also wakes at thinned-out candidates, as the
// schedule is defined on the clock.
engine::Task<> Workload::open_loop() {
    OpenLoopSchedule schedule(ctx_.cfg.workload, ctx_.streams);
    while (auto c = schedule.next()) {
        co_await ctx_.sim.delay(c->at - ctx_.sim.now());
        if (c->past_duration) break;
        if (c->arrival) spawn_arrival(*c->arrival);
    }
    client_finished();
}

}  // namespace gatetune::sim
