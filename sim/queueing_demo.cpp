#include "sim/queueing_demo.hpp"

#include <deque>
#include <queue>
#include <vector>

#include "engine/detmath.hpp"
#include "engine/process.hpp"
#include "engine/random.hpp"
#include "engine/resource.hpp"

namespace gatetune::sim {

using engine::SimTime;

namespace {

// Exponential sample in whole microseconds (at least 1, so no two events coincide by rounding
// to zero).
SimTime exp_us(engine::Rng& rng, double mean_s) {
    SimTime t = engine::from_seconds(-mean_s * engine::det_log(rng.uniform_open01()));
    return t > 0 ? t : 1;
}

struct Draws {
    engine::Rng arrivals;
    engine::Rng services;
    explicit Draws(std::uint64_t seed)
        : arrivals(engine::RngStreams(seed).stream("mmc.arrivals")),
          services(engine::RngStreams(seed).stream("mmc.services")) {}
};

struct Tally {
    std::uint64_t served = 0;
    SimTime wait_sum = 0;
};

engine::Task<> customer(engine::Simulation& sim, engine::Resource& servers, SimTime service, Tally& tally) {
    const SimTime arrived = sim.now();
    engine::Acquired server = co_await servers.acquire();
    tally.wait_sum += sim.now() - arrived;
    co_await sim.delay(service);
    ++tally.served;
}

engine::Task<> source(engine::Simulation& sim, engine::Resource& servers, const MmcParams& p, Draws& d, Tally& tally) {
    const double mean_interarrival = p.mean_service_s / (p.servers * p.utilisation);
    for (std::uint64_t i = 0; i < p.customers; ++i) {
        co_await sim.delay(exp_us(d.arrivals, mean_interarrival));
        sim.spawn(customer(sim, servers, exp_us(d.services, p.mean_service_s), tally));
    }
}

MmcResult finish(const Tally& t, SimTime end, std::uint64_t engine_events) {
    MmcResult r;
    r.served = t.served;
    r.mean_wait_s = t.served ? engine::to_seconds(t.wait_sum) / static_cast<double>(t.served) : 0.0;
    r.model_events = 2 * t.served;
    r.engine_events = engine_events;
    r.end = end;
    return r;
}

}  // namespace

MmcResult run_mmc_processes(const MmcParams& p) {
    engine::Simulation sim;
    engine::Resource servers(sim, p.servers);
    Draws draws(p.seed);
    Tally tally;
    sim.spawn(source(sim, servers, p, draws, tally));
    sim.run();
    return finish(tally, sim.now(), sim.events_processed());
}

MmcResult run_mmc_handwritten(const MmcParams& p) {
    struct Event {
        SimTime t;
        std::uint64_t seq;
        bool arrival;
        bool operator>(const Event& o) const { return t > o.t || (t == o.t && seq > o.seq); }
    };
    struct Waiting {
        SimTime arrived;
        SimTime service;
    };
    std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
    std::deque<Waiting> queue;
    Draws d(p.seed);
    Tally tally;
    const double mean_interarrival = p.mean_service_s / (p.servers * p.utilisation);
    std::uint64_t seq = 0, arrivals = 0, popped = 0;
    int busy = 0;
    SimTime now = 0;
    events.push({exp_us(d.arrivals, mean_interarrival), seq++, true});
    while (!events.empty()) {
        Event e = events.top();
        events.pop();
        ++popped;
        now = e.t;
        if (e.arrival) {
            ++arrivals;
            SimTime service = exp_us(d.services, p.mean_service_s);
            if (arrivals < p.customers) events.push({now + exp_us(d.arrivals, mean_interarrival), seq++, true});
            if (busy < p.servers) {
                ++busy;
                events.push({now + service, seq++, false});
            } else {
                queue.push_back({now, service});
            }
        } else {
            ++tally.served;
            if (!queue.empty()) {
                Waiting w = queue.front();
                queue.pop_front();
                tally.wait_sum += now - w.arrived;
                events.push({now + w.service, seq++, false});
            } else {
                --busy;
            }
        }
    }
    return finish(tally, now, popped);
}

double erlang_c_mean_wait(int c, double lambda, double mu) {
    const double a = lambda / mu;  // offered load in Erlangs
    const double rho = a / c;
    // Sum a^k/k! for k < c, and a^c/c!, iteratively (no factorial overflow).
    double term = 1.0, sum = 0.0;
    for (int k = 0; k < c; ++k) {
        sum += term;
        term *= a / (k + 1);
    }
    const double top = term / (1.0 - rho);
    const double p_wait = top / (sum + top);
    return p_wait / (c * mu - lambda);
}

}  // namespace gatetune::sim
