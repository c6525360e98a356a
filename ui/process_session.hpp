#pragma once
// Signals to a whole session of processes (Linux). `gatetune live` starts the mock upstream and
// the gateway in process groups of their own and does not forward SIGTERM, so stopping only the
// live process would leave them serving. The Live tab starts it as the leader of a new session
// (setsid); every descendant stays in that session whatever its group, so they can all be found
// in /proc and stopped together.
#include <vector>

namespace gatetune::ui {

// Process ids whose session id is `sid` (the leader included); empty when /proc is unreadable.
std::vector<int> session_members(int sid);
// Sends `signal` to every member; returns how many were signalled.
int signal_session(int sid, int signal);

}  // namespace gatetune::ui
