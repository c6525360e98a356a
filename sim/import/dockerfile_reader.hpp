#pragma once
// A Dockerfile (or the exported Dockerfile.cmd): the final stage's CMD and ENTRYPOINT combined as
// Docker combines them, in exec (JSON array) or shell form, and the gunicorn command they run;
// ENV WEB_CONCURRENCY (gunicorn's default worker count) and ENV GUNICORN_CMD_ARGS (flags read
// before the command line's). A line Docker itself would reject is a problem.
#include <string>
#include <string_view>

#include "sim/import/reading.hpp"

namespace gatetune::sim::importing {

FileReading read_dockerfile(const std::string& file, std::string_view text);

}  // namespace gatetune::sim::importing
