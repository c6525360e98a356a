// gatetune demo: the engine's M/M/c queue against Erlang C — a quick check that the kernel works.
#include <cstdio>
#include <memory>

#include "app/cli/commands.hpp"
#include "sim/queueing_demo.hpp"

namespace gatetune::cli {

void register_demo(CLI::App& app, CommandList& out) {
    auto p = std::make_shared<sim::MmcParams>();
    CLI::App* sub = app.add_subcommand("demo", "Simulate an M/M/c queue and compare the mean wait with Erlang C");
    sub->add_option("-c,--servers", p->servers, "Number of servers")->check(CLI::Range(1, 1000))->capture_default_str();
    sub->add_option("--rho", p->utilisation, "Utilisation ρ = λ/(cμ)")->check(CLI::Range(0.01, 0.999))->capture_default_str();
    sub->add_option("-n,--customers", p->customers, "Customers to simulate")->check(CLI::Range(1, 1'000'000'000))->capture_default_str();
    sub->add_option("--seed", p->seed, "Random seed")->capture_default_str();
    out.push_back({sub, [p] {
        sim::MmcResult r = sim::run_mmc_processes(*p);
        const double lambda = p->servers * p->utilisation / p->mean_service_s;
        const double theory = sim::erlang_c_mean_wait(p->servers, lambda, 1.0 / p->mean_service_s);
        std::printf("M/M/%d  rho=%.3f  customers=%llu  seed=%llu\n", p->servers, p->utilisation,
                    static_cast<unsigned long long>(r.served), static_cast<unsigned long long>(p->seed));
        std::printf("  mean wait (simulated)   %10.5f s\n", r.mean_wait_s);
        std::printf("  mean wait (Erlang C)    %10.5f s\n", theory);
        std::printf("  relative error          %10.3f %%\n", 100.0 * (r.mean_wait_s - theory) / theory);
        std::printf("  engine events           %10llu\n", static_cast<unsigned long long>(r.engine_events));
        return kExitOk;
    }});
}

}  // namespace gatetune::cli
