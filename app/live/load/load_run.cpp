#include "app/live/load/load_run.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>
#include <stdexcept>
#include <utility>

#include <boost/asio.hpp>

#include "app/live/load/api_keys.hpp"
#include "app/live/load/gateway_call.hpp"
#include "app/live/load/load_series.hpp"
#include "engine/random.hpp"
#include "gatetune/version.hpp"
#include "sim/arrival_schedule.hpp"
#include "sim/metrics.hpp"
#include "sim/record_fold.hpp"

namespace gatetune::live {
namespace {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using Clock = std::chrono::steady_clock;
using tcp = asio::ip::tcp;

constexpr auto kPoll = std::chrono::milliseconds(50);
constexpr auto kProgressEvery = std::chrono::seconds(1);

// Every arrival holds a socket while it waits for its response: an open-loop run at a few hundred
// requests/s with slow responses needs more than the usual soft limit of 1024 descriptors.
void raise_descriptor_limit() {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &lim);
    }
}

class LoadRun {
public:
    LoadRun(const sim::Config& cfg, const LoadOptions& options, LoadTarget target)
        : cfg_(cfg), options_(options), target_(std::move(target)), streams_(cfg.simulation.seed),
          series_(cfg.simulation.sample_interval) {
        outcome_.result.calls = sim::session_call_rows(cfg.workload);
    }

    LoadOutcome run();

private:
    awaitable<void> session_user(int user);
    awaitable<void> arrivals(std::vector<sim::Arrival> plan);
    awaitable<void> one_arrival(sim::Arrival a);
    awaitable<void> call(sim::RequestRecord& rec, bool stream, GatewayLink& link);
    awaitable<void> ticker();
    awaitable<void> sleep_until(Clock::time_point t);
    sim::RequestRecord new_record(int user, int api_key, int call, int input_tokens, int output_tokens);
    void spawn(awaitable<void> task);
    void client_finished();
    void stop_early();
    void plan_workload();

    const sim::Config& cfg_;
    const LoadOptions& options_;
    LoadTarget target_;
    engine::RngStreams streams_;
    LoadSeries series_;
    LoadOutcome outcome_;
    asio::io_context* ioc_ = nullptr;
    std::optional<CallSettings> settings_;
    std::vector<sim::Arrival> plan_;
    sim::Level in_flight_;
    std::uint64_t next_id_ = 1, sent_ = 0, done_ = 0, errors_ = 0;
    std::int64_t clients_ = 0;  // coroutines of the workload still running
    engine::SimTime last_end_ = 0;
    std::exception_ptr failure_;
};

void LoadRun::spawn(awaitable<void> task) {
    asio::co_spawn(*ioc_, std::move(task), [this](std::exception_ptr e) {
        if (e && !failure_) {
            failure_ = e;
            ioc_->stop();
        }
    });
}

void LoadRun::client_finished() {
    if (--clients_ == 0) {
        series_.sample_until(settings_->clock.preset_now(), in_flight_.value);
        ioc_->stop();
    }
}

void LoadRun::stop_early() {
    outcome_.unfinished = static_cast<std::uint64_t>(std::max<std::int64_t>(in_flight_.value, 0));
    ioc_->stop();
}

awaitable<void> LoadRun::sleep_until(Clock::time_point t) {
    if (t <= Clock::now()) co_return;
    const auto executor = co_await asio::this_coro::executor;
    asio::steady_timer timer(executor);
    timer.expires_at(t);
    co_await timer.async_wait(use_awaitable);
}

sim::RequestRecord LoadRun::new_record(int user, int api_key, int call, int input_tokens, int output_tokens) {
    sim::RequestRecord rec;
    rec.id = next_id_++;
    rec.user = user;
    rec.api_key = api_key;
    rec.call = call;
    rec.input_tokens = input_tokens;
    rec.output_tokens = output_tokens;
    return rec;
}

awaitable<void> LoadRun::call(sim::RequestRecord& rec, bool stream, GatewayLink& link) {
    ++sent_;
    series_.sent();
    in_flight_.add(1);
    const std::string& key = api_key_for(options_.api_keys, rec.api_key);
    const CallNotes notes = co_await send_call(*settings_, link, key, stream, rec);
    in_flight_.add(-1);
    ++done_;
    if (!rec.ok()) ++errors_;
    if (notes.cause_from_status) ++outcome_.cause_from_status;
    if (notes.local_error) ++outcome_.local_errors;
    sim::fold_request(outcome_.result, rec, cfg_.simulation.record_requests);
    series_.ended(rec);
    last_end_ = std::max(last_end_, rec.end);
}

// A scripted user, as sim::Workload::session_user: start offset, then the script `repeats` times
// on one connection (kept alive when workload.keepalive), thinking after every call.
awaitable<void> LoadRun::session_user(int user) {
    const auto& w = cfg_.workload;
    const LoadClock& clock = settings_->clock;
    sim::SessionPacing pacing(w, streams_, user);
    if (const auto start = pacing.start_delay()) co_await sleep_until(clock.wall_at(*start));
    const auto executor = co_await asio::this_coro::executor;
    GatewayLink link(executor);
    for (int rep = 0; rep < w.repeats; ++rep) {
        for (std::size_t i = 0; i < w.calls.size(); ++i) {
            sim::RequestRecord rec = new_record(user, sim::session_api_key(w, user), static_cast<int>(i),
                                                w.calls[i].input_tokens, w.calls[i].output_tokens);
            rec.start = clock.preset_now();
            co_await call(rec, w.stream, link);
            if (const auto think = pacing.think_time()) {
                const Clock::time_point until = Clock::now() + clock.to_wall(engine::to_seconds(*think));
                co_await sleep_until(until);
            }
        }
    }
    link.close();
    client_finished();
}

// Open loop and trace replay: every arrival at its absolute instant, spawned and never awaited.
awaitable<void> LoadRun::arrivals(std::vector<sim::Arrival> plan) {
    const LoadClock& clock = settings_->clock;
    for (const sim::Arrival& a : plan) {
        const Clock::time_point when = clock.wall_at(a.at);
        co_await sleep_until(when);
        const double lag = std::chrono::duration<double>(Clock::now() - when).count();
        outcome_.max_send_lag_s = std::max(outcome_.max_send_lag_s, lag);
        ++clients_;
        spawn(one_arrival(a));
    }
    client_finished();
}

awaitable<void> LoadRun::one_arrival(sim::Arrival a) {
    const auto executor = co_await asio::this_coro::executor;
    GatewayLink link(executor);
    sim::RequestRecord rec = new_record(-1, a.api_key, a.call, a.input_tokens, a.output_tokens);
    rec.start = a.at;  // the scheduled instant: a late send counts against the request
    co_await call(rec, a.stream, link);
    link.close();
    client_finished();
}

awaitable<void> LoadRun::ticker() {
    const LoadClock& clock = settings_->clock;
    const Clock::time_point deadline = clock.wall_at(engine::from_seconds(cfg_.simulation.max_time));
    Clock::time_point next_progress = clock.start() + kProgressEvery;
    const auto executor = co_await asio::this_coro::executor;
    asio::steady_timer timer(executor);
    for (;;) {
        timer.expires_after(kPoll);
        co_await timer.async_wait(use_awaitable);
        const Clock::time_point now = Clock::now();
        series_.sample_until(clock.preset_since_start(now), in_flight_.value);
        if (options_.stop_requested && options_.stop_requested()) {
            outcome_.interrupted = true;
            stop_early();
            co_return;
        }
        if (now >= deadline) {  // simulation.max_time: the simulator stops there too
            outcome_.reached_max_time = true;
            stop_early();
            co_return;
        }
        if (options_.on_progress && now >= next_progress) {
            next_progress += kProgressEvery;
            options_.on_progress({engine::to_seconds(clock.preset_since_start(now)), sent_, done_, errors_, in_flight_.value});
        }
    }
}

void LoadRun::plan_workload() {
    const auto& w = cfg_.workload;
    if (w.kind == sim::WorkloadKind::Open) plan_ = sim::open_loop_arrivals(w, streams_);
    // A bad trace row stops the run before anything is sent, with its file and line.
    if (w.kind == sim::WorkloadKind::Trace) plan_ = sim::trace_arrivals(w, sim::load_trace(w.trace));
}

LoadOutcome LoadRun::run() {
    plan_workload();
    asio::io_context ioc(1);
    ioc_ = &ioc;
    tcp::resolver resolver(ioc);
    boost::system::error_code ec;
    auto endpoints = resolver.resolve(target_.host, target_.port, ec);
    if (ec) throw std::runtime_error("cannot resolve the target host \"" + target_.host + "\": " + ec.message());
    raise_descriptor_limit();
    const auto client_timeout = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(cfg_.workload.client_timeout * options_.time_scale));
    settings_.emplace(CallSettings{target_, endpoints, LoadClock(Clock::now(), options_.time_scale), client_timeout,
                                   cfg_.workload.keepalive, cfg_.load_balancer.enabled,
                                   cfg_.workload.network_rtt * options_.time_scale});

    const auto& w = cfg_.workload;
    if (w.kind == sim::WorkloadKind::Sessions) {
        for (int u = 0; u < w.users; ++u) {
            ++clients_;
            spawn(session_user(u));
        }
    } else {
        ++clients_;
        spawn(arrivals(std::move(plan_)));
    }
    if (clients_ > 0) {
        spawn(ticker());
        ioc.run();
    }
    if (failure_) std::rethrow_exception(failure_);

    sim::RunResult& r = outcome_.result;
    r.preset = cfg_.name;
    r.seed = cfg_.simulation.seed;
    r.version = kVersion;
    r.mode = "live";
    r.duration = last_end_;
    r.peaks.in_flight = in_flight_.peak;
    r.timeseries = series_.take();
    return std::move(outcome_);
}

}  // namespace

LoadOutcome run_load(const sim::Config& cfg, const LoadOptions& options) {
    if (!(std::isfinite(options.time_scale) && options.time_scale > 0))
        throw LoadInputError("--time-scale must be a positive number (got " + std::to_string(options.time_scale) + ")");
    LoadTarget target = parse_load_target(options.target);
    if (options.api_keys.empty()) (void)resolve_api_keys({}, nullptr);  // throws the "no API key" message
    LoadRun run(cfg, options, std::move(target));
    return run.run();
}

}  // namespace gatetune::live
