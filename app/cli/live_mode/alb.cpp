// gatetune alb PRESET --target URL: an AWS ALB emulation with the preset's [load_balancer]
// settings in front of a gateway (ours, or the team's own), for the balancer's failure modes.
#include <cstdio>
#include <iostream>

#include "app/cli/commands.hpp"
#include "app/cli/live_mode/live_mode_registration.hpp"
#include "app/cli/live_mode_commands.hpp"
#include "app/cli/live_mode/live_preset.hpp"
#include "app/live/balancer/load_balancer.hpp"

namespace gatetune::cli {

namespace {

struct AlbCommandOptions {
    LivePresetOptions preset;
    LiveListenOptions server{"127.0.0.1:8000"};
    std::string target = "http://127.0.0.1:8080";
};

int alb(const AlbCommandOptions& o) {
    auto cfg = o.preset.load("alb");
    if (!cfg) return kExitUsage;
    live::BalancerOptions b;
    const char* option = "--listen";
    try {
        b.listen = live::parse_listen_address(o.server.listen);
        option = "--target";
        b.target = live::parse_http_url(o.target);
    } catch (const live::AddressError& e) {
        std::fprintf(stderr, "gatetune alb: %s: %s\n", option, e.what());
        return kExitUsage;
    }
    if (b.target.tls) {
        std::fprintf(stderr, "gatetune alb: --target %s: https targets are not supported; use http://\n", o.target.c_str());
        return kExitUsage;
    }
    b.time_scale = o.preset.time_scale;
    try {
        return live::run_load_balancer(*cfg, b, std::cerr, o.server.on_ready());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gatetune alb: cannot listen on %s: %s\n", o.server.listen.c_str(), e.what());
        return kExitUsage;
    }
}

}  // namespace

void register_alb(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<AlbCommandOptions>();
    CLI::App* sub = app.add_subcommand("alb", live_mode_description("alb"));
    o->preset.add_to(*sub);
    o->server.add_to(*sub);
    sub->add_option("--target", o->target, "The gateway behind the balancer (http://host:port)")->capture_default_str();
    out.push_back({sub, [o] { return alb(*o); }});
}

}  // namespace gatetune::cli
