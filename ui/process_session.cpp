#include "ui/process_session.hpp"

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace gatetune::ui {

namespace {

// Field 6 of /proc/PID/stat (-1 for a zombie); the command name (field 2) may hold spaces, so read after its ')'.
int session_of(const std::filesystem::path& stat) {
    std::ifstream in(stat);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream rest(text.substr(close + 1));
    std::string state;
    int ppid = 0, pgrp = 0, session = -1;
    rest >> state >> ppid >> pgrp >> session;
    if (!rest || state == "Z") return -1;  // a zombie holds no port and cannot be signalled away
    return session;
}

}  // namespace

std::vector<int> session_members(int sid) {
    std::vector<int> out;
    if (sid <= 0) return out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        if (session_of(entry.path() / "stat") == sid) out.push_back(std::stoi(name));
    }
    return out;
}

int signal_session(int sid, int signal) {
    int n = 0;
    for (const int pid : session_members(sid))
        if (::kill(pid, signal) == 0) ++n;
    return n;
}

}  // namespace gatetune::ui
