// A Dockerfile → the final stage's gunicorn command, ENV WEB_CONCURRENCY and GUNICORN_CMD_ARGS (sim/import/dockerfile_reader.hpp).
// Imported through merge_readings into a preset that must read back (import_check.hpp). The
// reader documents no error type: what it cannot read is a problem in its FileReading.
#include "fuzz_target.hpp"
#include "import_check.hpp"

namespace gatetune::fuzz {

void dockerfile(std::string_view input) {
    expect_importable(sim::importing::read_file_as(sim::importing::FileKind::Dockerfile, "Dockerfile", input));
}

}  // namespace gatetune::fuzz

GATETUNE_FUZZ_TARGET(dockerfile)
