#pragma once
// The local run history: every run the GUI makes and every `gatetune run --save`, in one SQLite
// file, so any two runs — also from earlier days — can be listed, searched and compared. The
// file is created owner-only (0600): presets may name internal hosts. A file that is not a
// history (or is damaged) is reported as a HistoryError naming the file, never a crash.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/history/run_record.hpp"

struct sqlite3;

namespace gatetune::sim::history {

class HistoryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One row of the history list (without the preset text, summary and series).
struct RunEntry {
    std::int64_t id = 0;
    std::string created_at;
    std::string preset_name;
    std::string preset_hash;
    std::uint64_t seed = 0;
    std::string version;
    std::string mode;
    std::string source;
    std::uint64_t requests = 0;
    double error_rate = 0;
    double p50 = 0;  // s
    double p99 = 0;
};

// $XDG_DATA_HOME/gatetune/history.sqlite3, else ~/.local/share/gatetune/history.sqlite3.
// Throws HistoryError when neither XDG_DATA_HOME nor HOME is set.
std::string default_history_path();

class RunHistory {
public:
    // Opens the history at `path`, creating it (and its directory, 0700) when missing.
    explicit RunHistory(std::string path);
    ~RunHistory();
    RunHistory(const RunHistory&) = delete;
    RunHistory& operator=(const RunHistory&) = delete;

    const std::string& path() const noexcept { return path_; }

    // Stores the record (created_at filled in when empty); returns its id.
    std::int64_t add(const RunRecord& record);
    // Newest first. `search` matches (case-insensitively, as a substring) the preset name, hash,
    // mode, source, version, date or the preset text; "" lists everything.
    std::vector<RunEntry> list(std::string_view search = "", std::size_t limit = 1000) const;
    // Throws HistoryError when there is no run with that id.
    RunRecord load(std::int64_t id) const;
    // False when there was no such run.
    bool remove(std::int64_t id);

private:
    void create_schema();
    [[noreturn]] void fail(const std::string& what) const;

    std::string path_;
    sqlite3* db_ = nullptr;
};

}  // namespace gatetune::sim::history
