#include "app/live/gateway/arbiter.hpp"

#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <climits>
#include <optional>
#include <cstring>
#include <iostream>
#include <ctime>
#include <vector>

#include "app/live/db/open_database.hpp"
#include "app/live/gateway/shared_semaphore.hpp"
#include "app/live/gateway/worker.hpp"
#include "app/live/net/listener.hpp"
#include "sim/worker_timeout_rule.hpp"

namespace gatetune::live {

namespace {

// server.cpus: the workers share that many cores (the first ones this process may use), as on a
// small VM or under a container's CPU limit; 0 leaves them to the kernel. (docs/MODEL.md O8)
void share_cores(const sim::ServerConfig& server) {
    if (server.cpus <= 0 || server.cpus >= server.workers) return;
    cpu_set_t allowed;
    if (::sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
    cpu_set_t chosen;
    CPU_ZERO(&chosen);
    int taken = 0;
    for (int c = 0; c < CPU_SETSIZE && taken < server.cpus; ++c)
        if (CPU_ISSET(c, &allowed)) {
            CPU_SET(c, &chosen);
            ++taken;
        }
    ::sched_setaffinity(0, sizeof chosen, &chosen);
}

// gunicorn's log line: "[2026-11-28 21:00:00 +0000] [123] [CRITICAL] WORKER TIMEOUT (pid:456)".
class ArbiterLog {
public:
    explicit ArbiterLog(std::ostream& out) : out_(out) {}
    void operator()(const char* level, const std::string& message) {
        std::time_t now = std::time(nullptr);
        std::tm tm{};
        gmtime_r(&now, &tm);
        char stamp[40];
        std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S +0000", &tm);
        out_ << "[" << stamp << "] [" << ::getpid() << "] [" << level << "] " << message << std::endl;
    }

private:
    std::ostream& out_;
};

// One worker process the master watches. `record` is its place in SharedState::slots.
struct Slot {
    pid_t pid = 0;
    int position = 0;
    int record = 0;
    bool aborted = false;
};

class Arbiter {
public:
    Arbiter(const sim::Config& cfg, const GatewayOptions& opts, std::ostream& log, SharedState& shared, int listen_fd)
        : cfg_(cfg), opts_(opts), log_(log), shared_(shared), listen_fd_(listen_fd),
          slots_(static_cast<std::size_t>(std::clamp(cfg.server.workers, 1, kMaxWorkers))) {
        for (std::size_t i = 0; i < slots_.size(); ++i) slots_[i].position = slots_[i].record = static_cast<int>(i);
    }

    int run(const std::function<void()>& all_accepting) {
        sigset_t wanted;
        sigemptyset(&wanted);
        for (int s : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&wanted, s);
        for (auto& s : slots_) spawn(s, false);
        // Tell the caller once every first worker accepts, so a load run starts against the
        // whole gateway (as the simulation does), not against the first worker to boot.
        const auto give_up = steady_now_us() + 30'000'000;
        while (steady_now_us() < give_up) {
            std::size_t up = 0;
            for (const auto& s : slots_) up += shared_.slots[static_cast<std::size_t>(s.record)].accepting.load() != 0;
            if (up == slots_.size()) break;
            ::usleep(2000);
        }
        if (all_accepting) all_accepting();
        // restart_at counts from the moment the gateway is ready, when a load run starts (t = 0
        // of the simulation).
        if (cfg_.server.restart_at) restart_due_us_ = steady_now_us() + static_cast<std::int64_t>(*cfg_.server.restart_at * 1e6);
        const auto interval_us = static_cast<std::int64_t>(cfg_.server.arbiter_interval * 1e6);
        for (;;) {
            const std::int64_t wait_us = std::max<std::int64_t>(0, std::min(interval_us, next_deadline_us() - steady_now_us()));
            timespec ts{};
            ts.tv_sec = static_cast<time_t>(wait_us / 1'000'000);
            ts.tv_nsec = static_cast<long>(wait_us % 1'000'000) * 1000;
            const int sig = sigtimedwait(&wanted, nullptr, &ts);
            if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP) return stop();
            reap();
            if (restart_due_us_ && steady_now_us() >= *restart_due_us_) restart_all();
            kill_after_graceful_timeout();
            murder_workers();
            manage_workers();
        }
    }

private:
    std::int64_t next_deadline_us() const {
        std::int64_t next = INT64_MAX;
        if (restart_due_us_) next = *restart_due_us_;
        if (!retiring_.empty() && cfg_.server.restart_signal == sim::RestartSignal::Term) next = std::min(next, graceful_deadline_us_);
        return next;
    }

    void spawn(Slot& slot, bool respawn) {
        auto& state = shared_.slots[static_cast<std::size_t>(slot.record)];
        state.heartbeat_us.store(steady_now_us());  // WorkerTmp is created at fork
        state.accepting.store(0);
        const pid_t pid = ::fork();
        if (pid < 0) {
            log_("ERROR", std::string("fork failed: ") + std::strerror(errno));
            return;
        }
        if (pid == 0) {
            share_cores(cfg_.server);
            WorkerSetup setup;
            setup.config = &cfg_;
            setup.slot = slot.position;
            setup.record = slot.record;
            setup.listen_fd = listen_fd_;
            setup.shared = &shared_;
            setup.database = opts_.database;
            setup.upstream = opts_.upstream;
            setup.limits = opts_.limits;
            setup.respawn = respawn;
            setup.db_steps = opts_.db_steps;
            setup.protect_metrics = opts_.protect_metrics;
            std::cout.flush();
            ::_exit(run_worker(setup));
        }
        slot.pid = pid;
        slot.aborted = false;
        state.pid.store(pid);
        shared_.worker_boots.fetch_add(1);
        log_("INFO", "Booting worker with pid: " + std::to_string(pid));
    }

    // A restart at server.restart_at (a deploy, or a reload): every worker gets SIGTERM and
    // drains in its own record while a replacement is forked into the position's other record
    // at once and boots. `term` (Arbiter.stop): SIGKILL after graceful_timeout; `hup`: no
    // deadline, but a draining worker no longer notifies, so murder_workers gets it.
    void restart_all() {
        restart_due_us_.reset();
        const bool term = cfg_.server.restart_signal == sim::RestartSignal::Term;
        log_("INFO", std::string("Handling signal: ") + (term ? "term" : "hup") + " (restart_at " +
                         std::to_string(*cfg_.server.restart_at) + " s): replacing every worker");
        graceful_deadline_us_ = steady_now_us() + static_cast<std::int64_t>(cfg_.server.graceful_timeout * 1e6);
        for (auto& s : slots_) {
            if (s.pid) {
                ::kill(s.pid, SIGTERM);
                retiring_.push_back(s);
            }
            s = Slot{0, s.position, slot_record(s.position, 1) == s.record ? slot_record(s.position, 0) : slot_record(s.position, 1)};
            spawn(s, true);
        }
    }

    void kill_after_graceful_timeout() {
        if (retiring_.empty() || cfg_.server.restart_signal != sim::RestartSignal::Term || steady_now_us() < graceful_deadline_us_) return;
        for (auto& s : retiring_)
            if (!s.aborted) {
                log_("WARNING", "Worker (pid:" + std::to_string(s.pid) + ") still draining after graceful_timeout: SIGKILL");
                s.aborted = true;
                ::kill(s.pid, SIGKILL);
            }
    }

    // The kernel closed the dead worker's sockets: its database connections are gone too, and the
    // statements it had on the emulated server's CPUs with them.
    void release(const Slot& s) {
        auto& state = shared_.slots[static_cast<std::size_t>(s.record)];
        auto& g = state.gauges;
        shared_.db_connections.fetch_sub(g.db_connections.exchange(0));
        SharedSemaphore::reclaim(shared_.db_cpus_busy, g.db_cpus_held);
        for (auto* a : {&g.in_flight, &g.db_checked_out, &g.db_overflow, &g.db_waiting, &g.db_cpu_waiting, &g.http_connections,
                        &g.upstream_in_flight})
            a->store(0);
        state.pid.store(0);
        state.accepting.store(0);
    }

    void reap() {
        for (;;) {
            int status = 0;
            const pid_t pid = ::waitpid(-1, &status, WNOHANG);
            if (pid <= 0) return;
            if (WIFSIGNALED(status)) {
                const int sig = WTERMSIG(status);
                if (sig == SIGKILL) log_("ERROR", "Worker (pid:" + std::to_string(pid) + ") was sent SIGKILL! Perhaps out of memory?");
                else log_("ERROR", "Worker (pid:" + std::to_string(pid) + ") was sent " + sigabbrev(sig) + "!");
            } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
                log_("ERROR", "Worker (pid:" + std::to_string(pid) + ") exited with code " + std::to_string(WEXITSTATUS(status)));
            } else {
                log_("INFO", "Worker exiting (pid: " + std::to_string(pid) + ")");
            }
            for (auto& s : slots_)
                if (s.pid == pid) {
                    release(s);
                    s.pid = 0;
                }
            std::erase_if(retiring_, [&](const Slot& s) {
                if (s.pid != pid) return false;
                release(s);
                return true;
            });
        }
    }

    static std::string sigabbrev(int sig) {
        switch (sig) {
            case SIGABRT: return "SIGABRT";
            case SIGTERM: return "SIGTERM";
            case SIGSEGV: return "SIGSEGV";
            default: return "signal " + std::to_string(sig);
        }
    }

    // During a graceful stop the master only waits for the old workers (Arbiter.stop); after a
    // reload it keeps murdering them like any other.
    void murder_workers() {
        for (auto& s : slots_) murder_if_silent(s);
        if (cfg_.server.restart_signal == sim::RestartSignal::Hup)
            for (auto& s : retiring_) murder_if_silent(s);
    }

    // sim/worker_timeout_rule.hpp: SIGABRT once silent past the timeout (the worker's default
    // action ends it at once), SIGKILL on a later pass if it is still there.
    void murder_if_silent(Slot& s) {
        if (s.pid == 0) return;
        const std::int64_t silent = steady_now_us() - shared_.slots[static_cast<std::size_t>(s.record)].heartbeat_us.load();
        switch (sim::murder_step(silent, s.aborted, cfg_.server)) {
            case sim::Murder::None: return;
            case sim::Murder::Abort:
                log_("CRITICAL", "WORKER TIMEOUT (pid:" + std::to_string(s.pid) + ")");
                s.aborted = true;
                shared_.worker_timeouts.fetch_add(1);
                ::kill(s.pid, SIGABRT);
                return;
            case sim::Murder::Kill: ::kill(s.pid, SIGKILL); return;
        }
    }

    void manage_workers() {
        for (auto& s : slots_)
            if (s.pid == 0) spawn(s, true);
    }

    // Arbiter.stop: SIGTERM, graceful_timeout to finish, then SIGKILL.
    int stop() {
        log_("INFO", "Handling signal: term");
        for (auto* list : {&slots_, &retiring_})
            for (auto& s : *list)
                if (s.pid) ::kill(s.pid, SIGTERM);
        const auto deadline = steady_now_us() + static_cast<std::int64_t>(cfg_.server.graceful_timeout * 1e6);
        auto any_alive = [&] {
            return std::any_of(slots_.begin(), slots_.end(), [](const Slot& s) { return s.pid != 0; }) || !retiring_.empty();
        };
        while (steady_now_us() < deadline) {
            reap();
            if (!any_alive()) break;
            ::usleep(10'000);
        }
        for (auto* list : {&slots_, &retiring_})
            for (auto& s : *list)
                if (s.pid) ::kill(s.pid, SIGKILL);
        while (::waitpid(-1, nullptr, 0) > 0) {
        }
        log_("INFO", "Shutting down: Master");
        return 0;
    }

    const sim::Config& cfg_;
    const GatewayOptions& opts_;
    ArbiterLog log_;
    SharedState& shared_;
    int listen_fd_;
    std::vector<Slot> slots_;      // one per position
    std::vector<Slot> retiring_;   // draining after a restart
    std::optional<std::int64_t> restart_due_us_;
    std::int64_t graceful_deadline_us_ = 0;
};

}  // namespace

int run_gateway(const sim::Config& scaled, const GatewayOptions& opts, std::ostream& log,
                const std::function<void(std::uint16_t)>& ready) {
    ArbiterLog say(log);
    try {
        create_database(parse_database_location(opts.database));
    } catch (const std::exception& e) {
        say("ERROR", std::string("cannot use the database: ") + e.what());
        return 2;
    }
    int fd = -1;
    std::uint16_t port = 0;
    try {
        asio::io_context io;
        tcp::acceptor acceptor = open_listener(io, opts.listen, scaled.server.backlog);
        port = bound_port(acceptor);
        fd = acceptor.release();
    } catch (const std::exception& e) {
        say("ERROR", "cannot listen on " + opts.listen.host + ":" + std::to_string(opts.listen.port) + ": " + e.what());
        return 2;
    }
    SharedState* shared = map_shared_state();
    shared->t0_us.store(steady_now_us());

    sigset_t block;
    sigemptyset(&block);
    for (int s : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&block, s);
    ::sigprocmask(SIG_BLOCK, &block, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    say("INFO", "Starting gatetune gateway (gunicorn-style master)");
    say("INFO", "Listening at: http://" + opts.listen.host + ":" + std::to_string(port) + " (" + std::to_string(::getpid()) + ")");
    say("INFO", std::string("Using worker: ") + sim::to_string(scaled.server.worker_class) + ", upstream http://" +
                    opts.upstream.authority() + opts.upstream.base_path + ", database " + describe_database(opts.database) +
                    (opts.time_scale != 1.0 ? ", time scale " + std::to_string(opts.time_scale) : std::string()));
    Arbiter arbiter(scaled, opts, log, *shared, fd);
    return arbiter.run([&] {
        if (ready) ready(port);
    });
}

}  // namespace gatetune::live
