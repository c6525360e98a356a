// A Python module → the keyword arguments of create_async_engine / httpx calls and the retry constants (python_calls, python_literal).
// Imported through merge_readings into a preset that must read back (import_check.hpp). The
// reader documents no error type: what it cannot read is a problem in its FileReading.
#include "fuzz_target.hpp"
#include "import_check.hpp"

namespace gatetune::fuzz {

void python_module(std::string_view input) {
    expect_importable(sim::importing::read_file_as(sim::importing::FileKind::Python, "db.py", input));
}

}  // namespace gatetune::fuzz

GATETUNE_FUZZ_TARGET(python_module)
