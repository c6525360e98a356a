#include "app/live/db/sqlite.hpp"

namespace gatetune::live {

SqliteConnection::SqliteConnection(const std::string& path, bool create, int busy_timeout_ms) {
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw SqliteError(rc, "cannot open database " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    try {
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=NORMAL");  // WAL + NORMAL: a committed transaction survives a process kill
        exec("PRAGMA foreign_keys=ON");
    } catch (...) {
        sqlite3_close(db_);
        throw;
    }
}

SqliteConnection::~SqliteConnection() { sqlite3_close_v2(db_); }

void SqliteConnection::fail(int rc, std::string_view doing) const {
    throw SqliteError(rc, std::string(doing) + ": " + sqlite3_errmsg(db_));
}

void SqliteConnection::exec(const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw SqliteError(rc, std::string(sql).substr(0, 60) + ": " + msg);
    }
}

Statement SqliteConnection::prepare(std::string_view sql) {
    sqlite3_stmt* s = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
    if (rc != SQLITE_OK) fail(rc, "preparing a statement");
    return Statement(*this, s);
}

Statement& Statement::bind(int i, std::int64_t v) {
    if (int rc = sqlite3_bind_int64(stmt_, i, v); rc != SQLITE_OK) conn_->fail(rc, "binding a parameter");
    return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
    if (int rc = sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); rc != SQLITE_OK)
        conn_->fail(rc, "binding a parameter");
    return *this;
}
Statement& Statement::bind_blob(int i, const std::vector<unsigned char>& v) {
    if (int rc = sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); rc != SQLITE_OK)
        conn_->fail(rc, "binding a parameter");
    return *this;
}
Statement& Statement::bind_null(int i) {
    if (int rc = sqlite3_bind_null(stmt_, i); rc != SQLITE_OK) conn_->fail(rc, "binding a parameter");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(stmt_);
    conn_->fail(rc, "executing a statement");
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int col) const {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}

std::vector<unsigned char> Statement::blob(int col) const {
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::vector<unsigned char>(p, p + sqlite3_column_bytes(stmt_, col)) : std::vector<unsigned char>();
}

}  // namespace gatetune::live
