#pragma once
// One PostgreSQL connection driven from a worker's event loop, as asyncpg drives its own: the
// connection non-blocking, its socket watched by the loop, a step's statements sent together in
// pipeline mode and closed by one Sync — BEGIN … COMMIT is one round trip — and no thread parked
// on the server meanwhile. Each SQL text is prepared once per connection (in the same round trip
// as its first use), as asyncpg's statement cache does, so the server parses and plans it once.
// The blocking PgConnection calls still work on the same connection (PQexec ignores
// non-blocking mode), outside a run.
#include <sys/types.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/live/db/postgres.hpp"
#include "app/live/net/http.hpp"

namespace gatetune::live {

class PgPipeline {
public:
    struct Statement {
        const char* sql;  // a constant: it names the connection's prepared statement
        PgParams params;
    };

    // c outlives this object; the socket is watched through a duplicate of libpq's descriptor, so
    // either may be closed first.
    PgPipeline(PgConnection& c, const asio::any_io_executor& loop);
    PgPipeline(const PgPipeline&) = delete;
    PgPipeline& operator=(const PgPipeline&) = delete;

    // Sends the statements and one Sync, then reads every result: each statement's result in
    // order, or the first failure's PgError (the same text the blocking path throws). Between
    // Syncs the server runs the statements as one implicit transaction unless they open their
    // own; a failed explicit transaction is rolled back before the error is thrown, as
    // PgConnection::transaction does, so the pooled connection stays usable. A broken connection
    // throws at once (the connection is then !alive(): the pool invalidates it).
    awaitable<std::vector<PgResult>> run(std::vector<Statement> statements);
    awaitable<PgResult> query(const char* sql, PgParams params = {});

private:
    struct InFlight;
    awaitable<std::vector<PgResult>> exchange(const std::vector<Statement>& statements);
    awaitable<void> flush();
    awaitable<PGresult*> next_result();
    awaitable<void> ready(asio::posix::descriptor_base::wait_type w);
    void watch();
    PgError broken() const;

    PgConnection& c_;
    asio::any_io_executor loop_;
    std::optional<asio::posix::stream_descriptor> socket_;
    ino_t watched_ = 0;  // the inode of the socket the duplicate was made from
    std::unordered_map<const char*, std::string> prepared_;  // SQL → its prepared statement's name
    int next_name_ = 0;
};

}  // namespace gatetune::live
