#include "sim/stack.hpp"

#include "engine/process.hpp"
#include "gatetune/version.hpp"
#include "sim/db_server.hpp"
#include "sim/client.hpp"
#include "sim/gateway.hpp"
#include "sim/load_balancer.hpp"
#include "sim/recorder.hpp"
#include "sim/upstream.hpp"
#include "sim/workload.hpp"

namespace gatetune::sim {

RunResult simulate(const Config& cfg) { return simulate(cfg, RunControl{}); }

RunResult simulate(const Config& cfg, const RunControl& control) {
    RunResult out;
    out.preset = cfg.name;
    out.seed = cfg.simulation.seed;
    out.version = kVersion;

    engine::Simulation sim;
    StackMetrics metrics(cfg.server.workers);
    Explainer explainer;
    engine::RngStreams streams(cfg.simulation.seed);
    DbServer db(sim, cfg.db_server, cfg.faults, metrics, streams.stream("db_server"));
    Upstream upstream(sim, cfg.upstream, cfg.faults, metrics, streams.stream("upstream"));
    StackContext ctx{sim, cfg, metrics, explainer, streams, db, upstream};
    Recorder recorder(cfg, out, metrics);
    SimTime end = 0;
    {
        Gateway gateway(ctx);
        std::optional<LoadBalancer> alb;
        if (cfg.load_balancer.enabled) alb.emplace(ctx, gateway);
        Client client(ctx, gateway, alb ? &*alb : nullptr);
        Workload workload(ctx, client, [&](const RequestRecord& r) {
            recorder.record(r);
            end = std::max(end, r.end);
        });
        gateway.start();
        workload.start();
        sim.spawn(recorder.sample(sim, control));
        sim.spawn([](engine::Simulation& s, engine::Trigger& done) -> engine::Task<> {
            co_await done;
            s.stop();
        }(sim, workload.done()));
        const SimTime limit = engine::from_seconds(cfg.simulation.max_time);
        sim.run_until(limit);
        // Let the master finish what it started at the last instant (respawns after a final
        // kill) so its counters match a real run that kept going.
        if (workload.done().fired() && sim.now() < limit)
            sim.run_until(std::min(limit, sim.now() + engine::from_seconds(cfg.server.arbiter_interval)));
        out.worker_timeouts = gateway.worker_timeouts();
        out.worker_boots = gateway.worker_boots();
        for (const auto& [key, c] : gateway.limiter_counters()) out.limiter_by_key[key] = {c.admitted, c.limited};
        out.upstream_calls = upstream.calls();
        out.upstream_abandoned = upstream.abandoned();
        out.engine_events = sim.events_processed();
        recorder.finish(end, metrics);
        out.explanations = explainer.take(cfg);
        // Tear down while the gateway and workload exist: kill every process still running
        // (the upstream may still be generating for abandoned calls).
        sim.shutdown();
    }
    if (recorder.cancelled()) throw RunCancelled();
    return out;
}

}  // namespace gatetune::sim
