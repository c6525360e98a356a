#include "app/live/db/sqlite_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "app/live/db/usage_columns.hpp"

namespace gatetune::live {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS api_keys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL UNIQUE,          -- the key's public identifier, shown in listings
  salt BLOB NOT NULL,
  hash BLOB NOT NULL,                   -- SHA-256(salt || key): the key itself is never stored
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS private_keys (
  api_key_id INTEGER PRIMARY KEY REFERENCES api_keys(id),
  secret BLOB NOT NULL                  -- the upstream credential the gateway signs with
);
CREATE TABLE IF NOT EXISTS chat_sessions (
  id INTEGER PRIMARY KEY,
  api_key_id INTEGER NOT NULL REFERENCES api_keys(id),
  owner TEXT NOT NULL,
  requests INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  UNIQUE (api_key_id, owner)
);
CREATE TABLE IF NOT EXISTS usage (
  id INTEGER PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  api_key_id INTEGER NOT NULL REFERENCES api_keys(id),
  session_id INTEGER REFERENCES chat_sessions(id),
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f','now'))
);
)sql";
// The calibration columns (usage_columns.hpp) come after, by add_missing_usage_columns, so that a
// new file and a migrated one have the same table.

// ALTER TABLE for each calibration column the usage table lacks, in one write transaction (two
// processes opening an old file at once do not both add a column).
void add_missing_usage_columns(SqliteConnection& c) {
    c.exec("BEGIN IMMEDIATE");
    try {
        std::vector<std::string> have;
        Statement info = c.prepare("PRAGMA table_info(usage)");
        while (info.step()) have.push_back(info.text(1));
        for (const UsageColumn& col : kUsageCalibrationColumns) {
            if (std::find(have.begin(), have.end(), col.name) != have.end()) continue;
            c.exec(("ALTER TABLE usage ADD COLUMN " + std::string(col.name) + " " + col.sqlite_type).c_str());
        }
        c.exec("COMMIT");
    } catch (...) {
        sqlite3_exec(c.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

ApiKeyRow read_key(Statement& s) {
    ApiKeyRow r;
    r.id = s.int64(0);
    r.name = s.text(1);
    r.prefix = s.text(2);
    r.salt = s.blob(3);
    r.hash = s.blob(4);
    r.created_at = s.text(5);
    if (!s.is_null(6)) r.revoked_at = s.text(6);
    return r;
}

}  // namespace

void SqliteStore::create(const std::string& path) {
    // Owner-only from the first byte: SQLite gives its -wal and -shm files the same mode.
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "creating " + path);
    ::close(fd);
    SqliteConnection c(path, false);
    c.exec(kSchema);
    add_missing_usage_columns(c);
}

std::optional<ApiKeyRow> SqliteStore::find_key(std::string_view prefix) {
    Statement s = c_.prepare("SELECT id, name, prefix, salt, hash, created_at, revoked_at FROM api_keys WHERE prefix = ?");
    s.bind(1, prefix);
    if (!s.step()) return std::nullopt;
    return read_key(s);
}

std::vector<ApiKeyRow> SqliteStore::list_keys() {
    Statement s = c_.prepare("SELECT id, name, prefix, salt, hash, created_at, revoked_at FROM api_keys ORDER BY id");
    std::vector<ApiKeyRow> out;
    while (s.step()) out.push_back(read_key(s));
    return out;
}

std::int64_t SqliteStore::insert_key(const ApiKeyRow& row, const std::vector<unsigned char>& private_key) {
    c_.exec("BEGIN IMMEDIATE");
    try {
        c_.prepare("INSERT INTO api_keys (name, prefix, salt, hash) VALUES (?, ?, ?, ?)")
            .bind(1, row.name).bind(2, row.prefix).bind_blob(3, row.salt).bind_blob(4, row.hash).run();
        const std::int64_t id = c_.last_insert_rowid();
        c_.prepare("INSERT INTO private_keys (api_key_id, secret) VALUES (?, ?)").bind(1, id).bind_blob(2, private_key).run();
        c_.exec("COMMIT");
        return id;
    } catch (...) {
        sqlite3_exec(c_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

bool SqliteStore::revoke_key(std::string_view prefix_or_name) {
    Statement s = c_.prepare(
        "UPDATE api_keys SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE (prefix = ?1 OR name = ?1) AND revoked_at IS NULL");
    s.bind(1, prefix_or_name).run();
    return sqlite3_changes(c_.handle()) > 0;
}

std::optional<std::int64_t> SqliteStore::find_session(std::int64_t api_key_id, std::string_view owner) {
    Statement s = c_.prepare("SELECT id FROM chat_sessions WHERE api_key_id = ? AND owner = ?");
    s.bind(1, api_key_id).bind(2, owner);
    if (!s.step()) return std::nullopt;
    return s.int64(0);
}

std::int64_t SqliteStore::insert_session(std::int64_t api_key_id, std::string_view owner) {
    c_.prepare("INSERT INTO chat_sessions (api_key_id, owner) VALUES (?, ?)").bind(1, api_key_id).bind(2, owner).run();
    return c_.last_insert_rowid();
}

std::vector<unsigned char> SqliteStore::private_key(std::int64_t api_key_id) {
    Statement s = c_.prepare("SELECT secret FROM private_keys WHERE api_key_id = ?");
    s.bind(1, api_key_id);
    if (!s.step()) return {};
    return s.blob(0);
}

void SqliteStore::commit_usage(const UsageRow& u) {
    c_.exec("BEGIN IMMEDIATE");
    try {
        Statement ins = c_.prepare(
            "INSERT INTO usage (request_id, api_key_id, session_id, prompt_tokens, completion_tokens, model, started_at_us, latency_us, "
            "ttft_us, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ins.bind(1, u.request_id).bind(2, u.api_key_id);
        if (u.session_id) ins.bind(3, *u.session_id);
        else ins.bind_null(3);
        ins.bind(4, u.prompt_tokens).bind(5, u.completion_tokens).bind(6, u.model).bind(7, u.started_at_us).bind(8, u.latency_us);
        if (u.ttft_us) ins.bind(9, *u.ttft_us);
        else ins.bind_null(9);
        ins.bind(10, std::int64_t{u.status}).run();
        if (u.session_id) c_.prepare("UPDATE chat_sessions SET requests = requests + 1 WHERE id = ?").bind(1, *u.session_id).run();
        c_.exec("COMMIT");
    } catch (...) {
        sqlite3_exec(c_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

std::int64_t SqliteStore::count_usage() {
    Statement s = c_.prepare("SELECT count(*) FROM usage");
    s.step();
    return s.int64(0);
}

void SqliteStore::ping() { c_.prepare("SELECT 1").run(); }

}  // namespace gatetune::live
