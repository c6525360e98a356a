// Engine speed: M/M/c (c = 8, ρ = 0.9) in process style against a hand-written heap loop on the
// same sample path, and the event-set candidates head to head. Items = model events
// (arrivals + departures), so the two M/M/c rates compare like for like.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "engine/event_set.hpp"
#include "ratio_reporter.hpp"
#include "sim/queueing_demo.hpp"

using namespace gatetune;

namespace {

void BM_MmcProcesses(benchmark::State& state) {
    sim::MmcParams p;
    p.customers = static_cast<std::uint64_t>(state.range(0));
    std::uint64_t events = 0, engine_events = 0;
    for (auto _ : state) {
        sim::MmcResult r = sim::run_mmc_processes(p);
        events += r.model_events;
        engine_events += r.engine_events;
        benchmark::DoNotOptimize(r.mean_wait_s);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(events));
    state.counters["engine_events_per_model_event"] = static_cast<double>(engine_events) / static_cast<double>(events);
}

void BM_MmcHandwritten(benchmark::State& state) {
    sim::MmcParams p;
    p.customers = static_cast<std::uint64_t>(state.range(0));
    std::uint64_t events = 0;
    for (auto _ : state) {
        sim::MmcResult r = sim::run_mmc_handwritten(p);
        events += r.model_events;
        benchmark::DoNotOptimize(r.mean_wait_s);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(events));
}

// The "hold" model with cancellations: a steady population of pending events, each step pops
// the earliest and schedules a new one; one in two new events is a timeout that gets cancelled
// before it fires — the pattern of a request arming and disarming a pool timeout.
template <class Heap>
void BM_EventSetHold(benchmark::State& state) {
    using namespace engine;
    const std::size_t population = static_cast<std::size_t>(state.range(0));
    BasicEventSet<Heap> set;
    std::vector<std::unique_ptr<EventNode>> nodes(population * 2);
    for (auto& n : nodes) n = std::make_unique<EventNode>();
    std::uint64_t x = 88172645463325252ull;
    auto rnd = [&] { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x; };
    SimTime now = 0;
    for (std::size_t i = 0; i < population; ++i) set.schedule(*nodes[i], static_cast<SimTime>(rnd() % 1'000'000), 0);
    std::vector<EventNode*> spare;
    for (std::size_t i = population; i < nodes.size(); ++i) spare.push_back(nodes[i].get());
    std::uint64_t ops = 0;
    for (auto _ : state) {
        EventNode* n = set.pop();
        now = n->time;
        EventNode* timeout = spare.back();
        spare.pop_back();
        set.schedule(*timeout, now + 30'000'000, now);
        set.schedule(*n, now + 1 + static_cast<SimTime>(rnd() % 1'000'000), now);
        set.cancel(*timeout);
        spare.push_back(timeout);
        ops += 1;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(ops));
}

}  // namespace

BENCHMARK(BM_MmcHandwritten)->Arg(200'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MmcProcesses)->Arg(200'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EventSetHold<engine::BinaryHeap>)->Arg(100)->Arg(10'000)->Arg(1'000'000);
BENCHMARK(BM_EventSetHold<engine::QuaternaryHeap>)->Arg(10)->Arg(100)->Arg(10'000)->Arg(1'000'000);
BENCHMARK(BM_EventSetHold<engine::AdaptiveQuaternaryHeap>)->Arg(10)->Arg(100)->Arg(10'000)->Arg(1'000'000);

int main(int argc, char** argv) {
    return bench::run_with_ratios(argc, argv,
                                  {{"BM_MmcProcesses", "BM_MmcHandwritten"},
                                   {"BM_EventSetHold<engine::QuaternaryHeap>/10000", "BM_EventSetHold<engine::BinaryHeap>/10000"},
                                   {"BM_EventSetHold<engine::QuaternaryHeap>/1000000", "BM_EventSetHold<engine::BinaryHeap>/1000000"},
                                   {"BM_EventSetHold<engine::AdaptiveQuaternaryHeap>/10", "BM_EventSetHold<engine::QuaternaryHeap>/10"},
                                   {"BM_EventSetHold<engine::AdaptiveQuaternaryHeap>/10000", "BM_EventSetHold<engine::QuaternaryHeap>/10000"}});
}
