#pragma once
// `gatetune export`: the files a team pastes into its service — Dockerfile.cmd, gunicorn.conf.py,
// db.py, http_client.py, gatetune.env — and VALIDATION.md, the record of the rule findings and
// SLO results they were checked with. Every value carries a comment naming its preset key. A
// configuration that did not validate is exported only when forced, and then every file's header
// says so.
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/validation/validate.hpp"

namespace gatetune::sim::exporting {

struct ExportOptions {
    std::string app = "main:app";       // the ASGI application gunicorn loads (module:variable)
    std::string bind = "0.0.0.0:8000";  // gunicorn --bind
    bool forced = false;                // export although validation failed
};

struct ExportedFile {
    std::string name;     // "gunicorn.conf.py"
    std::string content;
};

// "" when the options are usable; otherwise what is wrong and what is allowed.
std::string check_options(const ExportOptions& o);

// The six files, in a fixed order. Throws std::invalid_argument when the report is not valid and
// the export is not forced, or when the options are unusable.
std::vector<ExportedFile> export_files(const Config& cfg, const validation::ValidationReport& report,
                                       const ExportOptions& options);

// Writes each file into `dir` (created when missing) through a temporary file, so a failed write
// never leaves a truncated one. Throws std::runtime_error naming the file on failure.
void write_files(const std::string& dir, const std::vector<ExportedFile>& files);

}  // namespace gatetune::sim::exporting
