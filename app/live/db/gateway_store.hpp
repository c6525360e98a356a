#pragma once
// The gateway's database as the request path uses it: schema-independent rows and the
// statements of the request path (API key lookup, chat session lookup-or-create, private key,
// usage + session update in one transaction) plus key management. One object is one open
// connection (one pooled connection of a worker); SQLite and PostgreSQL implement it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/live/db/database_error.hpp"

namespace gatetune::live {

struct ApiKeyRow {
    std::int64_t id = 0;
    std::string name;
    std::string prefix;
    std::vector<unsigned char> salt, hash;
    std::string created_at;  // ISO 8601 UTC
    std::optional<std::string> revoked_at;
};

// One answered request. Besides billing (tokens per key and session) the row carries what
// `gatetune calibrate` fits the upstream and the workload from (app/live/db/usage_log.hpp):
// when the request came, which model, and how long the upstream took for it.
struct UsageRow {
    std::string request_id;
    std::int64_t api_key_id = 0;
    std::optional<std::int64_t> session_id;
    int prompt_tokens = 0;
    int completion_tokens = 0;
    std::string model;                 // as the client asked for it
    std::int64_t started_at_us = 0;    // when the gateway received the request: µs since the Unix epoch
    std::int64_t latency_us = 0;       // the upstream call that answered (sent → last byte), µs
    std::optional<std::int64_t> ttft_us;  // sent → first token, streamed requests only, µs
    int status = 200;                  // the upstream's HTTP status
};

// Every method throws DatabaseError when the database fails.
class GatewayStore {
public:
    virtual ~GatewayStore() = default;

    virtual std::optional<ApiKeyRow> find_key(std::string_view prefix) = 0;
    virtual std::vector<ApiKeyRow> list_keys() = 0;
    // The key and its upstream private key, one transaction; returns the key's id.
    virtual std::int64_t insert_key(const ApiKeyRow& row, const std::vector<unsigned char>& private_key) = 0;
    // Revokes active keys with this prefix or name; false when there was none.
    virtual bool revoke_key(std::string_view prefix_or_name) = 0;

    virtual std::optional<std::int64_t> find_session(std::int64_t api_key_id, std::string_view owner) = 0;
    // INSERT and COMMIT; constraint() on the error when another request inserted it first (O4).
    virtual std::int64_t insert_session(std::int64_t api_key_id, std::string_view owner) = 0;
    virtual std::vector<unsigned char> private_key(std::int64_t api_key_id) = 0;
    // INSERT usage + UPDATE the session's counter, one transaction: a request killed mid-flight
    // leaves both rows or neither.
    virtual void commit_usage(const UsageRow& u) = 0;
    virtual std::int64_t count_usage() = 0;
    // A trivial round trip (pool_pre_ping).
    virtual void ping() = 0;
    // False once the connection is known to be gone (the server closed it): the pool then
    // invalidates it, as SQLAlchemy does on a disconnect error.
    virtual bool alive() const { return true; }
};

}  // namespace gatetune::live
