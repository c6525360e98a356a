#pragma once
// A child process of this executable (e.g. `gatetune serve …` started by `gatetune live`), its
// standard error captured to a file, stopped with SIGTERM (then SIGKILL) when destroyed — so
// no component outlives the run, also when the parent fails.
#include <sys/types.h>

#include <string>
#include <vector>

namespace gatetune::live {

class ChildProcess {
public:
    // Runs `executable` ("/proc/self/exe": this program) with `args` (argv[1…]); stderr and
    // stdout go to `log_path`.
    ChildProcess(const std::string& executable, const std::vector<std::string>& args, const std::string& log_path);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();
    // SIGTERM, up to `grace_s` to exit, then SIGKILL to its whole process group. Returns the
    // wait status.
    int stop(double grace_s = 5.0);
    // SIGKILL to the child and everything it forked (its own process group): a crash.
    void kill_all();

private:
    pid_t pid_ = -1;
    int status_ = 0;
};

// The environment variable that tells a child which process started it.
inline constexpr const char* kParentPidVariable = "GATETUNE_PARENT_PID";

// Called first thing by a program a ChildProcess started: it gets SIGTERM when that parent dies,
// even by SIGKILL, so no server outlives a crashed `gatetune live` or test (PR_SET_PDEATHSIG).
void exit_with_parent();

// Waits up to `timeout_s` for a file holding a port number, written by --port-file. 0 when
// the file did not appear or `child` died first.
unsigned short wait_for_port_file(const std::string& path, double timeout_s, ChildProcess& child);

}  // namespace gatetune::live
