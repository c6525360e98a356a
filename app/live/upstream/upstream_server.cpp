#include "app/live/upstream/upstream_server.hpp"

#include "app/live/net/http_server.hpp"
#include "app/live/upstream/mock_llm.hpp"

namespace gatetune::live {

namespace {

// Outage windows close the listening socket (connections refused, as when the router is down).
awaitable<void> apply_outages(HttpServer& server, const std::vector<sim::FaultWindow>& windows,
                              std::chrono::steady_clock::time_point t0) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (const auto& w : windows) {
        boost::system::error_code ec;
        timer.expires_at(t0 + seconds(w.start));
        co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
        server.close();
        timer.expires_at(t0 + seconds(w.end));
        co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
        server.reopen();
    }
}

awaitable<void> watch_stop(const std::atomic<bool>* stop, asio::io_context& io) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (!stop->load()) {
        timer.expires_after(std::chrono::milliseconds(20));
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
    }
    io.stop();
}

}  // namespace

int run_upstream(const sim::Config& scaled, const UpstreamOptions& opts, std::ostream& log,
                 const std::function<void(std::uint16_t)>& ready, const std::atomic<bool>* stop) {
    asio::io_context io(1);
    const auto t0 = std::chrono::steady_clock::now();
    MockLlm llm(scaled, t0, opts.time_scale);
    ServerLimits limits;
    limits.keepalive = 75;  // an LLM router keeps client connections open well beyond httpx's 5 s expiry
    HttpServer server(io, opts.listen, 4096, [&llm](Request& req, Responder& out) { return llm.handle(req, out); }, limits);
    server.start();
    asio::co_spawn(io, apply_outages(server, scaled.faults.upstream_outage, t0), asio::detached);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
    if (stop) asio::co_spawn(io, watch_stop(stop, io), asio::detached);

    log << "gatetune upstream: mock LLM listening on http://" << opts.listen.host << ":" << server.port()
        << " (time scale " << opts.time_scale << ")" << std::endl;
    if (ready) ready(server.port());
    io.run();
    const auto& c = llm.counters();
    log << "gatetune upstream: " << c.calls << " calls, " << c.abandoned << " abandoned by their caller, peak "
        << c.peak_active << " generating at once" << std::endl;
    return 0;
}

}  // namespace gatetune::live
