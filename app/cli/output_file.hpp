#pragma once
// Where a command's result goes: standard output, or --out FILE written through a temporary file
// that is renamed into place, so a failed or interrupted run never leaves a truncated result for
// the next CI step to read.
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace gatetune::cli {

// path "" = stdout; a device or pipe (/dev/null, a FIFO) is written directly. On failure prints "gatetune <command>: cannot write PATH" to stderr and
// returns false.
bool write_output(std::string_view command, const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace gatetune::cli
