#pragma once
// The live gateway's usage table as a request log for `gatetune calibrate`: each row becomes the
// LogRecord sim/calibration reads from JSON Lines or CSV (model, start, upstream latency, TTFT
// where streamed, tokens, status). Here rather than in sim/calibration because reading it needs
// SQLite and libpq, which sim/ does not link. Rows are streamed (a SQLite statement stepped, a
// PostgreSQL cursor fetched in batches), so memory does not grow with the table.
#include <optional>
#include <string>

#include "app/live/db/database_location.hpp"
#include "sim/calibration/log_reader.hpp"

namespace gatetune::live {

// True when the file begins with SQLite's header ("SQLite format 3\0").
bool is_sqlite_file(const std::string& path);

// The gateway database `source` names: a postgresql:// or postgres:// URI, or a file with
// SQLite's header; nullopt for anything else (a log file).
std::optional<DatabaseLocation> usage_table_source(const std::string& source);

// Reads the usage table in id order. Rows written before the calibration columns existed (NULL
// there) still give token counts; a NULL status is 200 (the gateway writes a row only for an
// answered request). A row with a value out of range is counted bad, with its id as the line.
// Throws std::runtime_error naming the database when it cannot be read at all (cannot open,
// no usage table, no rows).
sim::calibration::ReadStats read_usage_table(const DatabaseLocation& where, const sim::calibration::RecordSink& sink);

}  // namespace gatetune::live
