#include "sim/workload.hpp"

#include <algorithm>
#include <cmath>

#include "engine/detmath.hpp"
#include "sim/trace.hpp"

namespace gatetune::sim {

using engine::from_seconds;

Workload::Workload(StackContext& ctx, Client& client, Sink sink)
    : ctx_(ctx), client_(client), sink_(std::move(sink)), done_(ctx.sim) {}

void Workload::start() {
    const auto& w = ctx_.cfg.workload;
    if (w.kind == WorkloadKind::Sessions) {
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

void Workload::spawn_arrival(int api_key, int call, int input_tokens, int output_tokens, bool stream) {
    ++clients_;
    ++arrivals_;
    ctx_.sim.spawn([](Workload& self, int k, int c, int i, int o, bool s) -> engine::Task<> {
        co_await self.one_call(-1, k, c, i, o, s, nullptr);
        self.client_finished();
    }(*this, api_key, call, input_tokens, output_tokens, stream));
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
    sink_(ex->rec);
}

engine::Task<> Workload::session_user(int user) {
    const auto& w = ctx_.cfg.workload;
    engine::Rng rng = ctx_.streams.stream("user", static_cast<std::uint64_t>(user));
    if (w.start_spread > 0) co_await ctx_.sim.delay(from_seconds(rng.uniform01() * w.start_spread));
    GatewayConnection conn;
    for (int rep = 0; rep < w.repeats; ++rep) {
        for (std::size_t i = 0; i < w.calls.size(); ++i) {
            co_await one_call(user, user % std::max(w.api_keys, 1), static_cast<int>(i), w.calls[i].input_tokens,
                              w.calls[i].output_tokens, w.stream, &conn);
            const double think = w.think_time.sample(rng);
            if (think > 0) co_await ctx_.sim.delay(from_seconds(think));
        }
    }
    client_finished();
}

// Trace replay: each row is sent at t × time_scale on its own connection, whatever the
// responses do (open loop, no coordinated omission).
engine::Task<> Workload::replay(std::vector<TraceRow> rows) {
    const auto& w = ctx_.cfg.workload;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const TraceRow& row = rows[i];
        const SimTime at = from_seconds(row.t * w.time_scale);
        if (at > ctx_.sim.now()) co_await ctx_.sim.delay(at - ctx_.sim.now());
        const int key = row.api_key >= 0 ? row.api_key : static_cast<int>(i % static_cast<std::size_t>(std::max(w.api_keys, 1)));
        spawn_arrival(key, -1, row.input_tokens, row.output_tokens, row.stream.value_or(w.stream));
    }
    client_finished();
}

// Rate in requests/s at time t: the last step at or before t, approached linearly over `ramp`.
double Workload::rate_at(double t) const {
    const auto& w = ctx_.cfg.workload;
    double prev = w.rate, current = w.rate, since = 0;
    for (const RateStep& s : w.steps) {
        if (s.at > t) break;
        prev = current;
        current = s.rate;
        since = s.at;
    }
    if (w.ramp > 0 && t - since < w.ramp) return prev + (current - prev) * (t - since) / w.ramp;
    return current;
}

// Non-homogeneous Poisson arrivals by thinning (Lewis & Shedler): candidate arrivals at the
// peak rate, each kept with probability rate(t)/peak. Arrivals never wait for responses.
engine::Task<> Workload::open_loop() {
    const auto& w = ctx_.cfg.workload;
    engine::Rng arrivals = ctx_.streams.stream("arrivals");
    engine::Rng tokens = ctx_.streams.stream("arrival_tokens");
    double peak = w.rate;
    for (const RateStep& s : w.steps) peak = std::max(peak, s.rate);
    std::size_t next_call = 0;
    while (peak > 0) {
        const double gap = -engine::det_log(arrivals.uniform_open01()) / peak;
        co_await ctx_.sim.delay(std::max<SimTime>(from_seconds(gap), 1));
        const double t = engine::to_seconds(ctx_.sim.now());
        if (t >= w.duration) break;
        if (arrivals.uniform01() * peak >= rate_at(t)) continue;
        int in = 0, out = 0, call = -1;
        if (w.input_tokens && w.output_tokens) {
            in = std::max(1, static_cast<int>(std::lround(w.input_tokens->sample(tokens))));
            out = std::max(1, static_cast<int>(std::lround(w.output_tokens->sample(tokens))));
        } else if (!w.calls.empty()) {
            call = static_cast<int>(next_call % w.calls.size());
            in = w.calls[static_cast<std::size_t>(call)].input_tokens;
            out = w.calls[static_cast<std::size_t>(call)].output_tokens;
            ++next_call;
        }
        spawn_arrival(static_cast<int>(arrivals_ % static_cast<std::uint64_t>(std::max(w.api_keys, 1))), call, in, out, w.stream);
    }
    client_finished();
}

}  // namespace gatetune::sim
