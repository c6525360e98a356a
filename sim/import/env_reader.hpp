#pragma once
// gatetune.env (docker --env-file format): GATETUNE_<TABLE>_<KEY>=value lines as export writes
// them, plus gunicorn's own WEB_CONCURRENCY and GUNICORN_CMD_ARGS. Other variables are noted and
// ignored; a GATETUNE_ variable export never writes is a problem.
#include <string>
#include <string_view>

#include "sim/import/reading.hpp"

namespace gatetune::sim::importing {

FileReading read_env_file(const std::string& file, std::string_view text);

}  // namespace gatetune::sim::importing
