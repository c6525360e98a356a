#pragma once
// The gateway's database: schema and the statements of the request path (API key lookup, chat
// session lookup-or-create, private key, usage + session update in one transaction). Usage is
// written in one transaction with the session update, so a request killed mid-flight leaves
// either both rows or neither.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/live/db/sqlite.hpp"

namespace gatetune::live {

// $XDG_DATA_HOME/gatetune/gateway.sqlite3 (or ~/.local/share/…); the directory is created 0700.
std::string default_database_path();
// Creates the file owner-only (0600) if missing, then the tables. Throws SqliteError or std::system_error.
void create_database(const std::string& path);

struct ApiKeyRow {
    std::int64_t id = 0;
    std::string name;
    std::string prefix;
    std::vector<unsigned char> salt, hash;
    std::string created_at;
    std::optional<std::string> revoked_at;
};

struct UsageRow {
    std::string request_id;
    std::int64_t api_key_id = 0;
    std::optional<std::int64_t> session_id;
    int prompt_tokens = 0;
    int completion_tokens = 0;
};

// Statements on one open connection (one pooled connection of a worker).
class GatewayDb {
public:
    explicit GatewayDb(SqliteConnection& c) : c_(c) {}

    std::optional<ApiKeyRow> find_key(std::string_view prefix);
    std::vector<ApiKeyRow> list_keys();
    std::int64_t insert_key(const ApiKeyRow& row, const std::vector<unsigned char>& private_key);
    bool revoke_key(std::string_view prefix_or_name);

    std::optional<std::int64_t> find_session(std::int64_t api_key_id, std::string_view owner);
    // INSERT and COMMIT; throws SqliteError (constraint() when another request inserted it first).
    std::int64_t insert_session(std::int64_t api_key_id, std::string_view owner);
    std::vector<unsigned char> private_key(std::int64_t api_key_id);
    // INSERT usage + UPDATE the session's counter, one transaction.
    void commit_usage(const UsageRow& u);
    std::int64_t count_usage();
    void ping();

private:
    SqliteConnection& c_;
};

}  // namespace gatetune::live
