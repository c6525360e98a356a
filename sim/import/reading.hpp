#pragma once
// What a reader takes from one file: settings (a preset key, its value, where it was written and
// how strongly — gunicorn's precedence), problems (what it could not read: a variable, an
// expression, a broken file) and notes (what it ignored on purpose). Problems are never guessed
// around: the import fails and lists them all with file and line.
#include <string>
#include <vector>

namespace gatetune::sim::importing {

// Which value wins when several sources set one key: gunicorn reads its config file, then
// GUNICORN_CMD_ARGS, then the command line, each overriding the one before; a library default
// implied by a call that leaves an argument out yields to anything written. [gunicorn app/base.py]
enum class Precedence {
    ImpliedDefault,   // httpx.AsyncClient() without timeout=: httpx's 5 s
    EnvironmentDefault,  // WEB_CONCURRENCY: gunicorn's default for workers
    File,             // gunicorn.conf.py, a Python call, gatetune.env
    CmdArgsVariable,  // GUNICORN_CMD_ARGS
    CommandLine,      // the flags of the container's command
};

struct Place {
    std::string file;
    int line = 0;  // 1-based; 0 when the problem concerns the whole file
    std::string to_string() const;  // "Dockerfile:12" or "Dockerfile"
};

struct ImportedSetting {
    std::string key;       // preset key, "server.workers"
    std::string toml;      // the value as TOML text (a bare word for enum keys)
    Place place;
    std::string written;   // what the file says: "--workers 4", "pool_size=20"
    Precedence precedence = Precedence::File;
};

struct ImportMessage {
    Place place;
    std::string message;
    std::string to_string() const;  // "gunicorn.conf.py:3: workers = cpu_count() * 2 is not a literal …"
};

struct FileReading {
    std::vector<ImportedSetting> settings;
    std::vector<ImportMessage> problems;
    std::vector<ImportMessage> notes;

    void setting(std::string key, std::string toml, Place place, std::string written, Precedence p = Precedence::File);
    void problem(Place place, std::string message);
    void note(Place place, std::string message);
    void append(FileReading&& other);
};

// The last component of a path or a command word ("/usr/bin/python3" → "python3"), with either
// slash as separator (a Dockerfile written on Windows may use "\").
std::string base_name(const std::string& path);

}  // namespace gatetune::sim::importing
