#include "sim/arrival_schedule.hpp"

#include <algorithm>
#include <cmath>

#include "engine/detmath.hpp"

namespace gatetune::sim {

using engine::from_seconds;

double rate_at(const WorkloadConfig& w, double t) {
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

OpenLoopSchedule::OpenLoopSchedule(const WorkloadConfig& w, const engine::RngStreams& streams)
    : w_(w), arrivals_(streams.stream("arrivals")), tokens_(streams.stream("arrival_tokens")), peak_(w.rate) {
    for (const RateStep& s : w.steps) peak_ = std::max(peak_, s.rate);
    over_ = !(peak_ > 0);
}

std::optional<OpenLoopSchedule::Candidate> OpenLoopSchedule::next() {
    if (over_) return std::nullopt;
    const double gap = -engine::det_log(arrivals_.uniform_open01()) / peak_;
    now_ += std::max<SimTime>(from_seconds(gap), 1);
    Candidate c;
    c.at = now_;
    const double t = engine::to_seconds(now_);
    if (t >= w_.duration) {
        over_ = true;
        c.past_duration = true;
        return c;
    }
    if (arrivals_.uniform01() * peak_ >= rate_at(w_, t)) return c;
    Arrival a;
    a.at = now_;
    a.stream = w_.stream;
    if (w_.input_tokens && w_.output_tokens) {
        a.input_tokens = std::max(1, static_cast<int>(std::lround(w_.input_tokens->sample(tokens_))));
        a.output_tokens = std::max(1, static_cast<int>(std::lround(w_.output_tokens->sample(tokens_))));
    } else if (!w_.calls.empty()) {
        a.call = static_cast<int>(next_call_ % w_.calls.size());
        a.input_tokens = w_.calls[static_cast<std::size_t>(a.call)].input_tokens;
        a.output_tokens = w_.calls[static_cast<std::size_t>(a.call)].output_tokens;
        ++next_call_;
    }
    a.api_key = static_cast<int>(accepted_++ % static_cast<std::uint64_t>(std::max(w_.api_keys, 1)));
    c.arrival = a;
    return c;
}

std::vector<Arrival> open_loop_arrivals(const WorkloadConfig& w, const engine::RngStreams& streams) {
    std::vector<Arrival> out;
    OpenLoopSchedule schedule(w, streams);
    while (auto c = schedule.next()) {
        if (c->arrival) out.push_back(*c->arrival);
    }
    return out;
}

std::vector<Arrival> trace_arrivals(const WorkloadConfig& w, const std::vector<TraceRow>& rows) {
    std::vector<Arrival> out;
    out.reserve(rows.size());
    const auto keys = static_cast<std::size_t>(std::max(w.api_keys, 1));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const TraceRow& row = rows[i];
        Arrival a;
        a.at = from_seconds(row.t * w.time_scale);
        a.api_key = row.api_key >= 0 ? row.api_key : static_cast<int>(i % keys);
        a.input_tokens = row.input_tokens;
        a.output_tokens = row.output_tokens;
        a.stream = row.stream.value_or(w.stream);
        out.push_back(a);
    }
    return out;
}

int session_api_key(const WorkloadConfig& w, int user) { return user % std::max(w.api_keys, 1); }

SessionPacing::SessionPacing(const WorkloadConfig& w, const engine::RngStreams& streams, int user)
    : w_(w), rng_(streams.stream("user", static_cast<std::uint64_t>(user))) {}

std::optional<SimTime> SessionPacing::start_delay() {
    if (!(w_.start_spread > 0)) return std::nullopt;
    return from_seconds(rng_.uniform01() * w_.start_spread);
}

std::optional<SimTime> SessionPacing::think_time() {
    const double think = w_.think_time.sample(rng_);
    if (!(think > 0)) return std::nullopt;
    return from_seconds(think);
}

}  // namespace gatetune::sim
