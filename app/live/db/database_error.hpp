#pragma once
// What the gateway's database can throw, whichever engine is behind it: the request path maps a
// DatabaseError to db_error (or, for a unique-key violation, to the session race), and a
// TooManyClients at connect time to db_too_many_clients — as SQLAlchemy surfaces IntegrityError,
// OperationalError and asyncpg's TooManyConnectionsError.
#include <stdexcept>
#include <string>

namespace gatetune::live {

class DatabaseError : public std::runtime_error {
public:
    DatabaseError(const std::string& what, bool constraint) : std::runtime_error(what), constraint_(constraint) {}
    // A unique-key violation: another transaction inserted the same key first.
    bool constraint() const { return constraint_; }

private:
    bool constraint_;
};

// The server refused a new connection because its connection slots are taken (SQLSTATE 53300);
// the message is the server's own.
class TooManyClients : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace gatetune::live
