#pragma once
// The gateway's database on a PostgreSQL server: the same tables as the SQLite file in
// PostgreSQL types, and the request path's statements through libpq with bound parameters.
#include <string>

#include "app/live/db/gateway_store.hpp"
#include "app/live/db/postgres.hpp"

namespace gatetune::live {

class PgStore : public GatewayStore {
public:
    // Connects; throws TooManyClients or PgError (see PgConnection).
    explicit PgStore(const std::string& conninfo) : c_(conninfo) {}

    // The tables, if missing; safe when several processes start at once.
    void create_schema();

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
    bool alive() const override { return c_.alive(); }

    PgConnection& connection() { return c_; }

private:
    PgConnection c_;
};

}  // namespace gatetune::live
