#pragma once
// What every component of one simulated stack shares: the clock, the configuration, the
// levels it reports, the explanation collector and the named random streams.
#include "engine/random.hpp"
#include "engine/simulation.hpp"
#include "sim/config.hpp"
#include "sim/explainer.hpp"
#include "sim/metrics.hpp"

namespace gatetune::sim {

class DbServer;
class Upstream;

struct StackContext {
    engine::Simulation& sim;
    const Config& cfg;
    StackMetrics& metrics;
    Explainer& explainer;
    engine::RngStreams streams;
    DbServer& db;
    Upstream& upstream;
};

}  // namespace gatetune::sim
