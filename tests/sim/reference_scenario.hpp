#pragma once
// Maps a reference run's "scenario" (docs/reference-runs/*.json: the real stack's parameters)
// onto a Gatetune Config, so the simulator runs the same set-up the real packages ran.
#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>
#include <string>

#include "sim/config.hpp"

namespace gatetune::testing {

// The incident's 12-call pattern (input, output tokens), as the reference load driver sends it.
inline const std::vector<sim::CallSpec>& incident_calls() {
    static const std::vector<sim::CallSpec> calls{{664, 2},    {2280, 55}, {3737, 321}, {1371, 89}, {1517, 45}, {4161, 88},
                                                  {1966, 28},  {1290, 258}, {1639, 124}, {2408, 67}, {2031, 38}, {714, 51}};
    return calls;
}

inline sim::Config config_from_reference(const nlohmann::json& sc) {
    sim::Config c;
    c.name = sc.at("name").get<std::string>();
    const auto& db = sc.at("db");
    c.db_server.max_connections = db.at("max_connections");
    c.db_server.superuser_reserved_connections = db.at("superuser_reserved_connections");
    // Everything on loopback: sub-millisecond round trips.
    c.db_server.round_trip = 0.0001;
    c.upstream.network_rtt = 0.0002;
    c.upstream.router_overhead = sim::Distribution::constant(0.0);

    const auto& up = sc.at("upstream");
    c.upstream.ttft_base = up.at("ttft_base");
    c.upstream.prefill_tokens_per_s = up.at("prefill_tps");
    c.upstream.time_per_output_token = up.at("tpot");
    c.upstream.slot_count = up.at("slots");
    c.upstream.error_probability = up.at("fail_rate");

    const auto& gw = sc.at("gateway");
    c.server.workers = gw.at("workers");
    c.server.worker_class = gw.value("worker_class", std::string("uvicorn")) == "sync" ? sim::WorkerClass::Sync
                                                                                     : sim::WorkerClass::Uvicorn;
    c.server.timeout = gw.at("timeout");
    c.server.graceful_timeout = gw.at("graceful_timeout");
    c.server.keepalive = gw.at("keep_alive");
    // Boot time is the app's own (docs/MODEL.md §1: UNCONFIRMED, a parameter). The sync scenario runs
    // a small WSGI app (no FastAPI import); its kill-and-respawn cycle in the run (16 requests,
    // 4 users, steady latency ≈ 6.5 s ⇒ cycle ≈ 3.25 s by Little's law) puts its boot under 1 s.
    if (c.server.worker_class == sim::WorkerClass::Sync) c.server.boot_time = 0.5;
    c.db_pool.pool_size = gw.at("pool_size");
    c.db_pool.max_overflow = gw.at("max_overflow");
    c.db_pool.pool_timeout = gw.at("pool_timeout");
    c.db_pool.pool_pre_ping = gw.at("pool_pre_ping");
    c.http_client.mode = gw.at("httpx_mode") == "per_request" ? sim::HttpClientMode::PerRequest : sim::HttpClientMode::Shared;
    const double t = gw.at("httpx_timeout");
    c.http_client.connect_timeout = c.http_client.read_timeout = c.http_client.write_timeout = c.http_client.pool_timeout = t;
    c.http_client.max_attempts = gw.at("max_retries");
    c.http_client.tls = false;  // plain HTTP on loopback

    const auto& load = sc.at("load");
    c.workload.kind = sim::WorkloadKind::Sessions;
    c.workload.users = load.at("users");
    const int max_calls = load.at("max_calls");
    c.workload.calls.assign(incident_calls().begin(), incident_calls().begin() + max_calls);
    c.workload.client_timeout = load.at("client_timeout");
    c.workload.keepalive = load.value("client_keepalive", true);
    c.simulation.max_time = load.at("max_wall_s").get<double>() * 10;
    return c;
}

inline nlohmann::json load_json(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    return nlohmann::json::parse(in);
}

}  // namespace gatetune::testing
