#pragma once
// Where the gateway's database is, from `--db`: a file path is a SQLite database, a
// postgresql:// or postgres:// URI a PostgreSQL server (libpq's URI syntax, parameters included).
#include <stdexcept>
#include <string>
#include <string_view>

namespace gatetune::live {

class DatabaseLocationError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

struct DatabaseLocation {
    enum class Engine { Sqlite, Postgres };
    Engine engine = Engine::Sqlite;
    std::string target;  // the file path, or the URI as given (passed to libpq)

    bool postgres() const { return engine == Engine::Postgres; }
    // For logs and banners: the path, or the URI without its password.
    std::string describe() const;
};

// Throws DatabaseLocationError naming what is wrong (empty, unknown scheme, malformed URI).
DatabaseLocation parse_database_location(std::string_view text);

// For messages about a `--db` text: describe() when it parses; otherwise a URI is not echoed
// (it may hold a password).
std::string describe_database(std::string_view text);

// $XDG_DATA_HOME/gatetune/gateway.sqlite3 (or ~/.local/share/…); the directory is created 0700.
std::string default_database_path();

}  // namespace gatetune::live
