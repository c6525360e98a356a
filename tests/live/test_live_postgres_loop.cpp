// The request path's PostgreSQL statements on the worker's event loop (PgLoopStore through
// DbSession and QueuePool, as chat_handler.cpp runs them) against a throwaway server on loopback:
// the same rows and the same errors as the blocking store, the usage transaction all or nothing,
// and a connection the server ends invalidated and replaced at the next checkout. Skips, saying
// why, only where no server can start.
#include "qtest_suite.hpp"

#include <memory>
#include <optional>

#include "app/live/db/open_database.hpp"
#include "app/live/db/postgres_store.hpp"
// Qt's `slots` keyword would rewrite SharedState's member of that name.
#pragma push_macro("slots")
#undef slots
#include "app/live/gateway/db_session.hpp"
#pragma pop_macro("slots")
#include "live/pg_server.hpp"

using namespace gatetune;
using live::DbOutcome;
using live::DbSession;

namespace {

// Runs one awaitable on the loop to its end; the loop then has nothing left to do.
template <class T>
T await_on(live::asio::io_context& io, live::awaitable<T> a) {
    std::optional<T> value;
    std::exception_ptr error;
    live::asio::co_spawn(io, std::move(a), [&](std::exception_ptr e, T v) {
        error = e;
        if (!e) value = std::move(v);
    });
    io.restart();
    io.run();
    if (error) std::rethrow_exception(error);
    return std::move(*value);
}

// One worker's pool on `uri`, as GatewayWorker builds it.
struct Worker {
    explicit Worker(const std::string& uri) : link(cfg, *shared, gauges, uri), pool(cfg, link, db_threads, gauges, 0) {}
    sim::Config cfg;
    std::unique_ptr<live::SharedState> shared = std::make_unique<live::SharedState>();
    live::WorkerGauges gauges;
    live::asio::io_context io;  // outlives the pool: its connections' sockets are registered with it
    live::asio::thread_pool db_threads{2};
    live::DbServerLink link;
    live::QueuePool pool;
    live::RequestTimeline t;
};

live::UsageRow usage(std::int64_t key_id, std::int64_t session_id, const std::string& request_id) {
    live::UsageRow u;
    u.request_id = request_id;
    u.api_key_id = key_id;
    u.session_id = session_id;
    u.prompt_tokens = 12;
    u.completion_tokens = 5;
    u.model = "gatetune-mock";
    u.started_at_us = 1'700'000'000'000'000;
    u.latency_us = 1500;
    return u;
}

}  // namespace

class TestLivePostgresLoop : public QObject {
    Q_OBJECT

    test::PgServer pg_;
    std::string skip_;
    int databases_ = 0;

    // A fresh database with the gateway's schema and one key; its name.
    std::string fresh_database() {
        const std::string name = "loop" + std::to_string(++databases_);
        live::PgConnection admin(pg_.uri("postgres", "postgres"));
        admin.exec(("CREATE DATABASE " + name + " OWNER gatetune").c_str());
        live::create_database(live::parse_database_location(uri(name)));
        live::PgStore store(uri(name));
        live::ApiKeyRow key;
        key.name = "loop";
        key.prefix = "gt-loop0001";
        key.salt = {1, 2, 3};
        key.hash = {4, 5, 6, 0, 7};
        key_id_ = store.insert_key(key, {9, 8, 7});
        return name;
    }
    std::string uri(const std::string& db) const { return pg_.uri("gatetune", db); }
    std::int64_t scalar(const std::string& db, const std::string& sql) {
        live::PgConnection c(pg_.uri("postgres", db));
        return c.exec(sql.c_str()).int64(0, 0);
    }
    std::int64_t terminate_gateway_backends(const std::string& db) {
        return scalar(db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 'gatetune'");
    }
    std::int64_t key_id_ = 0;

private slots:
    void initTestCase() {
        skip_ = pg_.unavailable();
        if (!skip_.empty()) return;
        QVERIFY2(pg_.start(10, 1), pg_.error().c_str());
        live::PgConnection admin(pg_.uri("postgres", "postgres"));
        admin.exec("CREATE ROLE gatetune LOGIN");
    }

    // Every step answers what PgStore answers for the same rows.
    void loopStepsAnswerAsTheBlockingStore() {
        if (!skip_.empty()) QSKIP(skip_.c_str());
        const std::string db = fresh_database();
        live::PgStore blocking(uri(db));
        Worker w(uri(db));
        DbSession s(w.pool, w.cfg, w.t);

        auto key = await_on(w.io, s.find_key(1, "gt-loop0001"));
        QCOMPARE(key.cause, sim::Cause::Ok);
        const auto expected = blocking.find_key("gt-loop0001");
        QVERIFY(*key.value && expected);
        QCOMPARE((*key.value)->id, expected->id);
        QCOMPARE((*key.value)->name, expected->name);
        QVERIFY((*key.value)->salt == expected->salt && (*key.value)->hash == expected->hash);
        QCOMPARE((*key.value)->created_at, expected->created_at);
        QVERIFY(!(*key.value)->revoked_at);
        QVERIFY(!*await_on(w.io, s.find_key(1, "gt-nosuchkey")).value);

        QVERIFY(!*await_on(w.io, s.find_session(key_id_, "alice")).value);
        auto made = await_on(w.io, s.insert_session(key_id_, "alice"));
        QCOMPARE(made.cause, sim::Cause::Ok);
        QCOMPARE(*await_on(w.io, s.find_session(key_id_, "alice")).value, std::optional<std::int64_t>(*made.value));
        QCOMPARE(blocking.find_session(key_id_, "alice"), std::optional<std::int64_t>(*made.value));
        QVERIFY(*await_on(w.io, s.private_key(1, key_id_)).value == blocking.private_key(key_id_));
        QVERIFY(await_on(w.io, s.private_key(1, key_id_ + 100)).value->empty());

        auto done = await_on(w.io, s.commit_usage(1, usage(key_id_, *made.value, "r1")));
        QCOMPARE(done.cause, sim::Cause::Ok);
        s.close();
        QCOMPARE(scalar(db, "SELECT count(*) FROM usage WHERE request_id = 'r1' AND completion_tokens = 5 AND latency_us = 1500"), std::int64_t{1});
        QCOMPARE(scalar(db, "SELECT requests FROM chat_sessions WHERE owner = 'alice'"), std::int64_t{1});
        // No database thread ran a statement: the pool's only connection was opened once.
        QCOMPARE(w.gauges.db_connections.load(), std::int64_t{1});
    }

    // A second INSERT of one (key, owner) is the unique violation: constraint() on the outcome,
    // the blocking store's text, and the connection stays usable (autocommit, nothing aborted).
    void uniqueViolationOnTheLoopIsAConstraint() {
        if (!skip_.empty()) QSKIP(skip_.c_str());
        const std::string db = fresh_database();
        Worker w(uri(db));
        DbSession s(w.pool, w.cfg, w.t);
        QCOMPARE(await_on(w.io, s.insert_session(key_id_, "racer")).cause, sim::Cause::Ok);
        auto lost = await_on(w.io, s.insert_session(key_id_, "racer"));
        QCOMPARE(lost.cause, sim::Cause::DbError);
        QVERIFY(lost.constraint);
        std::string blocking_text;
        try {
            live::PgStore(uri(db)).insert_session(key_id_, "racer");
        } catch (const live::DatabaseError& e) {
            QVERIFY(e.constraint());
            blocking_text = e.what();
        }
        QCOMPARE(lost.error, blocking_text);
        QVERIFY2(lost.error.find("duplicate key value violates unique constraint") != std::string::npos, lost.error.c_str());
        QVERIFY(lost.error.find("racer") == std::string::npos);  // no DETAIL with the row's values
        // Same connection, next statement: fine.
        QCOMPARE(await_on(w.io, s.find_session(key_id_, "racer")).cause, sim::Cause::Ok);
        s.close();
        QCOMPARE(w.gauges.db_connections.load(), std::int64_t{1});
    }

    // The usage INSERT and the session UPDATE commit together or not at all: a failing INSERT
    // rolls the block back (the connection usable after), and a backend killed while the UPDATE
    // waits for a row lock — the INSERT already done — leaves neither row.
    void usageTransactionIsAllOrNothing() {
        if (!skip_.empty()) QSKIP(skip_.c_str());
        const std::string db = fresh_database();
        Worker w(uri(db));
        std::int64_t session = 0;
        {
            DbSession s(w.pool, w.cfg, w.t);
            session = *await_on(w.io, s.insert_session(key_id_, "bob")).value;
            QCOMPARE(await_on(w.io, s.commit_usage(1, usage(key_id_, session, "dup"))).cause, sim::Cause::Ok);
            auto again = await_on(w.io, s.commit_usage(1, usage(key_id_, session, "dup")));  // request_id is unique
            QCOMPARE(again.cause, sim::Cause::DbError);
            QVERIFY(again.constraint);
            QCOMPARE(scalar(db, "SELECT requests FROM chat_sessions WHERE id = " + std::to_string(session)), std::int64_t{1});
            QCOMPARE(await_on(w.io, s.commit_usage(1, usage(key_id_, session, "after"))).cause, sim::Cause::Ok);
            s.close();
        }
        QCOMPARE(scalar(db, "SELECT count(*) FROM usage"), std::int64_t{2});
        QCOMPARE(scalar(db, "SELECT requests FROM chat_sessions WHERE owner = 'bob'"), std::int64_t{2});

        live::PgConnection holder(pg_.uri("postgres", db));
        holder.exec("BEGIN");
        holder.exec("SELECT id FROM chat_sessions WHERE owner = 'bob' FOR UPDATE");
        std::optional<DbOutcome<bool>> killed;
        DbSession s(w.pool, w.cfg, w.t);
        const live::UsageRow row = usage(key_id_, session, "killed");
        live::asio::co_spawn(w.io, [&]() -> live::awaitable<void> { killed = co_await s.commit_usage(1, row); }, live::asio::detached);
        w.io.restart();
        const bool waiting = QTest::qWaitFor(
            [&] {
                w.io.poll();
                return scalar(db, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'gatetune' AND wait_event_type = 'Lock'") == 1;
            },
            15'000);
        QVERIFY(waiting);
        QCOMPARE(terminate_gateway_backends(db), std::int64_t{1});
        w.io.run();
        holder.exec("COMMIT");
        QVERIFY(killed);
        QCOMPARE(killed->cause, sim::Cause::DbError);
        QVERIFY(!killed->constraint);
        s.close();
        QCOMPARE(scalar(db, "SELECT count(*) FROM usage WHERE request_id = 'killed'"), std::int64_t{0});
        QCOMPARE(scalar(db, "SELECT requests FROM chat_sessions WHERE owner = 'bob'"), std::int64_t{2});
    }

    // pg_terminate_backend on the pooled connection: the next statement fails with the server's
    // FATAL, the connection is invalidated (closed, counted out), and the next checkout
    // reconnects — as SQLAlchemy does on a disconnect error.
    void terminatedConnectionIsInvalidatedAndReplaced() {
        if (!skip_.empty()) QSKIP(skip_.c_str());
        const std::string db = fresh_database();
        Worker w(uri(db));
        {
            DbSession s(w.pool, w.cfg, w.t);
            QCOMPARE(await_on(w.io, s.find_key(1, "gt-loop0001")).cause, sim::Cause::Ok);
            s.close();
        }
        QCOMPARE(terminate_gateway_backends(db), std::int64_t{1});
        {
            DbSession s(w.pool, w.cfg, w.t);
            auto r = await_on(w.io, s.find_key(1, "gt-loop0001"));
            QCOMPARE(r.cause, sim::Cause::DbError);
            QVERIFY2(r.error.find("terminating connection due to administrator command") != std::string::npos ||
                         r.error.find("server closed the connection") != std::string::npos,
                     r.error.c_str());
            QCOMPARE(w.gauges.db_connections.load(), std::int64_t{0});  // invalidated
            // The rest of this session's steps get the lost connection's answer, not a new one.
            QCOMPARE(await_on(w.io, s.find_session(key_id_, "x")).error, std::string("the database connection was lost"));
            s.close();
        }
        {
            DbSession s(w.pool, w.cfg, w.t);
            auto r = await_on(w.io, s.find_key(1, "gt-loop0001"));
            QCOMPARE(r.cause, sim::Cause::Ok);
            QVERIFY(*r.value);
            s.close();
        }
        QCOMPARE(w.gauges.db_connections.load(), std::int64_t{1});
        QCOMPARE(scalar(db, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'gatetune'"), std::int64_t{1});
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestLivePostgresLoop)
#include "test_live_postgres_loop.moc"
