#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements with bound
// parameters, and SqliteError carrying SQLite's result code and message.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "app/live/db/database_error.hpp"

namespace gatetune::live {

class SqliteError : public DatabaseError {
public:
    SqliteError(int code, const std::string& what) : DatabaseError(what, (code & 0xff) == SQLITE_CONSTRAINT), code_(code) {}
    int code() const { return code_; }  // primary result code: SQLITE_BUSY, SQLITE_CONSTRAINT …
    bool busy() const { return (code_ & 0xff) == SQLITE_BUSY || (code_ & 0xff) == SQLITE_LOCKED; }

private:
    int code_;
};

class Statement;

class SqliteConnection {
public:
    // Opens (creating when `create`) with WAL, a busy timeout and foreign keys on.
    SqliteConnection(const std::string& path, bool create, int busy_timeout_ms = 5000);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    void exec(const char* sql);
    Statement prepare(std::string_view sql);
    sqlite3* handle() const { return db_; }
    std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
    [[noreturn]] void fail(int rc, std::string_view doing) const;

private:
    sqlite3* db_ = nullptr;
};

class Statement {
public:
    Statement(const SqliteConnection& c, sqlite3_stmt* s) : conn_(&c), stmt_(s) {}
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(Statement&& o) noexcept : conn_(o.conn_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
    Statement& operator=(Statement&&) = delete;

    Statement& bind(int i, std::int64_t v);
    Statement& bind(int i, std::string_view v);
    Statement& bind_blob(int i, const std::vector<unsigned char>& v);
    Statement& bind_null(int i);
    // True while a row is available.
    bool step();
    void run() { while (step()) {} }
    void reset();

    std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
    std::string text(int col) const;
    std::vector<unsigned char> blob(int col) const;
    bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

private:
    const SqliteConnection* conn_;
    sqlite3_stmt* stmt_;
};

}  // namespace gatetune::live
