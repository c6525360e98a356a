#pragma once
// The M/M/c queue, written twice: as engine processes (one coroutine per customer) and as a
// minimal hand-written event loop. Both draw the same random numbers in the same order, so they
// simulate the same sample path; the pair checks the engine against queueing theory (Erlang C)
// and is the engine's speed baseline.
#include <cstdint>

#include "engine/time.hpp"

namespace gatetune::sim {

struct MmcParams {
    int servers = 8;
    double utilisation = 0.9;      // ρ = λ / (c μ)
    double mean_service_s = 1.0;   // 1/μ
    std::uint64_t customers = 100'000;
    std::uint64_t seed = 1;
};

struct MmcResult {
    std::uint64_t served = 0;
    double mean_wait_s = 0;      // time in queue, before service starts
    std::uint64_t model_events = 0;  // arrivals + departures
    std::uint64_t engine_events = 0;
    engine::SimTime end = 0;
};

MmcResult run_mmc_processes(const MmcParams& p);
MmcResult run_mmc_handwritten(const MmcParams& p);

// Erlang C: mean wait in queue of M/M/c with arrival rate λ and service rate μ per server.
double erlang_c_mean_wait(int servers, double lambda, double mu);

}  // namespace gatetune::sim
