#include "app/live/gateway/worker.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <functional>
#include <iostream>

#include "app/live/db/api_keys.hpp"
#include "app/live/gateway/db_session.hpp"
#include "app/live/gateway/metrics.hpp"
#include "app/live/net/error_json.hpp"
#include "app/live/net/write_message.hpp"
#include "sim/concurrency_limits.hpp"
#include "sim/worker_timeout_rule.hpp"

namespace gatetune::live {

namespace {

using clock = std::chrono::steady_clock;

tcp::acceptor inherit_listener(asio::io_context& loop, int fd) {
    const int own = ::dup(fd);
    if (own < 0) throw std::system_error(errno, std::generic_category(), "dup(listening socket)");
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    ::getsockname(own, reinterpret_cast<sockaddr*>(&addr), &len);
    return tcp::acceptor(loop, addr.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), own);
}

}  // namespace

GatewayWorker::GatewayWorker(const WorkerSetup& setup, asio::io_context& loop)
    : setup_(setup), cfg_(*setup.config), loop_(loop), slot_(setup.shared->slots[static_cast<std::size_t>(setup.record)]),
      acceptor_(inherit_listener(loop, setup.listen_fd)),
      db_threads_(static_cast<std::size_t>(std::clamp(cfg_.db_pool.pool_size + cfg_.db_pool.max_overflow, 1, 64))),
      db_server_(cfg_, *setup.shared, slot_.gauges, setup.database),
      pool_(cfg_, db_server_, db_threads_, slot_.gauges, setup.slot),
      place_freed_(loop),
      rng_(engine::RngStreams(cfg_.simulation.seed).stream("live-worker", static_cast<std::uint64_t>(::getpid()))),
      request_streams_(cfg_.simulation.seed) {
    const auto& s = cfg_.server;
    if (cfg_.http_client.mode == sim::HttpClientMode::Shared) shared_http_.emplace(cfg_.http_client, setup.upstream, slot_.gauges);
    if (cfg_.rate_limiter.enabled) limiter_.emplace(cfg_.rate_limiter);
    if (s.worker_class == sim::WorkerClass::Gthread) threads_.emplace(std::max(s.threads, 1));
    if (s.max_requests > 0) max_requests_ = s.max_requests + static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(s.max_requests_jitter) + 1));
}

GatewayWorker::~GatewayWorker() {
    stop_heartbeat_ = true;
    if (main_thread_heartbeat_.joinable()) main_thread_heartbeat_.join();
}

void GatewayWorker::notify() { slot_.heartbeat_us.store(steady_now_us()); }

void GatewayWorker::start() {
    notify();
    slot_.accepting.store(1);
    const auto wc = cfg_.server.worker_class;
    if (wc == sim::WorkerClass::Sync) {
        asio::co_spawn(loop_, accept_sync(), asio::detached);
        asio::co_spawn(loop_, heartbeat_when_idle(), asio::detached);
    }
    else asio::co_spawn(loop_, accept_async(), asio::detached);
    if (wc == sim::WorkerClass::Uvicorn) asio::co_spawn(loop_, heartbeat_loop_tick(), asio::detached);
    if (wc == sim::WorkerClass::Gthread) main_thread_heartbeat_ = std::thread([this] { heartbeat_thread(); });
}

// uvicorn's main_loop: a tick on the event loop; notify when more than timeout/2 passed since
// the last one (sim/worker_timeout_rule.hpp). A blocked loop runs no tick.
awaitable<void> GatewayWorker::heartbeat_loop_tick() {
    asio::steady_timer timer(loop_);
    for (;;) {
        timer.expires_after(seconds(cfg_.server.heartbeat_tick));
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
        if (draining_ && !sim::notifies_while_draining()) co_return;  // main_loop has exited
        const auto now = steady_now_us();
        if (sim::tick_notifies(now, last_notified_us_, cfg_.server)) {
            last_notified_us_ = now;
            notify();
        }
    }
}

// gthread's main thread: polls about once a second and notifies, whatever the request threads do.
void GatewayWorker::heartbeat_thread() {
    while (!stop_heartbeat_.load()) {
        std::this_thread::sleep_for(seconds(cfg_.server.heartbeat_tick));
        if (!draining_ || sim::notifies_while_draining()) notify();
    }
}

void GatewayWorker::count_request() {
    ++handled_;
    slot_.requests.fetch_add(1);
    if (max_requests_ > 0 && handled_ >= max_requests_) begin_drain();  // the master forks a replacement when we exit
}

void GatewayWorker::begin_drain() {
    if (draining_) return;
    draining_ = true;
    slot_.accepting.store(0);
    boost::system::error_code ec;
    acceptor_.close(ec);
    place_freed_.cancel();
    connections_->close_all();
    stop_if_drained();
}

void GatewayWorker::request_finished() {
    --in_flight_;
    slot_.gauges.in_flight.fetch_sub(1);
    place_freed_.cancel();  // wakes a gthread acceptor waiting at worker_connections
    stop_if_drained();
}

void GatewayWorker::stop_if_drained() {
    if (draining_ && in_flight_ == 0) loop_.stop();
}

awaitable<void> GatewayWorker::accept_async() {
    const bool gthread = threads_.has_value();
    for (;;) {
        if (draining_) co_return;
        if (gthread && !sim::gthread_accepts(static_cast<int>(in_flight_), cfg_.server)) {
            // At worker_connections the main loop waits until a request finishes.
            place_freed_.expires_at(std::chrono::steady_clock::time_point::max());
            boost::system::error_code ec;
            co_await place_freed_.async_wait(asio::redirect_error(use_awaitable, ec));
            continue;
        }
        boost::system::error_code ec;
        tcp::socket socket = co_await acceptor_.async_accept(asio::redirect_error(use_awaitable, ec));
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
        if (ec) continue;
        std::vector<tcp::socket> batch;
        batch.push_back(std::move(socket));
        if (!gthread) accept_waiting(batch);
        ServerLimits limits = setup_.limits;
        limits.keepalive = cfg_.server.keepalive;
        // Every connection of the batch is made (serve_client counts it) before any of their
        // requests is read.
        for (tcp::socket& s : batch) {
            s.set_option(tcp::no_delay(true), ec);
            asio::co_spawn(loop_, serve_client(std::move(s), limits), asio::detached);
        }
    }
}

// asyncio's accept loop (selector_events.py `_accept_connection`): after the wake-up, accept()
// again until nothing waits, up to `backlog` connections — so a burst goes mostly to the worker
// that woke first. [docs/MODEL.md O7]
void GatewayWorker::accept_waiting(std::vector<tcp::socket>& batch) {
    boost::system::error_code ec;
    acceptor_.non_blocking(true, ec);
    if (ec) return;
    while (batch.size() < static_cast<std::size_t>(std::max(cfg_.server.backlog, 1))) {
        tcp::socket s(loop_);
        acceptor_.accept(s, ec);
        if (ec) break;  // would_block: nothing more waits
        batch.push_back(std::move(s));
    }
    acceptor_.non_blocking(false, ec);
}

// sync: the accept loop's wait for a connection wakes every timeout/2 and notifies — only while
// no request runs (sim/worker_timeout_rule.hpp).
awaitable<void> GatewayWorker::heartbeat_when_idle() {
    asio::steady_timer timer(loop_);
    for (;;) {
        timer.expires_after(std::chrono::microseconds(sim::worker_half_timeout(cfg_.server)));
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
        if (in_flight_ == 0 && !draining_) notify();
    }
}

// sync: notify, accept one connection, notify as the loop comes round to it, serve one request on
// it, close it.
awaitable<void> GatewayWorker::accept_sync() {
    ServerLimits limits = setup_.limits;
    limits.keepalive = 0;  // the sync worker never keeps a connection alive
    for (;;) {
        if (draining_) break;
        notify();
        boost::system::error_code ec;
        tcp::socket socket = co_await acceptor_.async_accept(asio::redirect_error(use_awaitable, ec));
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
        if (ec) continue;
        notify();
        co_await serve_client(std::move(socket), limits);
    }
}

// One client connection, counted per client address: beyond max_connections_per_client the
// connection gets a 429 and is closed before any request is read.
awaitable<void> GatewayWorker::serve_client(tcp::socket socket, ServerLimits limits) {
    ++open_connections_;
    struct Open {  // connection_made … connection_lost
        std::int64_t& n;
        ~Open() { --n; }
    } open_connection{open_connections_};
    boost::system::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    if (ec) co_return;
    const auto address = peer.address();
    const int open = ++client_connections_[address];
    struct Count {
        std::map<asio::ip::address, int>& m;
        asio::ip::address a;
        ~Count() {
            if (--m[a] <= 0) m.erase(a);
        }
    } count{client_connections_, address};
    if (limits.max_connections_per_client > 0 && open > limits.max_connections_per_client) {
        Response r = error_response(429, "Too many connections from this address: at most " +
                                             std::to_string(limits.max_connections_per_client) + " at once.",
                                    "rate_limit_error", sim::to_string(sim::Cause::InvalidRequest), 11, false);
        co_await write_message(socket, r, ec);
        socket.shutdown(tcp::socket::shutdown_both, ec);
        co_return;
    }
    if (draining_) co_return;
    co_await serve_connection(std::move(socket), [this](Request& r, Responder& o) { return handle(r, o); }, limits, connections_);
}

// Beyond loopback, /metrics answers only a caller with a valid API key.
awaitable<bool> GatewayWorker::authorized(Request& req) {
    const auto token = bearer_token(req[http::field::authorization]);
    const auto prefix = token ? key_prefix(*token) : std::nullopt;
    if (!prefix) co_return false;
    RequestTimeline t;
    DbSession db(pool_, cfg_, t);
    const std::string presented(*token);
    auto key = co_await db.find_key(1, *prefix);
    db.close();
    co_return key.cause == sim::Cause::Ok && *key.value && !(*key.value)->revoked_at && key_matches(**key.value, presented);
}

// The preset's CPU really burns the loop thread: nothing else on this worker runs meanwhile.
void GatewayWorker::spend_cpu(double secs, RequestTimeline& t) {
    if (secs <= 0) return;
    const auto start = clock::now();
    const auto until = start + seconds(secs);
    while (clock::now() < until) {
    }
    t.add(sim::Phase::Cpu, clock::now() - start);
}

// A synchronous call (time.sleep, a sync driver): blocks the loop without burning CPU.
void GatewayWorker::block(double secs, RequestTimeline& t) {
    if (secs <= 0) return;
    const auto start = clock::now();
    std::this_thread::sleep_for(seconds(secs));
    t.add(sim::Phase::Cpu, clock::now() - start);
}

void GatewayWorker::finish(int status, sim::Cause cause, clock::time_point start) {
    record_request(*setup_.shared, status, cause,
                  std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - start).count());
}

awaitable<void> GatewayWorker::handle(Request& req, Responder& out) {
    const std::string_view target = req.target();
    const std::string_view path = target.substr(0, target.find('?'));
    if (path == "/v1/chat/completions") {
        if (req.method() != http::verb::post) {
            co_await out.send(error_response(405, "Use POST for chat completions.", "invalid_request_error",
                                             sim::to_string(sim::Cause::InvalidRequest)));
            co_return;
        }
        co_await chat(req, out);
        co_return;
    }
    if (path == "/healthz" && req.method() == http::verb::get) {
        Response r{http::status::ok, req.version()};
        r.set(http::field::content_type, "application/json");
        r.body() = "{\"status\":\"ok\",\"worker\":" + std::to_string(setup_.slot) + "}";
        co_await out.send(std::move(r));
        co_return;
    }
    if (path == "/metrics" && req.method() == http::verb::get) {
        if (setup_.protect_metrics && !co_await authorized(req)) {
            co_await out.send(error_response(401, "/metrics needs a valid API key when the gateway listens beyond loopback.",
                                             "authentication_error", sim::to_string(sim::Cause::InvalidApiKey)));
            co_return;
        }
        Response r{http::status::ok, req.version()};
        r.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        r.body() = render_metrics(*setup_.shared, cfg_.server.workers);
        co_await out.send(std::move(r));
        co_return;
    }
    if (path == "/v1/models" && req.method() == http::verb::get) {
        Response r{http::status::ok, req.version()};
        r.set(http::field::content_type, "application/json");
        r.body() = R"({"object":"list","data":[{"id":"gatetune-mock","object":"model","owned_by":"gatetune"}]})";
        co_await out.send(std::move(r));
        co_return;
    }
    co_await out.send(error_response(404, "No route for " + std::string(path) + ".", "invalid_request_error",
                                     sim::to_string(sim::Cause::InvalidRequest)));
}

int run_worker(const WorkerSetup& setup) {
    // A core dump per killed worker would fill the disk; the master reports the signal.
    rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    sigset_t all;
    sigemptyset(&all);
    ::sigprocmask(SIG_SETMASK, &all, nullptr);
    for (int sig : {SIGABRT, SIGTERM, SIGINT, SIGHUP, SIGCHLD}) ::signal(sig, SIG_DFL);  // as UvicornWorker.init_signals
    ::signal(SIGPIPE, SIG_IGN);

    auto& slot = setup.shared->slots[static_cast<std::size_t>(setup.record)];
    slot.heartbeat_us.store(steady_now_us());
    if (setup.respawn && setup.config->server.boot_time > 0)  // import the app, run lifespan startup
        std::this_thread::sleep_for(seconds(setup.config->server.boot_time));
    try {
        asio::io_context loop(1);
        GatewayWorker worker(setup, loop);
        // SIGTERM or SIGINT: drain (uvicorn's handle_exit); a second one quits at once (force_exit).
        asio::signal_set term(loop, SIGTERM, SIGINT);
        std::function<void(const boost::system::error_code&, int)> on_signal = [&](const boost::system::error_code& ec, int) {
            if (ec) return;
            if (!worker.draining()) {
                worker.begin_drain();
                term.async_wait(on_signal);
            } else {
                loop.stop();
            }
        };
        term.async_wait(on_signal);
        worker.start();
        loop.run();
    } catch (const std::exception& e) {
        std::cerr << "[" << ::getpid() << "] [ERROR] worker " << setup.slot << " failed: " << e.what() << std::endl;
        return 3;  // gunicorn's WORKER_BOOT_ERROR
    }
    return 0;
}

}  // namespace gatetune::live
