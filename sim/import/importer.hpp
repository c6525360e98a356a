#pragma once
// `gatetune import`: a preset from the files a service is configured with. Each file is read by
// kind (chosen by its name); the settings of all files are merged in gunicorn's order of
// precedence (command line > GUNICORN_CMD_ARGS > files > defaults implied by a call), each
// winning value is checked against the key table, and the result is applied over a base
// configuration. Two different values at the same precedence are a conflict: reported, never
// resolved by guessing.
#include <optional>
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/import/reading.hpp"

namespace gatetune::sim::importing {

enum class FileKind {
    Dockerfile,    // Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, *.cmd
    GunicornConf,  // gunicorn*.py, *.conf.py: settings assignments, plus the calls below
    Python,        // *.py: create_async_engine / httpx calls and the retry constants
    Env,           // *.env, .env
};
std::optional<FileKind> file_kind(const std::string& path);
// "Dockerfile…, *.py, *.env": what file_kind accepts, for messages.
std::string accepted_files();

struct ImportResult {
    Config config;
    std::vector<ImportedSetting> applied;  // the winning setting per key, in key-table order
    std::vector<ImportMessage> problems;   // unreadable, conflicting or invalid values
    std::vector<ImportMessage> notes;      // what was ignored on purpose or overridden
    bool ok() const { return problems.empty(); }
};

// Reads one file's text (the path is only its name in messages).
FileReading read_file_as(FileKind kind, const std::string& path, std::string_view text);
// Reads every file and merges them over `base`. A file that cannot be opened or has an unknown
// kind is a problem.
ImportResult import_files(const std::vector<std::string>& paths, const Config& base);
// The merge step of import_files on readings already made (the readers' output appended), so
// the whole path from text to preset can be exercised without files (tests/fuzz).
ImportResult merge_readings(FileReading all, const Config& base);

// The preset: a header naming each imported key's source, then write_preset(result.config).
std::string imported_preset(const ImportResult& result);

}  // namespace gatetune::sim::importing
