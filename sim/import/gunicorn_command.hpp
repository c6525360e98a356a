#pragma once
// The gunicorn command line inside a container command: where gunicorn starts (directly,
// `exec gunicorn`, `python -m gunicorn`, `sh -c "…"`, after `&&`) and its flags —
// -w/--workers, -k/--worker-class, -t/--timeout, --graceful-timeout, --keep-alive, --backlog,
// --max-requests, --max-requests-jitter, --threads, --worker-connections (names from the export
// bindings); -b/--bind and the app are not preset keys.
#include <vector>

#include "sim/import/reading.hpp"
#include "sim/import/shell_words.hpp"

namespace gatetune::sim::importing {

// Reads the flags of the first gunicorn command in `argv`; false when there is none.
bool read_gunicorn_command(const std::vector<ShellWord>& argv, const Place& place, FileReading& out);
// Flags alone (GUNICORN_CMD_ARGS), with the given precedence.
void read_gunicorn_flags(const std::vector<ShellWord>& flags, const Place& place, Precedence precedence, FileReading& out);

}  // namespace gatetune::sim::importing
