#pragma once
// The request path's statements on a pooled PostgreSQL connection, awaited on the worker's event
// loop (pg_pipeline.hpp) rather than run on a database thread: the same SQL, parameters, results
// and errors as PgStore's (postgres_statements.hpp); the usage transaction is one round trip.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "app/live/db/gateway_store.hpp"
#include "app/live/db/pg_pipeline.hpp"

namespace gatetune::live {

class PgLoopStore {
public:
    // c (the pooled PgStore's connection) outlives this object.
    PgLoopStore(PgConnection& c, const asio::any_io_executor& loop) : pipe_(c, loop) {}

    awaitable<std::optional<ApiKeyRow>> find_key(std::string_view prefix);
    awaitable<std::optional<std::int64_t>> find_session(std::int64_t api_key_id, std::string_view owner);
    // Autocommit, as PgStore's: a unique violation (constraint()) leaves no aborted transaction.
    awaitable<std::int64_t> insert_session(std::int64_t api_key_id, std::string_view owner);
    awaitable<std::vector<unsigned char>> private_key(std::int64_t api_key_id);
    // BEGIN, INSERT usage, UPDATE the session, COMMIT in one pipeline: both rows or neither.
    awaitable<void> commit_usage(const UsageRow& u);
    awaitable<void> ping();

private:
    PgPipeline pipe_;
};

}  // namespace gatetune::live
