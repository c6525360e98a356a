#include "app/live/db/open_database.hpp"

#include "app/live/db/postgres_store.hpp"
#include "app/live/db/sqlite_store.hpp"

namespace gatetune::live {

std::unique_ptr<GatewayStore> open_database(const DatabaseLocation& where) {
    if (where.postgres()) return std::make_unique<PgStore>(where.target);
    return std::make_unique<SqliteStore>(where.target);
}

void create_database(const DatabaseLocation& where) {
    if (where.postgres()) PgStore(where.target).create_schema();
    else SqliteStore::create(where.target);
}

}  // namespace gatetune::live
