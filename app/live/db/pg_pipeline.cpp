#include "app/live/db/pg_pipeline.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gatetune::live {

namespace {
constexpr const char* kDoing = "executing a statement";  // as PgConnection::exec says it
}

PgPipeline::PgPipeline(PgConnection& c, const asio::any_io_executor& loop) : c_(c), loop_(loop) {
    // PQflush and PQconsumeInput must never block the loop; blocking PQexec calls are unaffected.
    PQsetnonblocking(c_.raw(), 1);
}

PgError PgPipeline::broken() const { return pg_error(c_.raw(), nullptr, kDoing); }

// libpq keeps its descriptor for the connection's life but may open a new one on a reset
// (PQreset, or a multi-host URI trying its next host), possibly under the same number: the socket
// is told by its inode, so a new one is never mistaken for the one watched.
void PgPipeline::watch() {
    const int fd = PQsocket(c_.raw());
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0) throw broken();
    if (socket_ && st.st_ino == watched_) return;
    socket_.reset();
    const int dup = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (dup < 0) throw PgError("", std::string(kDoing) + ": cannot watch the connection's socket");
    socket_.emplace(loop_, dup);
    watched_ = st.st_ino;
}

// Asio's reactor reports readiness edge-triggered and a wait is never speculative: callers read
// (PQconsumeInput) before every wait, so data that came while nobody waited is never left behind.
awaitable<void> PgPipeline::ready(asio::posix::descriptor_base::wait_type w) {
    boost::system::error_code ec;
    co_await socket_->async_wait(w, asio::redirect_error(use_awaitable, ec));
    if (ec) throw PgError("", std::string(kDoing) + ": " + ec.message());
}

awaitable<void> PgPipeline::flush() {
    for (;;) {
        const int pending = PQflush(c_.raw());
        if (pending == 0) co_return;
        if (pending < 0) throw broken();
        co_await ready(asio::posix::descriptor_base::wait_write);
    }
}

awaitable<PGresult*> PgPipeline::next_result() {
    PGconn* c = c_.raw();
    for (;;) {
        if (!PQisBusy(c)) co_return PQgetResult(c);
        if (!PQconsumeInput(c)) throw broken();
        if (PQisBusy(c)) co_await ready(asio::posix::descriptor_base::wait_read);
    }
}

// A step abandoned mid-exchange (its coroutine destroyed, or an error thrown before the Sync was
// read) leaves results in flight that the connection's next user would read as its own: the
// socket is shut down instead, so that next use fails as a disconnect and the pool replaces it.
struct PgPipeline::InFlight {
    int fd;
    bool settled = false;
    ~InFlight() {
        if (!settled) ::shutdown(fd, SHUT_RDWR);
    }
};

awaitable<std::vector<PgResult>> PgPipeline::exchange(const std::vector<Statement>& statements) {
    PGconn* c = c_.raw();
    watch();
    InFlight in_flight{PQsocket(c)};
    if (PQpipelineStatus(c) == PQ_PIPELINE_OFF && PQenterPipelineMode(c) != 1) throw broken();
    // What each result read below answers: a statement, or the preparation of this SQL.
    std::vector<const char*> answers;
    for (const Statement& s : statements) {
        const PgParams::Bound b = s.params.bind();
        auto named = prepared_.find(s.sql);
        if (named == prepared_.end()) {
            named = prepared_.emplace(s.sql, "gt" + std::to_string(next_name_++)).first;
            if (PQsendPrepare(c, named->second.c_str(), s.sql, b.count(), nullptr) != 1) throw broken();
            answers.push_back(s.sql);
        }
        if (PQsendQueryPrepared(c, named->second.c_str(), b.count(), b.values.data(), b.lengths.data(), b.formats.data(), 0) != 1)
            throw broken();
        answers.push_back(nullptr);
    }
    if (PQpipelineSync(c) != 1) throw broken();
    co_await flush();

    std::vector<PgResult> results;
    std::optional<PgError> failed;
    for (const char* preparation : answers) {
        // Each one's results end with a null one.
        while (PGresult* r = co_await next_result()) {
            const ExecStatusType st = PQresultStatus(r);
            // A preparation the server skipped or refused is not there: prepare it again next time.
            if (preparation && st != PGRES_COMMAND_OK) prepared_.erase(preparation);
            switch (st) {
                case PGRES_COMMAND_OK:
                case PGRES_TUPLES_OK:
                    if (preparation) PQclear(r);
                    else results.emplace_back(r);
                    break;
                case PGRES_PIPELINE_ABORTED:  // skipped after an earlier failure
                    PQclear(r);
                    break;
                default: {
                    PgError e = pg_error(c, r, kDoing);
                    if (PQstatus(c) != CONNECTION_OK) throw e;  // nothing more will come
                    if (!failed) failed = std::move(e);
                }
            }
        }
    }
    PGresult* sync = co_await next_result();
    const bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    if (!synced) throw broken();
    if (PQexitPipelineMode(c) != 1) throw broken();
    in_flight.settled = true;
    if (failed) throw std::move(*failed);
    co_return results;
}

awaitable<std::vector<PgResult>> PgPipeline::run(std::vector<Statement> statements) {
    std::optional<PgError> failed;
    try {
        co_return co_await exchange(statements);
    } catch (const PgError& e) {
        if (PQstatus(c_.raw()) != CONNECTION_OK || PQtransactionStatus(c_.raw()) != PQTRANS_INERROR) throw;
        failed = e;
    }
    // A statement failed inside BEGIN … COMMIT: the COMMIT was skipped and the block is aborted.
    std::vector<Statement> rollback;
    rollback.push_back({"ROLLBACK", {}});
    try {
        co_await exchange(rollback);
    } catch (const PgError&) {
        // The statement's error is the one to report; a connection the ROLLBACK could not reach
        // is !alive() and gets invalidated.
    }
    throw std::move(*failed);
}

awaitable<PgResult> PgPipeline::query(const char* sql, PgParams params) {
    std::vector<Statement> one;
    one.push_back({sql, std::move(params)});
    auto results = co_await run(std::move(one));
    co_return std::move(results.front());
}

}  // namespace gatetune::live
