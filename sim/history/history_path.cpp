#include <cstdlib>
#include <filesystem>

#include "sim/history/run_history.hpp"

namespace gatetune::sim::history {

// The XDG Base Directory spec: user data under $XDG_DATA_HOME, defaulting to ~/.local/share; a
// relative XDG_DATA_HOME is invalid by the spec and ignored.
std::string default_history_path() {
    namespace fs = std::filesystem;
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg != nullptr && *xdg != '\0' && fs::path(xdg).is_absolute())
        return (fs::path(xdg) / "gatetune" / "history.sqlite3").string();
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0')
        throw HistoryError("cannot find the run history: neither XDG_DATA_HOME nor HOME is set (give a path with --history)");
    return (fs::path(home) / ".local" / "share" / "gatetune" / "history.sqlite3").string();
}

}  // namespace gatetune::sim::history
