#include "sim/history/run_history.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "sim/history/sqlite_statement.hpp"

namespace gatetune::sim::history {

namespace {

// PRAGMA application_id "GTNE": tells a gatetune history from any other SQLite file.
constexpr std::int64_t kApplicationId = 0x47544e45;
constexpr std::int64_t kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    preset_name TEXT NOT NULL,
    preset_text TEXT NOT NULL,
    preset_hash TEXT NOT NULL,
    seed INTEGER NOT NULL,
    version TEXT NOT NULL,
    mode TEXT NOT NULL,
    source TEXT NOT NULL,
    requests INTEGER NOT NULL,
    error_rate REAL NOT NULL,
    p50 REAL NOT NULL,
    p99 REAL NOT NULL,
    summary TEXT NOT NULL,
    timeseries TEXT NOT NULL
);
CREATE INDEX runs_created ON runs (created_at);
)sql";

constexpr const char* kEntryColumns =
    "id, created_at, preset_name, preset_hash, seed, version, mode, source, requests, error_rate, p50, p99";

std::string now_utc() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// Creates the file owner-only before SQLite opens it; SQLite gives its journal the same mode.
void create_private_file(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(path).parent_path();
    std::error_code ec;
    if (!dir.empty() && !fs::exists(dir, ec)) {
        fs::create_directories(dir, ec);
        if (ec) throw HistoryError("cannot create the run history's directory " + dir.string() + ": " + ec.message());
        fs::permissions(dir, fs::perms::owner_all, ec);
    }
    if (fs::exists(path, ec)) return;
    const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) throw HistoryError("cannot create the run history " + path + ": " + std::strerror(errno));
    if (fd >= 0) ::close(fd);
}

std::string like_pattern(std::string_view search) {
    std::string p = "%";
    for (const char c : search) {
        if (c == '%' || c == '_' || c == '\\') p += '\\';
        p += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return p + "%";
}

RunEntry entry_of(const Statement& s) {
    RunEntry e;
    e.id = s.integer(0);
    e.created_at = s.text(1);
    e.preset_name = s.text(2);
    e.preset_hash = s.text(3);
    e.seed = static_cast<std::uint64_t>(s.integer(4));
    e.version = s.text(5);
    e.mode = s.text(6);
    e.source = s.text(7);
    e.requests = static_cast<std::uint64_t>(s.integer(8));
    e.error_rate = s.real(9);
    e.p50 = s.real(10);
    e.p99 = s.real(11);
    return e;
}

}  // namespace

RunHistory::RunHistory(std::string path) : path_(std::move(path)) {
    if (std::filesystem::is_directory(path_)) throw HistoryError("the run history " + path_ + " is a directory, not a file");
    create_private_file(path_);
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
        const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw HistoryError("cannot open the run history " + path_ + ": " + why);
    }
    sqlite3_busy_timeout(db_, 5000);  // a GUI and a `gatetune run --save` may write at once
    // Write-ahead log, synced at checkpoints rather than at every commit: the GUI stores a run
    // per slider step on its GUI thread, and the rollback journal's syncs (about eight per stored
    // run) cost more than the simulation. A crash of the program loses nothing; a power cut may lose the last runs,
    // never the file. (WAL stays set in the file, so every writer uses it.)
    sqlite3_exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr);
    try {
        Statement app(db_, "PRAGMA application_id");
        if (!app.ok() || app.step() != SQLITE_ROW) fail("is not a gatetune run history");
        const std::int64_t id = app.integer(0);
        Statement tables(db_, "SELECT count(*) FROM sqlite_master");
        if (!tables.ok() || tables.step() != SQLITE_ROW) fail("is not a gatetune run history");
        if (id == 0 && tables.integer(0) == 0) {
            create_schema();
        } else if (id != kApplicationId) {
            throw HistoryError("the run history " + path_ + " is an SQLite database of another program, not a gatetune run history");
        }
        Statement version(db_, "PRAGMA user_version");
        if (!version.ok() || version.step() != SQLITE_ROW) fail("is not a gatetune run history");
        if (version.integer(0) > kSchemaVersion)
            throw HistoryError("the run history " + path_ + " was written by a newer gatetune (schema " +
                               std::to_string(version.integer(0)) + "); this one reads schema " + std::to_string(kSchemaVersion));
    } catch (...) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
    }
}

RunHistory::~RunHistory() { sqlite3_close(db_); }

void RunHistory::fail(const std::string& what) const {
    throw HistoryError("the run history " + path_ + " " + what + " (" + sqlite3_errmsg(db_) + ")");
}

void RunHistory::create_schema() {
    const std::string sql = std::string("BEGIN;") + kSchema + "PRAGMA application_id = " + std::to_string(kApplicationId) +
                            "; PRAGMA user_version = " + std::to_string(kSchemaVersion) + "; COMMIT;";
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string why = error ? error : "unknown error";
        sqlite3_free(error);
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw HistoryError("cannot create the run history " + path_ + ": " + why);
    }
}

std::int64_t RunHistory::add(const RunRecord& r) {
    Statement s(db_,
                "INSERT INTO runs (created_at, preset_name, preset_text, preset_hash, seed, version, mode, source, requests, "
                "error_rate, p50, p99, summary, timeseries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s.ok()) fail("cannot store a run");
    s.bind(1, r.created_at.empty() ? now_utc() : r.created_at);
    s.bind(2, r.preset_name);
    s.bind(3, r.preset_text);
    s.bind(4, r.preset_hash);
    s.bind(5, static_cast<std::int64_t>(r.seed));
    s.bind(6, r.version);
    s.bind(7, r.mode);
    s.bind(8, r.source);
    s.bind(9, static_cast<std::int64_t>(r.requests()));
    s.bind(10, r.error_rate());
    s.bind(11, r.p50());
    s.bind(12, r.p99());
    s.bind(13, r.summary.dump());
    s.bind(14, r.timeseries.dump());
    if (s.step() != SQLITE_DONE) fail("cannot store a run");
    return sqlite3_last_insert_rowid(db_);
}

std::vector<RunEntry> RunHistory::list(std::string_view search, std::size_t limit) const {
    Statement s(db_, std::string("SELECT ") + kEntryColumns +
                         " FROM runs WHERE lower(preset_name || ' ' || preset_hash || ' ' || mode || ' ' || source || ' ' || "
                         "version || ' ' || created_at || ' ' || preset_text) LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ?");
    if (!s.ok()) fail("cannot be read");
    s.bind(1, like_pattern(search));
    s.bind(2, static_cast<std::int64_t>(limit));
    std::vector<RunEntry> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(entry_of(s));
    if (rc != SQLITE_DONE) fail("cannot be read");
    return out;
}

RunRecord RunHistory::load(std::int64_t id) const {
    Statement s(db_, "SELECT id, created_at, preset_name, preset_text, preset_hash, seed, version, mode, source, summary, "
                     "timeseries FROM runs WHERE id = ?");
    if (!s.ok()) fail("cannot be read");
    s.bind(1, id);
    const int rc = s.step();
    if (rc == SQLITE_DONE) throw HistoryError("the run history " + path_ + " has no run " + std::to_string(id));
    if (rc != SQLITE_ROW) fail("cannot be read");
    RunRecord r;
    r.id = s.integer(0);
    r.created_at = s.text(1);
    r.preset_name = s.text(2);
    r.preset_text = s.text(3);
    r.preset_hash = s.text(4);
    r.seed = static_cast<std::uint64_t>(s.integer(5));
    r.version = s.text(6);
    r.mode = s.text(7);
    r.source = s.text(8);
    r.summary = nlohmann::json::parse(s.text(9), nullptr, false);
    r.timeseries = nlohmann::json::parse(s.text(10), nullptr, false);
    if (r.summary.is_discarded() || r.timeseries.is_discarded())
        throw HistoryError("run " + std::to_string(id) + " in the run history " + path_ + " is damaged (its summary is not JSON)");
    return r;
}

bool RunHistory::remove(std::int64_t id) {
    Statement s(db_, "DELETE FROM runs WHERE id = ?");
    if (!s.ok()) fail("cannot be changed");
    s.bind(1, id);
    if (s.step() != SQLITE_DONE) fail("cannot be changed");
    return sqlite3_changes(db_) > 0;
}

}  // namespace gatetune::sim::history
