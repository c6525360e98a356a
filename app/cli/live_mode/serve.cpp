// gatetune serve PRESET: the live gateway — the preset's workers, pools and timeouts for real.
#include <cstdio>
#include <iostream>

#include "app/cli/commands.hpp"
#include "app/cli/live_mode/live_mode_registration.hpp"
#include "app/cli/live_mode_commands.hpp"
#include "app/cli/live_mode/live_preset.hpp"
#include "app/live/db/database_location.hpp"
#include "app/live/gateway/arbiter.hpp"

namespace gatetune::cli {

namespace {

struct ServeOptions {
    LivePresetOptions preset;
    LiveListenOptions server{"127.0.0.1:8080"};
    std::string upstream = "http://127.0.0.1:8081";
    std::string db;
    bool no_db = false;
    std::size_t max_body = 4 * 1024 * 1024;
    std::size_t max_header = 16 * 1024;
    double header_timeout = 10;
    int max_client_connections = 0;
    bool metrics_key = false;
    std::size_t max_url = 8 * 1024;
    std::size_t max_header_fields = 100;
    double body_timeout = 30;
};

int serve(const ServeOptions& o) {
    auto cfg = o.preset.load("serve");
    if (!cfg) return kExitUsage;
    live::GatewayOptions g;
    try {
        g.listen = live::parse_listen_address(o.server.listen);
        g.upstream = live::parse_http_url(o.upstream);
    } catch (const live::AddressError& e) {
        std::fprintf(stderr, "gatetune serve: %s\n", e.what());
        return kExitUsage;
    }
    if (g.upstream.tls) {
        std::fprintf(stderr, "gatetune serve: --upstream %s: https upstreams are not supported yet; use http://\n", o.upstream.c_str());
        return kExitUsage;
    }
    if (!g.listen.loopback())
        std::fprintf(stderr, "gatetune serve: warning: listening on %s, beyond loopback: anyone who can reach it can call the gateway with a valid key; /metrics now needs a key too\n",
                     g.listen.host.c_str());
    g.database = o.db.empty() ? live::default_database_path() : o.db;
    try {
        live::parse_database_location(g.database);
    } catch (const live::DatabaseLocationError& e) {
        std::fprintf(stderr, "gatetune serve: --db: %s\n", e.what());
        return kExitUsage;
    }
    g.db_steps = !o.no_db;
    g.time_scale = o.preset.time_scale;
    g.limits.max_body_bytes = o.max_body;
    g.limits.max_header_bytes = o.max_header;
    g.limits.header_timeout = o.header_timeout;
    g.limits.max_connections_per_client = o.max_client_connections;
    g.protect_metrics = o.metrics_key || !g.listen.loopback();
    g.limits.max_target_bytes = o.max_url;
    g.limits.max_header_fields = o.max_header_fields;
    g.limits.body_timeout = o.body_timeout;
    return live::run_gateway(*cfg, g, std::cerr, o.server.on_ready());
}

}  // namespace

void register_serve(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<ServeOptions>();
    CLI::App* sub = app.add_subcommand("serve", live_mode_description("serve"));
    o->preset.add_to(*sub);
    o->server.add_to(*sub);
    sub->add_option("--upstream", o->upstream, "The LLM upstream's base URL (e.g. the mock from `gatetune upstream`)")->capture_default_str();
    sub->add_option("--db", o->db, "Database with API keys and usage: a SQLite file, or a postgresql:// URI (default: a SQLite file in the user's data directory)");
    sub->add_flag("--no-db", o->no_db, "Skip the request path's database steps (key check, session, usage): HTTP path only");
    sub->add_option("--max-body", o->max_body, "Largest request body in bytes (413 beyond)")->capture_default_str();
    sub->add_option("--max-header", o->max_header, "Largest request header in bytes (431 beyond)")->capture_default_str();
    sub->add_option("--max-url", o->max_url, "Longest request URL in bytes (414 beyond)")->capture_default_str();
    sub->add_option("--max-header-fields", o->max_header_fields, "Most header fields in a request (431 beyond)")->capture_default_str();
    sub->add_option("--max-client-connections", o->max_client_connections,
                    "Open connections one client address may hold per worker process (429 beyond; 0 = no limit)")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    sub->add_flag("--metrics-key", o->metrics_key, "Require a valid API key for /metrics also on loopback (always required beyond it)");
    sub->add_option("--header-timeout", o->header_timeout, "Seconds a client may take to send a request header (408 after)")
        ->check(CLI::PositiveNumber)->capture_default_str();
    sub->add_option("--body-timeout", o->body_timeout, "Seconds a client may take to send a request body (408 after)")
        ->check(CLI::PositiveNumber)->capture_default_str();
    out.push_back({sub, [o] { return serve(*o); }});
}

}  // namespace gatetune::cli
