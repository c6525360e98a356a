#include "app/live/net/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <system_error>
#include <string_view>
#include <thread>

extern char** environ;

namespace gatetune::live {

ChildProcess::ChildProcess(const std::string& executable, const std::vector<std::string>& args, const std::string& log_path) {
    std::vector<char*> argv;
    std::string self = executable;
    argv.push_back(self.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 2, 1);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    // The child must not inherit a blocked signal mask from the caller (SIGTERM has to work).
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setpgroup(&attr, 0);  // its own group: its forked workers can be stopped with it
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
    // The child stops when this process dies, however it dies (exit_with_parent in the child).
    std::vector<std::string> env_copy;
    for (char** e = environ; *e; ++e)
        if (std::string_view(*e).rfind(std::string(kParentPidVariable) + "=", 0) != 0) env_copy.emplace_back(*e);
    env_copy.push_back(std::string(kParentPidVariable) + "=" + std::to_string(::getpid()));
    std::vector<char*> envp;
    for (auto& e : env_copy) envp.push_back(e.data());
    envp.push_back(nullptr);
    const int rc = posix_spawn(&pid_, executable.c_str(), &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) throw std::system_error(rc, std::generic_category(), "starting " + (args.empty() ? self : args.front()));
}

ChildProcess::~ChildProcess() { stop(2.0); }

void exit_with_parent() {
    const char* parent = std::getenv(kParentPidVariable);
    if (!parent) return;
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    // The parent may have died before the line above: then this process is already orphaned.
    if (std::to_string(::getppid()) != parent) ::raise(SIGTERM);
}

bool ChildProcess::running() {
    if (pid_ <= 0) return false;
    const pid_t r = ::waitpid(pid_, &status_, WNOHANG);
    if (r == pid_) {
        pid_ = -1;
        return false;
    }
    return true;
}

int ChildProcess::stop(double grace_s) {
    if (!running()) return status_;
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(grace_s);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!running()) return status_;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const pid_t group = pid_;
    ::kill(-group, SIGKILL);
    ::waitpid(pid_, &status_, 0);
    pid_ = -1;
    return status_;
}

void ChildProcess::kill_all() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
    pid_ = -1;
}

unsigned short wait_for_port_file(const std::string& path, double timeout_s, ChildProcess& child) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(path);
        unsigned port = 0;
        if (in >> port && port > 0 && port < 65536) return static_cast<unsigned short>(port);
        if (!child.running()) return 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return 0;
}

}  // namespace gatetune::live
