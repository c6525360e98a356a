#pragma once
// PostgreSQL's admission of a new connection, written once for the simulated server
// (sim/db_server.cpp) and the live gateway's emulated one (app/live/gateway/db_server_link.cpp),
// with the exact FATAL texts (docs/MODEL.md §6, O5). InitProcess refuses with "sorry, too many
// clients already" when every max_connections slot is taken; InitPostgres then refuses an
// ordinary role the last superuser_reserved_connections slots. asyncpg raises both as
// TooManyConnectionsError (SQLSTATE 53300).
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/config.hpp"

namespace gatetune::sim {

enum class ConnectError : std::uint8_t { None, TooManyClients, ReservedSlots };

// The messages as PostgreSQL words them (proc.c InitProcess, postinit.c InitPostgres, PG 15).
// PostgreSQL 16 words the reserve's refusal differently after "reserved" ("… for roles with the
// SUPERUSER attribute"): a reader matches only the words up to there.
inline constexpr std::string_view kPgTooManyClients = "sorry, too many clients already";
inline constexpr std::string_view kPgReservedSlots =
    "remaining connection slots are reserved for non-replication superuser connections";
inline constexpr std::string_view kPgReservedSlotsPrefix = kPgReservedSlots.substr(0, kPgReservedSlots.find(" for "));

// `open`: connections the server already has, from every client (other_connections included).
inline ConnectError pg_admission(std::int64_t open, const DbServerConfig& db) {
    if (open >= db.max_connections) return ConnectError::TooManyClients;
    if (open >= db.max_connections - db.superuser_reserved_connections) return ConnectError::ReservedSlots;
    return ConnectError::None;
}

inline std::string_view pg_message(ConnectError e) {
    return e == ConnectError::TooManyClients ? kPgTooManyClients : e == ConnectError::ReservedSlots ? kPgReservedSlots : "";
}

// The error line the client logs: severity, then the message.
inline std::string pg_fatal(ConnectError e) { return "FATAL: " + std::string(pg_message(e)); }

// Whether a server's error text is one of these refusals (a real PostgreSQL behind the live gateway).
inline bool is_pg_refusal(std::string_view text) {
    return text.find(kPgTooManyClients) != std::string_view::npos || text.find(kPgReservedSlotsPrefix) != std::string_view::npos;
}

}  // namespace gatetune::sim
