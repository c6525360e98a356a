#pragma once
// The gateway's database in a SQLite file (WAL): the schema and the request path's statements
// on one open connection.
#include <string>

#include "app/live/db/gateway_store.hpp"
#include "app/live/db/sqlite.hpp"

namespace gatetune::live {

class SqliteStore : public GatewayStore {
public:
    // Opens an existing database file (create() makes one).
    explicit SqliteStore(const std::string& path) : c_(path, false) {}

    // Creates the file owner-only (0600) if missing, then the tables. Throws SqliteError or std::system_error.
    static void create(const std::string& path);

    std::optional<ApiKeyRow> find_key(std::string_view prefix) override;
    std::vector<ApiKeyRow> list_keys() override;
    std::int64_t insert_key(const ApiKeyRow& row, const std::vector<unsigned char>& private_key) override;
    bool revoke_key(std::string_view prefix_or_name) override;
    std::optional<std::int64_t> find_session(std::int64_t api_key_id, std::string_view owner) override;
    std::int64_t insert_session(std::int64_t api_key_id, std::string_view owner) override;
    std::vector<unsigned char> private_key(std::int64_t api_key_id) override;
    void commit_usage(const UsageRow& u) override;
    std::int64_t count_usage() override;
    void ping() override;

    SqliteConnection& connection() { return c_; }

private:
    SqliteConnection c_;
};

}  // namespace gatetune::live
