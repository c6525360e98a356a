#pragma once
// The request path's statements on PostgreSQL, in one place: the blocking store (postgres_store.hpp)
// and the event-loop store (postgres_loop_store.hpp) send the same SQL with the same parameters
// and read the same columns, so the two paths cannot drift apart.
#include <cstdint>
#include <string_view>

#include "app/live/db/gateway_store.hpp"
#include "app/live/db/postgres.hpp"

namespace gatetune::live::pg_sql {

// Timestamps as the SQLite file shows them: ISO 8601 in UTC.
#define GATETUNE_PG_KEY_COLUMNS                                                  \
    "SELECT id, name, prefix, salt, hash, "                                      \
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), " \
    "to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM api_keys "

inline constexpr const char* kFindKey = GATETUNE_PG_KEY_COLUMNS "WHERE prefix = $1";
inline constexpr const char* kListKeys = GATETUNE_PG_KEY_COLUMNS "ORDER BY id";
inline constexpr const char* kFindSession = "SELECT id FROM chat_sessions WHERE api_key_id = $1 AND owner = $2";
inline constexpr const char* kInsertSession = "INSERT INTO chat_sessions (api_key_id, owner) VALUES ($1, $2) RETURNING id";
inline constexpr const char* kPrivateKey = "SELECT secret FROM private_keys WHERE api_key_id = $1";
inline constexpr const char* kInsertUsage =
    "INSERT INTO usage (request_id, api_key_id, session_id, prompt_tokens, completion_tokens, model, started_at_us, latency_us, "
    "ttft_us, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
inline constexpr const char* kCountSessionRequest = "UPDATE chat_sessions SET requests = requests + 1 WHERE id = $1";
inline constexpr const char* kPing = "SELECT 1";

#undef GATETUNE_PG_KEY_COLUMNS

// A row of kFindKey or kListKeys.
ApiKeyRow read_key(const PgResult& r, int row);
// kInsertUsage's parameters.
PgParams usage_params(const UsageRow& u);

inline PgParams session_params(std::int64_t api_key_id, std::string_view owner) {
    return PgParams().int64(api_key_id).text(owner);
}

}  // namespace gatetune::live::pg_sql
