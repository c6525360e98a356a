// Targeted semantics of the stack model, each with a scenario built to show it and its
// neighbour that must not (docs/MODEL.md section in each test's comment).
#include "qtest_suite.hpp"

#include <algorithm>
#include <map>

#include "sim/preset/preset_io.hpp"
#include "sim/stack.hpp"

using namespace gatetune;
using sim::Cause;

namespace {
std::string preset(const char* rel) { return std::string(GATETUNE_SOURCE_DIR) + "/presets/" + rel; }
std::uint64_t count(const sim::RunResult& r, Cause c) { return r.by_cause[static_cast<std::size_t>(c)]; }

// One uvicorn worker, a fast DB, a plain upstream taking `generation` seconds per call.
sim::Config base(double generation) {
    sim::Config c;
    c.name = "semantics";
    c.server.worker_class = sim::WorkerClass::Uvicorn;
    c.upstream.ttft_base = generation;
    c.upstream.time_per_output_token = 0;
    c.upstream.router_overhead = sim::Distribution::constant(0);
    c.http_client.connect_timeout = c.http_client.read_timeout = c.http_client.write_timeout = c.http_client.pool_timeout = 600;
    c.workload.calls = {{100, 10}};
    return c;
}
}  // namespace

class TestStackSemantics : public QObject {
    Q_OBJECT
private slots:
    // §3: holding the session's connection per query (commit/close before the upstream await)
    // frees the pool during the LLM call: the exhaustion preset's pool timeouts disappear.
    void perQueryHoldingFreesThePoolDuringTheUpstreamCall() {
        auto bad = sim::simulate(sim::load_preset(preset("failure-modes/db-pool-exhaustion.toml")));
        auto good = sim::simulate(sim::load_preset(preset("failure-modes/db-pool-exhaustion.toml"), {"request.db_holding=per_query"}));
        QVERIFY(count(bad, Cause::DbPoolTimeout) > 0);
        QCOMPARE(count(good, Cause::DbPoolTimeout), std::uint64_t{0});
        QCOMPARE(count(good, Cause::Ok), good.requests);
    }

    // §4/§7: the read timeout bounds each wait for bytes. Non-streamed, the first byte comes when
    // generation ends (≈ 30 s > 5 s); streamed, after the time to first token (< 5 s).
    void streamingPassesWhereNonStreamedTimesOut() {
        auto plain = sim::simulate(sim::load_preset(preset("failure-modes/upstream-read-timeout.toml")));
        auto streamed = sim::simulate(sim::load_preset(preset("failure-modes/upstream-read-timeout.toml"), {"workload.stream=true"}));
        QCOMPARE(count(plain, Cause::UpstreamReadTimeout), plain.requests);
        QCOMPARE(count(streamed, Cause::Ok), streamed.requests);
        // Three attempts of exactly read_timeout each (plus the request's own small costs).
        const auto& r = plain.records.at(0);
        QCOMPARE(r.attempts, 3);
        QVERIFY(r.latency() >= 3 * 5 * engine::kSecond && r.latency() < 3 * 5 * engine::kSecond + engine::kSecond / 2);
    }

    // §1: gthread's main thread notifies whatever the request threads do, so a long request is
    // not killed; `threads` bounds the requests served at once.
    void gthreadLongRequestIsNotKilledAndThreadsBoundConcurrency() {
        sim::Config c = base(40);
        c.server.worker_class = sim::WorkerClass::Gthread;
        c.server.threads = 2;
        c.workload.users = 4;
        auto r = sim::simulate(c);
        QCOMPARE(count(r, Cause::Ok), std::uint64_t{4});
        QCOMPARE(r.worker_timeouts, std::uint64_t{0});
        QCOMPARE(r.peaks.upstream_active, std::int64_t{2});
        c.server.worker_class = sim::WorkerClass::Sync;  // the same request under sync dies
        auto s = sim::simulate(c);
        QVERIFY(count(s, Cause::WorkerKilled) > 0);
    }

    // §1 "Subtle": a uvicorn worker past max_requests stops notifying while it drains; with
    // in-flight calls longer than `timeout` the arbiter kills it about `timeout` after its last
    // notify. With calls shorter than `timeout` it drains and is replaced without a kill.
    void drainingWorkerWithLongCallsIsKilled() {
        sim::Config c = base(20);
        c.server.timeout = 6;
        c.server.max_requests = 2;
        c.workload.users = 2;
        auto r = sim::simulate(c);
        QCOMPARE(count(r, Cause::WorkerKilled), std::uint64_t{2});
        QCOMPARE(r.worker_timeouts, std::uint64_t{1});
        for (const auto& rec : r.records) QVERIFY(rec.latency() > 5 * engine::kSecond && rec.latency() < 9 * engine::kSecond);
        sim::Config ok = base(3);
        ok.server.timeout = 6;
        ok.server.max_requests = 2;
        ok.workload.users = 2;
        ok.workload.repeats = 3;
        auto o = sim::simulate(ok);
        QCOMPARE(count(o, Cause::Ok), std::uint64_t{6});
        QCOMPARE(o.worker_timeouts, std::uint64_t{0});
        QVERIFY(o.worker_boots >= 3);  // restarted after every second request
    }

    // §1/§2: a restart (deploy) at t = 5 s with 40 s calls in flight. `term`: old workers get
    // graceful_timeout to drain, then SIGKILL; `hup`: no deadline, but a draining uvicorn worker
    // stops notifying and is murdered `timeout` after its last heartbeat.
    void restartDrainsWithinGracefulTimeout() {
        sim::Config c = base(40);
        c.server.workers = 2;
        c.server.restart_at = 5;
        c.server.graceful_timeout = 10;
        c.workload.users = 4;
        c.workload.start_spread = 1;  // one at a time, so both workers take calls (a burst would go to one, O7)
        c.workload.client_timeout = 600;
        auto term = sim::simulate(c);
        QCOMPARE(count(term, Cause::WorkerKilled), std::uint64_t{4});
        for (const auto& rec : term.records) QCOMPARE(rec.end, 15 * engine::kSecond);  // restart_at + graceful_timeout
        QCOMPARE(term.worker_timeouts, std::uint64_t{0});
        QCOMPARE(term.worker_boots, std::uint64_t{4});

        c.server.graceful_timeout = 60;  // long enough: every call completes on the old workers
        auto patient = sim::simulate(c);
        QCOMPARE(count(patient, Cause::Ok), std::uint64_t{4});

        c.server.restart_signal = sim::RestartSignal::Hup;
        c.server.timeout = 20;
        auto hup = sim::simulate(c);
        QCOMPARE(count(hup, Cause::WorkerKilled), std::uint64_t{4});
        QCOMPARE(hup.worker_timeouts, std::uint64_t{2});
        for (const auto& rec : hup.records) QVERIFY(rec.end > 20 * engine::kSecond && rec.end < 27 * engine::kSecond);
    }

    // §2: uvicorn's limit_concurrency counts open connections, idle keep-alive ones included. Three
    // users arrive within a second for a 0.05 s call each and keep their connections (keep-alive
    // 2 s): the last to arrive meets three open connections with nothing in flight and gets 503 —
    // and again 5 s later, when the other two have just made their second calls. With
    // `Connection: close` the idle connections are gone and nobody does.
    void limitConcurrencyCountsIdleKeepAliveConnections() {
        sim::Config c = base(0.05);
        c.server.workers = 1;
        c.server.limit_concurrency = 3;
        c.workload.users = 3;
        c.workload.start_spread = 1;
        c.workload.calls = {{100, 10}, {100, 10}};
        c.workload.think_time = sim::Distribution::constant(5);
        auto kept = sim::simulate(c);
        QCOMPARE(count(kept, Cause::ConcurrencyLimit), std::uint64_t{2});
        int last = -1;  // the user who arrived last
        for (const auto& rec : kept.records)
            if (rec.call == 0 && (last < 0 || rec.start > kept.records[static_cast<std::size_t>(last)].start)) last = static_cast<int>(&rec - kept.records.data());
        for (const auto& rec : kept.records)
            QCOMPARE(rec.cause == Cause::ConcurrencyLimit, rec.user == kept.records[static_cast<std::size_t>(last)].user);
        for (const auto& rec : kept.records)
            if (rec.cause == Cause::ConcurrencyLimit) QCOMPARE(rec.phases[static_cast<std::size_t>(sim::Phase::Ttft)], engine::SimTime{0});
        c.workload.keepalive = false;
        auto closed = sim::simulate(c);
        QCOMPARE(count(closed, Cause::ConcurrencyLimit), std::uint64_t{0});
        QCOMPARE(count(closed, Cause::Ok), closed.requests);
    }

    // O7: a uvicorn worker accepts every connection waiting when its loop wakes, and makes them all
    // before it reads any request: a burst of limit_concurrency connections is answered 503 whole,
    // where one connection at a time would pass.
    void aBurstIsAcceptedInOneBatch() {
        sim::Config c = base(0.05);
        c.server.workers = 2;
        c.server.limit_concurrency = 4;
        c.workload.users = 4;
        auto burst = sim::simulate(c);
        QCOMPARE(count(burst, Cause::ConcurrencyLimit), std::uint64_t{4});
        for (const auto& rec : burst.records) QCOMPARE(rec.worker, burst.records.front().worker);
        c.workload.start_spread = 1;  // one at a time: each call is done before the next arrives
        auto spread = sim::simulate(c);
        QCOMPARE(count(spread, Cause::ConcurrencyLimit), std::uint64_t{0});
        c.server.limit_concurrency = 0;
        c.workload.start_spread = 0;
        c.server.worker_class = sim::WorkerClass::Gthread;  // one connection per wake-up: the burst spreads
        auto gthread = sim::simulate(c);
        bool both = false;
        for (const auto& rec : gthread.records) both |= rec.worker != gthread.records.front().worker;
        QVERIFY(both);
    }

    // O8: four workers sharing one core. Each request's 20 ms of CPU waits for the core while
    // another worker's runs, so the same load takes longer than on a core each; with as many cores
    // as workers nothing changes.
    void workersSharingCoresWaitForThem() {
        sim::Config c = base(0.05);
        c.server.workers = 4;
        c.request.parse_cpu = sim::Distribution::constant(0.02);
        c.workload.users = 8;
        c.workload.start_spread = 0.01;
        const auto own = sim::simulate(c);
        c.server.cpus = 4;
        const auto enough = sim::simulate(c);
        c.server.cpus = 1;
        const auto shared = sim::simulate(c);
        auto loop_wait = [](const sim::RunResult& r) {
            engine::SimTime sum = 0;
            for (const auto& rec : r.records) sum += rec.phases[static_cast<std::size_t>(sim::Phase::LoopWait)];
            return sum;
        };
        auto last_end = [](const sim::RunResult& r) {
            engine::SimTime end = 0;
            for (const auto& rec : r.records) end = std::max(end, rec.end);
            return end;
        };
        QCOMPARE(last_end(enough), last_end(own));
        QCOMPARE(loop_wait(enough), loop_wait(own));
        // Eight 20 ms stretches on one core end no sooner than 160 ms in, and the last request still
        // has its 50 ms upstream call to make; on their own cores the four workers finish sooner.
        QVERIFY(last_end(shared) >= 210 * engine::kMillisecond);
        QVERIFY(last_end(shared) > last_end(own) + 40 * engine::kMillisecond);
        QVERIFY(loop_wait(shared) > loop_wait(own) + 160 * engine::kMillisecond);
        QCOMPARE(count(shared, Cause::Ok), shared.requests);
    }

    // §1: a gthread worker's request threads take turns on the GIL, so their CPU adds up within the
    // worker as a uvicorn loop's does; two such workers on one core (server.cpus) add up again.
    void gthreadThreadsShareTheGilAndWorkersShareCores() {
        sim::Config c = base(0.05);
        c.server.worker_class = sim::WorkerClass::Gthread;
        c.server.threads = 4;
        c.request.parse_cpu = sim::Distribution::constant(0.02);
        c.request.response_cpu = sim::Distribution::constant(0);
        c.workload.users = 4;
        c.workload.start_spread = 0.001;
        auto cpu_done = [](const sim::RunResult& r) {  // when the last request's 20 ms of CPU could have ended
            engine::SimTime end = 0;
            for (const auto& rec : r.records) end = std::max(end, rec.end - engine::from_seconds(0.05));
            return end;
        };
        const auto one_worker = sim::simulate(c);
        QCOMPARE(count(one_worker, Cause::Ok), std::uint64_t{4});
        QVERIFY2(cpu_done(one_worker) >= 80 * engine::kMillisecond, std::to_string(cpu_done(one_worker)).c_str());
        c.server.workers = 2;
        c.workload.users = 8;
        const auto own_cores = sim::simulate(c);
        c.server.cpus = 1;
        const auto one_core = sim::simulate(c);
        QVERIFY(cpu_done(own_cores) < 160 * engine::kMillisecond);
        QVERIFY2(cpu_done(one_core) >= 160 * engine::kMillisecond, std::to_string(cpu_done(one_core)).c_str());
    }

    void requestsAfterARestartGoToTheNewWorkers() {
        sim::Config c = base(1);
        c.server.workers = 2;
        c.server.restart_at = 3;
        c.server.keepalive = 75;  // kept-alive connections to the old workers must not be reused
        c.workload.users = 2;
        c.workload.repeats = 8;
        auto r = sim::simulate(c);
        QCOMPARE(count(r, Cause::Ok), r.requests);
        QCOMPARE(r.worker_boots, std::uint64_t{4});
    }

    // §3: a leaked connection is never checked in: one sequential user with a pool of one
    // connection succeeds once, then waits pool_timeout and fails on every later call.
    void leakedConnectionsExhaustThePool() {
        sim::Config c = base(0.1);
        c.db_pool.pool_size = 1;
        c.db_pool.max_overflow = 0;
        c.db_pool.pool_timeout = 1;
        c.request.leak_probability = 1.0;
        c.request.leak_reclaim = sim::LeakReclaim::Never;  // the app keeps a reference
        c.request.close_after_error_delay = 0;  // isolate from O1 (tested below)
        c.workload.repeats = 3;
        auto r = sim::simulate(c);
        QCOMPARE(count(r, Cause::Ok), std::uint64_t{1});
        QCOMPARE(count(r, Cause::DbPoolTimeout), std::uint64_t{2});
        c.request.leak_probability = 0;
        QCOMPARE(count(sim::simulate(c), Cause::Ok), std::uint64_t{3});
    }

    // §9: an unreferenced leaked session is freed by CPython's cyclic garbage collector, and
    // SQLAlchemy's finalizer returns its connection invalidated: the pool does not drain, but
    // every checkout after a leak reconnects.
    void leakedSessionsFreedByTheCollectorReconnect() {
        sim::Config c = base(0.1);
        c.db_pool.pool_size = 1;
        c.db_pool.max_overflow = 0;
        c.db_pool.pool_timeout = 1;
        c.request.leak_probability = 1.0;
        c.request.leak_reclaim = sim::LeakReclaim::Gc;
        c.workload.repeats = 3;
        const auto r = sim::simulate(c);
        QCOMPARE(count(r, Cause::Ok), std::uint64_t{3});
        int reconnected = 0;
        for (const auto& rec : r.records)
            if (rec.phases[static_cast<std::size_t>(sim::Phase::DbConnect)] > 0) ++reconnected;
        QCOMPARE(reconnected, 3);  // the first connect, then a reconnect after each leak
        c.request.leak_probability = 0;
        int connects = 0;
        for (const auto& rec : sim::simulate(c).records)
            if (rec.phases[static_cast<std::size_t>(sim::Phase::DbConnect)] > 0) ++connects;
        QCOMPARE(connects, 1);
    }

    // §3: overflow connections are closed on check-in once pool_size sit idle; pool_recycle
    // replaces a connection at checkout when it is older than the limit.
    void overflowClosedOnCheckinAndRecycleReconnects() {
        sim::Config c = base(2);
        c.db_pool.pool_size = 2;
        c.db_pool.max_overflow = 10;
        c.workload.users = 6;
        auto r = sim::simulate(c);
        QCOMPARE(r.peaks.db_connections_total, std::int64_t{6});
        const auto col = *r.timeseries.column_index("db_connections");
        QCOMPARE(r.timeseries.at(r.timeseries.row_count() - 1, col), 2.0);  // back to pool_size
        sim::Config rc = base(1);
        rc.db_pool.pool_recycle = 0.5;
        rc.workload.repeats = 3;
        auto rr = sim::simulate(rc);
        QCOMPARE(count(rr, Cause::Ok), std::uint64_t{3});
        for (std::size_t i = 1; i < rr.records.size(); ++i)  // each later call reconnects
            QVERIFY(rr.records[i].phases[static_cast<std::size_t>(sim::Phase::DbConnect)] > 0);
    }

    // §9 O6 and its switch: a router that cancels abandoned generations frees the slots, and
    // the slot collapse no longer takes everything down.
    void cancelOnDisconnectPreventsSlotCollapse() {
        auto kept = sim::simulate(sim::load_preset(preset("failure-modes/upstream-slot-collapse.toml")));
        auto cancelled = sim::simulate(sim::load_preset(preset("failure-modes/upstream-slot-collapse.toml"), {"upstream.cancel_on_disconnect=true"}));
        QVERIFY(kept.upstream_abandoned > 0);
        QVERIFY(count(cancelled, Cause::Ok) > 2 * count(kept, Cause::Ok));
    }

    // §8: prompt + completion beyond the context length → 400 from the upstream, raised by the
    // app → 500, not retried; passed through when configured.
    void contextLengthIsNotRetried() {
        sim::Config c = base(1);
        c.upstream.context_length = 50;
        c.http_client.max_attempts = 3;
        auto r = sim::simulate(c);
        QCOMPARE(count(r, Cause::ContextLengthExceeded), std::uint64_t{1});
        QCOMPARE(r.records.at(0).http_status, 500);
        QCOMPARE(r.records.at(0).attempts, 1);
        c.request.upstream_status_passthrough = true;
        QCOMPARE(sim::simulate(c).records.at(0).http_status, 400);
    }

    // §4: a new AsyncClient per request spends ~25 ms of CPU on the event loop (SSLContext) and
    // opens a fresh connection; a shared client reuses its kept-alive connection.
    void perRequestClientBlocksTheLoopAndReconnects() {
        sim::Config c = base(0.5);
        c.workload.repeats = 4;
        // The CPU set here, not taken from the defaults: 25 ms per client, 0.8 ms per request.
        c.http_client.client_setup_cpu = sim::Distribution::constant(0.025);
        c.request.parse_cpu = sim::Distribution::constant(0.0005);
        c.request.response_cpu = sim::Distribution::constant(0.0003);
        c.http_client.mode = sim::HttpClientMode::PerRequest;
        auto per = sim::simulate(c);
        c.http_client.mode = sim::HttpClientMode::Shared;
        auto shared = sim::simulate(c);
        const auto cpu = static_cast<std::size_t>(sim::Phase::Cpu), conn = static_cast<std::size_t>(sim::Phase::Connect);
        for (const auto& rec : per.records) {
            QVERIFY(rec.phases[cpu] >= 25 * engine::kMillisecond);
            QVERIFY(rec.phases[conn] > 0);
        }
        for (std::size_t i = 1; i < shared.records.size(); ++i) {
            QVERIFY(shared.records[i].phases[cpu] < 5 * engine::kMillisecond);
            QCOMPARE(shared.records[i].phases[conn], engine::SimTime{0});
        }
    }

    // §9 O1: after a 500 from the catch-all handler uvicorn closes the keep-alive connection a
    // moment later; a client that sends its next call sooner fails with ReadError, without
    // reaching the handler. A client that waits past the close, or sends Connection: close, does not.
    void fiveHundredClosesTheKeepAliveConnection() {
        sim::Config c = base(0.2);
        c.upstream.error_probability = 1.0;  // every call: upstream 500 → the app's 500
        c.workload.repeats = 4;
        auto r = sim::simulate(c);
        QCOMPARE(count(r, Cause::UpstreamError), std::uint64_t{2});
        QCOMPARE(count(r, Cause::ClosedAfterError), std::uint64_t{2});
        for (const auto& rec : r.records)
            if (rec.cause == Cause::ClosedAfterError) {
                QCOMPARE(rec.client_error, sim::ClientError::ReadError);
                QCOMPARE(rec.worker, -1);  // never reached a handler
                QCOMPARE(rec.latency(), engine::from_seconds(c.request.close_after_error_delay));
            }
        c.workload.think_time = sim::Distribution::constant(0.01);
        QCOMPARE(count(sim::simulate(c), Cause::ClosedAfterError), std::uint64_t{0});
        c.workload.think_time = sim::Distribution::constant(0);
        c.workload.keepalive = false;
        QCOMPARE(count(sim::simulate(c), Cause::ClosedAfterError), std::uint64_t{0});
    }

    // §5: the ALB closes a caller's connection after idle_timeout without traffic. A call sent
    // within a round trip of the close crosses the FIN and gets no response; after that window the
    // caller has seen the FIN and opens a new connection; before the close it reuses its own.
    void albClosesIdleCallerConnections() {
        sim::Config c = base(0.1);
        c.load_balancer.enabled = true;
        c.load_balancer.idle_timeout = 5;
        c.workload.network_rtt = 0.01;
        c.workload.repeats = 4;
        const auto races = [&](double think) {
            c.workload.think_time = sim::Distribution::constant(think);
            const auto r = sim::simulate(c);
            for (const auto& rec : r.records)
                if (rec.cause == Cause::LbClientIdleClose) {
                    if (rec.client_error != sim::ClientError::RemoteProtocolError || rec.http_status != 0 || rec.worker != -1)
                        return std::uint64_t{99};
                }
            return count(r, Cause::LbClientIdleClose);
        };
        // The call leaves half a round trip after the think time: idle for 5.005 s, within the race.
        // Each race closes the connection, so the call after it opens a new one and succeeds.
        QCOMPARE(races(5.0), std::uint64_t{2});
        QCOMPARE(races(5.02), std::uint64_t{0});  // the caller saw the FIN: a new connection
        QCOMPARE(races(4.98), std::uint64_t{0});  // still open: reused
        c.workload.keepalive = false;             // a connection per call never idles
        QCOMPARE(races(5.0), std::uint64_t{0});
    }

    // §7: with the TPM counting what is served, a call's tokens count as its generation ends,
    // not when its answer reaches the gateway half a round trip later. One call uses the whole
    // budget: calls that reach the router before the first generation ends pass, the rest are
    // refused, including those that arrive while the first answer is still on its way back.
    void servedTokensCountAsGenerationEnds() {
        sim::Config c = base(0.5);
        c.workload.kind = sim::WorkloadKind::Open;
        c.workload.rate = 20;
        c.workload.duration = 2;
        c.upstream.network_rtt = 2.0;  // 1 s each way
        c.upstream.tpm = 110;          // one call's 100 + 10 tokens
        c.upstream.tpm_counts = sim::TokenCount::Served;
        c.http_client.max_attempts = 1;
        auto r = sim::simulate(c);
        engine::SimTime first = engine::kForever;
        for (const auto& rec : r.records) first = std::min(first, rec.start);
        // A call starting at `start` reaches the router about 1 s later; the first generation
        // ends about 1.5 s after `first`.
        std::uint64_t refused_in_flight_window = 0;
        for (const auto& rec : r.records) {
            const engine::SimTime after = rec.start - first;
            if (rec.cause == Cause::Ok) QVERIFY2(after < 600 * engine::kMillisecond, "admitted after the budget was spent");
            if (rec.cause == Cause::UpstreamRateLimited && after > 600 * engine::kMillisecond && after < 1400 * engine::kMillisecond)
                ++refused_in_flight_window;
        }
        QVERIFY(count(r, Cause::Ok) > 0);
        QVERIFY(refused_in_flight_window > 0);
    }

    // §9 O4: open-loop callers sharing one API key arrive together; the first requests all miss
    // the chat session, all insert it, and all but one fail their commit with IntegrityError.
    void sessionCreateRace() {
        sim::Config c = base(0.5);
        c.workload.kind = sim::WorkloadKind::Open;
        c.workload.rate = 200;
        c.workload.duration = 0.5;
        c.db_server.commit_time = sim::Distribution::constant(0.01);
        auto r = sim::simulate(c);
        QVERIFY(count(r, Cause::SessionCreateRace) > 0);
        QCOMPARE(count(r, Cause::SessionCreateRace) + count(r, Cause::Ok), r.requests);
        // Later arrivals find the committed session: the races are all at the start.
        for (const auto& rec : r.records)
            if (rec.cause == Cause::SessionCreateRace) QVERIFY(rec.start < 50 * engine::kMillisecond);
        c.request.session_create_race = false;  // an upsert: no race
        QCOMPARE(count(sim::simulate(c), Cause::SessionCreateRace), std::uint64_t{0});
    }

    // §9 O2: a waiter queued while the overflow counter was full is not woken when the
    // connect in flight fails; it sleeps the whole pool_timeout, then connects itself — and
    // fails with the connect error, not with the pool TimeoutError.
    void poolWaitersAreNotWokenAfterAFailedConnect() {
        sim::Config c = base(10);
        c.db_pool.pool_size = 1;
        c.db_pool.max_overflow = 1;
        c.db_pool.pool_timeout = 2;
        c.db_pool.connect_time = sim::Distribution::constant(0.01);
        c.db_server.max_connections = 4;
        c.db_server.superuser_reserved_connections = 3;  // room for one connection
        c.workload.users = 3;
        auto r = sim::simulate(c);
        QCOMPARE(count(r, Cause::Ok), std::uint64_t{1});
        QCOMPARE(count(r, Cause::DbTooManyClients), std::uint64_t{2});
        QCOMPARE(count(r, Cause::DbPoolTimeout), std::uint64_t{0});
        bool saw_sleeper = false;
        for (const auto& rec : r.records)
            if (rec.phases[static_cast<std::size_t>(sim::Phase::DbPoolWait)] == 2 * engine::kSecond) {
                saw_sleeper = true;
                QCOMPARE(rec.cause, Cause::DbTooManyClients);
            }
        QVERIFY(saw_sleeper);
    }

    // §9 O7: connections go to whichever worker accepts; with keep-alive a user stays there. Under
    // DB connection scarcity the workers that got connections early keep them and the others
    // fail nearly everything.
    void unevenLoadOverWorkersUnderConnectionScarcity() {
        sim::Config c = base(1);
        c.server.workers = 4;
        c.server.keepalive = 75;
        c.db_pool.pool_timeout = 1;
        c.db_server.max_connections = 9;
        c.db_server.superuser_reserved_connections = 3;  // 6 connections for 4 workers' pools
        c.workload.users = 8;
        c.workload.repeats = 10;
        auto r = sim::simulate(c);
        std::map<int, std::pair<int, int>> per_worker;  // ok, failed
        for (const auto& rec : r.records) (rec.ok() ? per_worker[rec.worker].first : per_worker[rec.worker].second)++;
        double best = 0, worst = 1;
        for (auto& [w, n] : per_worker) {
            const double share = double(n.first) / (n.first + n.second);
            best = std::max(best, share);
            worst = std::min(worst, share);
        }
        QVERIFY2(best - worst > 0.5, qPrintable(QString("success share per worker from %1 to %2").arg(worst).arg(best)));
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestStackSemantics)
#include "test_stack_semantics.moc"
