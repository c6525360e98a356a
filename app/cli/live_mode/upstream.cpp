// gatetune upstream PRESET: a mock OpenAI-compatible LLM with the preset's [upstream] model.
#include <cstdio>
#include <iostream>

#include "app/cli/commands.hpp"
#include "app/cli/live_mode/live_mode_registration.hpp"
#include "app/cli/live_mode_commands.hpp"
#include "app/cli/live_mode/live_preset.hpp"
#include "app/live/upstream/upstream_server.hpp"

namespace gatetune::cli {

namespace {

struct UpstreamCommandOptions {
    LivePresetOptions preset;
    LiveListenOptions server{"127.0.0.1:8081"};
};

int upstream(const UpstreamCommandOptions& o) {
    auto cfg = o.preset.load("upstream");
    if (!cfg) return kExitUsage;
    live::UpstreamOptions u;
    try {
        u.listen = live::parse_listen_address(o.server.listen);
    } catch (const live::AddressError& e) {
        std::fprintf(stderr, "gatetune upstream: %s\n", e.what());
        return kExitUsage;
    }
    u.time_scale = o.preset.time_scale;
    try {
        return live::run_upstream(*cfg, u, std::cerr, o.server.on_ready());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gatetune upstream: cannot listen on %s: %s\n", o.server.listen.c_str(), e.what());
        return kExitUsage;
    }
}

}  // namespace

void register_upstream(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<UpstreamCommandOptions>();
    CLI::App* sub = app.add_subcommand("upstream", live_mode_description("upstream"));
    o->preset.add_to(*sub);
    o->server.add_to(*sub);
    out.push_back({sub, [o] { return upstream(*o); }});
}

}  // namespace gatetune::cli
