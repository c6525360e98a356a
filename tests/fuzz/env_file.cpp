// A gatetune.env (docker --env-file) → GATETUNE_* keys, WEB_CONCURRENCY and GUNICORN_CMD_ARGS (sim/import/env_reader.hpp).
// Imported through merge_readings into a preset that must read back (import_check.hpp). The
// reader documents no error type: what it cannot read is a problem in its FileReading.
#include "fuzz_target.hpp"
#include "import_check.hpp"

namespace gatetune::fuzz {

void env_file(std::string_view input) {
    expect_importable(sim::importing::read_file_as(sim::importing::FileKind::Env, "gatetune.env", input));
}

}  // namespace gatetune::fuzz

GATETUNE_FUZZ_TARGET(env_file)
