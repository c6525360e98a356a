#include "app/live/db/usage_log.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

#include "app/live/db/postgres.hpp"
#include "app/live/db/usage_columns.hpp"

namespace gatetune::live {

namespace {

namespace cal = sim::calibration;

// The columns read, in this order; those a table lacks are read as NULL.
constexpr std::array<const char*, 9> kUsageLogColumns{"id",     "session_id",    "prompt_tokens", "completion_tokens", "model",
                                                      "status", "started_at_us", "latency_us",    "ttft_us"};

// One row as read, before checking.
struct UsageValues {
    std::int64_t id = 0;
    std::optional<std::int64_t> session, prompt, completion, status, started, latency, ttft;
    std::string model;
};

class UsageRowChecker {
public:
    UsageRowChecker(std::string name, const cal::RecordSink& sink, cal::ReadStats& stats) : name_(std::move(name)), sink_(sink), stats_(stats) {}

    void operator()(const UsageValues& v) {
        ++stats_.lines;
        cal::LogRecord r;
        r.line = v.id;
        if (!non_negative(v, "prompt_tokens", v.prompt, "a token count ≥ 0") ||
            !non_negative(v, "completion_tokens", v.completion, "a token count ≥ 0") ||
            !non_negative(v, "started_at_us", v.started, "µs since the Unix epoch, ≥ 0") ||
            !non_negative(v, "latency_us", v.latency, "a duration in µs ≥ 0") || !non_negative(v, "ttft_us", v.ttft, "a duration in µs ≥ 0"))
            return;
        const std::int64_t status = v.status.value_or(200);
        if (status < 100 || status > 599) return bad(v.id, "status: " + std::to_string(status) + " (allowed: an HTTP status, 100 to 599)");
        if (v.prompt) {
            if (*v.prompt > kMaxTokens) return bad(v.id, "prompt_tokens: " + std::to_string(*v.prompt) + " is out of range (allowed: 0 to 100000000)");
            r.prompt_tokens = static_cast<int>(*v.prompt);
        }
        if (v.completion) {
            if (*v.completion > kMaxTokens) return bad(v.id, "completion_tokens: " + std::to_string(*v.completion) + " is out of range (allowed: 0 to 100000000)");
            r.completion_tokens = static_cast<int>(*v.completion);
        }
        r.start_us = v.started;
        r.latency_us = v.latency;
        r.ttft_us = v.ttft;
        r.http_status = static_cast<int>(status);
        r.status = std::to_string(status);
        r.model = v.model;
        if (v.session) {
            session_ = "session-" + std::to_string(*v.session);
            r.session = session_;
        }
        ++stats_.records;
        sink_(r);
    }

private:
    static constexpr std::int64_t kMaxTokens = 100'000'000;

    bool non_negative(const UsageValues& v, const char* column, const std::optional<std::int64_t>& x, const char* allowed) {
        if (!x || *x >= 0) return true;
        bad(v.id, std::string(column) + ": " + std::to_string(*x) + " (allowed: " + allowed + ")");
        return false;
    }

    void bad(std::int64_t id, std::string message) {
        ++stats_.bad;
        if (stats_.first_bad.size() < sim::kMaxInputIssues)
            stats_.first_bad.push_back({name_, static_cast<int>(id), "usage row id " + std::to_string(id) + ": " + std::move(message)});
    }

    std::string name_;
    const cal::RecordSink& sink_;
    cal::ReadStats& stats_;
    std::string session_;
};

// The SELECT list: each wanted column, or NULL when the table has none of that name.
std::string select_list(const std::vector<std::string>& have) {
    std::string out;
    for (const char* c : kUsageLogColumns) {
        if (!out.empty()) out += ", ";
        out += std::find(have.begin(), have.end(), c) != have.end() ? std::string(c) : "NULL";
    }
    return out;
}

// ---- SQLite (read-only: calibrating never changes the file)
struct SqliteHandle {
    sqlite3* db = nullptr;
    ~SqliteHandle() { sqlite3_close_v2(db); }
};
struct SqliteQuery {
    sqlite3_stmt* s = nullptr;
    ~SqliteQuery() { sqlite3_finalize(s); }
};

std::optional<std::int64_t> sqlite_int(sqlite3_stmt* s, int col) {
    if (sqlite3_column_type(s, col) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_int64(s, col);
}

void read_sqlite(const std::string& path, UsageRowChecker& check) {
    SqliteHandle h;
    if (const int rc = sqlite3_open_v2(path.c_str(), &h.db, SQLITE_OPEN_READONLY, nullptr); rc != SQLITE_OK) {
        throw std::runtime_error(path + ": cannot open the SQLite database: " + (h.db ? sqlite3_errmsg(h.db) : sqlite3_errstr(rc)));
    }
    sqlite3_busy_timeout(h.db, 5000);
    auto prepare = [&](const std::string& sql) {
        SqliteQuery q;
        if (sqlite3_prepare_v2(h.db, sql.c_str(), -1, &q.s, nullptr) != SQLITE_OK)
            throw std::runtime_error(path + ": cannot read the usage table: " + sqlite3_errmsg(h.db));
        return q;
    };
    std::vector<std::string> have;
    {
        SqliteQuery info = prepare("PRAGMA table_info(usage)");
        int rc;
        while ((rc = sqlite3_step(info.s)) == SQLITE_ROW) have.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(info.s, 1)));
        if (rc != SQLITE_DONE) throw std::runtime_error(path + ": cannot read the SQLite database: " + sqlite3_errmsg(h.db));
    }
    if (have.empty()) {
        throw std::runtime_error(path + ": a SQLite database without a usage table (expected the gateway's database, as gatetune serve --db writes it)");
    }
    SqliteQuery rows = prepare("SELECT " + select_list(have) + " FROM usage ORDER BY id");
    int rc;
    while ((rc = sqlite3_step(rows.s)) == SQLITE_ROW) {
        UsageValues v;
        v.id = sqlite3_column_int64(rows.s, 0);
        v.session = sqlite_int(rows.s, 1);
        v.prompt = sqlite_int(rows.s, 2);
        v.completion = sqlite_int(rows.s, 3);
        if (const unsigned char* m = sqlite3_column_text(rows.s, 4)) v.model = reinterpret_cast<const char*>(m);
        v.status = sqlite_int(rows.s, 5);
        v.started = sqlite_int(rows.s, 6);
        v.latency = sqlite_int(rows.s, 7);
        v.ttft = sqlite_int(rows.s, 8);
        check(v);
    }
    if (rc != SQLITE_DONE) throw std::runtime_error(path + ": reading the usage table failed: " + sqlite3_errmsg(h.db));
}

// ---- PostgreSQL: a cursor, fetched in batches, in a read-only transaction
std::optional<std::int64_t> pg_int(const PgResult& r, int row, int col) {
    if (r.is_null(row, col)) return std::nullopt;
    return r.int64(row, col);
}

void read_postgres(const DatabaseLocation& where, UsageRowChecker& check) {
    const std::string name = where.describe();
    try {
        PgConnection c(where.target);
        const PgResult cols = c.exec("SELECT column_name FROM information_schema.columns WHERE table_name = 'usage' AND table_schema = current_schema()");
        std::vector<std::string> have;
        for (int i = 0; i < cols.rows(); ++i) have.push_back(cols.text(i, 0));
        if (have.empty()) throw std::runtime_error(name + ": the database has no usage table (expected the gateway's database, as gatetune serve --db writes it)");
        c.transaction([&] {
            c.exec("SET TRANSACTION READ ONLY");
            c.exec(("DECLARE gatetune_usage NO SCROLL CURSOR FOR SELECT " + select_list(have) + " FROM usage ORDER BY id").c_str());
            while (true) {
                const PgResult r = c.exec("FETCH 10000 FROM gatetune_usage");
                if (r.rows() == 0) break;
                for (int i = 0; i < r.rows(); ++i) {
                    UsageValues v;
                    v.id = r.int64(i, 0);
                    v.session = pg_int(r, i, 1);
                    v.prompt = pg_int(r, i, 2);
                    v.completion = pg_int(r, i, 3);
                    if (!r.is_null(i, 4)) v.model = r.text(i, 4);
                    v.status = pg_int(r, i, 5);
                    v.started = pg_int(r, i, 6);
                    v.latency = pg_int(r, i, 7);
                    v.ttft = pg_int(r, i, 8);
                    check(v);
                }
            }
        });
    } catch (const DatabaseError& e) {
        throw std::runtime_error(name + ": cannot read the usage table: " + e.what());
    }
}

}  // namespace

bool is_sqlite_file(const std::string& path) {
    static constexpr char kHeader[] = "SQLite format 3";  // 16 bytes with its NUL, as in the file
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;  // a pipe's first bytes would be lost to the sniff
    std::ifstream in(path, std::ios::binary);
    char head[sizeof kHeader] = {};
    if (!in.read(head, sizeof head)) return false;
    return std::memcmp(head, kHeader, sizeof kHeader) == 0;
}

std::optional<DatabaseLocation> usage_table_source(const std::string& source) {
    if (source.starts_with("postgresql://") || source.starts_with("postgres://")) return parse_database_location(source);
    if (is_sqlite_file(source)) return DatabaseLocation{DatabaseLocation::Engine::Sqlite, source};
    return std::nullopt;
}

cal::ReadStats read_usage_table(const DatabaseLocation& where, const cal::RecordSink& sink) {
    cal::ReadStats stats;
    stats.format = cal::LogFormat::UsageTable;
    const std::string name = where.describe();
    UsageRowChecker check(name, sink, stats);
    if (where.postgres()) read_postgres(where, check);
    else read_sqlite(where.target, check);
    if (stats.lines == 0) throw std::runtime_error(name + ": the usage table is empty (no requests)");
    return stats;
}

}  // namespace gatetune::live
