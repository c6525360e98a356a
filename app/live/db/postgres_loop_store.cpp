#include "app/live/db/postgres_loop_store.hpp"

#include "app/live/db/postgres_statements.hpp"

namespace gatetune::live {

awaitable<std::optional<ApiKeyRow>> PgLoopStore::find_key(std::string_view prefix) {
    const PgResult r = co_await pipe_.query(pg_sql::kFindKey, PgParams().text(prefix));
    if (r.rows() == 0) co_return std::nullopt;
    co_return pg_sql::read_key(r, 0);
}

awaitable<std::optional<std::int64_t>> PgLoopStore::find_session(std::int64_t api_key_id, std::string_view owner) {
    const PgResult r = co_await pipe_.query(pg_sql::kFindSession, pg_sql::session_params(api_key_id, owner));
    if (r.rows() == 0) co_return std::nullopt;
    co_return r.int64(0, 0);
}

awaitable<std::int64_t> PgLoopStore::insert_session(std::int64_t api_key_id, std::string_view owner) {
    const PgResult r = co_await pipe_.query(pg_sql::kInsertSession, pg_sql::session_params(api_key_id, owner));
    co_return r.int64(0, 0);
}

awaitable<std::vector<unsigned char>> PgLoopStore::private_key(std::int64_t api_key_id) {
    const PgResult r = co_await pipe_.query(pg_sql::kPrivateKey, PgParams().int64(api_key_id));
    if (r.rows() == 0) co_return std::vector<unsigned char>{};
    co_return r.bytes(0, 0);
}

awaitable<void> PgLoopStore::commit_usage(const UsageRow& u) {
    std::vector<PgPipeline::Statement> tx;
    tx.push_back({"BEGIN", {}});
    tx.push_back({pg_sql::kInsertUsage, pg_sql::usage_params(u)});
    if (u.session_id) tx.push_back({pg_sql::kCountSessionRequest, PgParams().int64(*u.session_id)});
    tx.push_back({"COMMIT", {}});
    co_await pipe_.run(std::move(tx));
}

awaitable<void> PgLoopStore::ping() { co_await pipe_.query(pg_sql::kPing); }

}  // namespace gatetune::live
