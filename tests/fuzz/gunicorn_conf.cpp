// A gunicorn.conf.py → gunicorn settings, app constants and library calls (Python tokenizer, module assignments, python_calls, python_literal).
// Imported through merge_readings into a preset that must read back (import_check.hpp). The
// reader documents no error type: what it cannot read is a problem in its FileReading.
#include "fuzz_target.hpp"
#include "import_check.hpp"

namespace gatetune::fuzz {

void gunicorn_conf(std::string_view input) {
    expect_importable(sim::importing::read_file_as(sim::importing::FileKind::GunicornConf, "gunicorn.conf.py", input));
}

}  // namespace gatetune::fuzz

GATETUNE_FUZZ_TARGET(gunicorn_conf)
