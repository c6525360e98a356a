#pragma once
// Opening the gateway's database wherever it is: one connection as a GatewayStore, and the
// schema created when missing.
#include <memory>

#include "app/live/db/database_location.hpp"
#include "app/live/db/gateway_store.hpp"

namespace gatetune::live {

// One new connection. Throws DatabaseError, or TooManyClients when a PostgreSQL server has no
// slot left.
std::unique_ptr<GatewayStore> open_database(const DatabaseLocation& where);

// SQLite: the file (owner-only) and its tables; PostgreSQL: the tables in the URI's database.
void create_database(const DatabaseLocation& where);

}  // namespace gatetune::live
