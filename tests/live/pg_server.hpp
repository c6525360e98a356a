#pragma once
// A throwaway PostgreSQL server for one test suite: initdb in a temporary directory, pg_ctl start
// on 127.0.0.1 and a free port (trust authentication, loopback only), a small max_connections so
// the gateway's pools can exhaust it, stopped and deleted when destroyed. initdb refuses to run
// as root, so as root (CI) the server runs as the `postgres` system user via runuser.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace gatetune::test {

class PgServer {
public:
    PgServer() : dir_("/tmp/gatetune-pg-XXXXXX") { bin_ = find_bin(); }
    ~PgServer() { stop(); }
    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;

    // Why no server can be started here (empty when one can): the reason to skip.
    std::string unavailable() const {
        if (bin_.empty()) return "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb, pg_ctl): install Debian's postgresql";
        if (::geteuid() == 0 && !::getpwnam("postgres")) return "running as root and there is no 'postgres' user to run initdb as";
        if (::geteuid() == 0 && !std::filesystem::exists("/usr/sbin/runuser") && !std::filesystem::exists("/sbin/runuser"))
            return "running as root without runuser to switch to the 'postgres' user";
        return "";
    }

    // initdb + pg_ctl start; false with error() when that fails.
    bool start(int max_connections, int superuser_reserved) {
        if (!dir_.isValid()) return fail("cannot create a temporary directory");
        root_ = dir_.path().toStdString();
        if (const passwd* pw = ::geteuid() == 0 ? ::getpwnam("postgres") : nullptr) {
            if (::chown(root_.c_str(), pw->pw_uid, pw->pw_gid) != 0) return fail("cannot chown " + root_ + " to postgres");
        }
        if (!run(bin_ + "/initdb", {"-D", data(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"}))
            return false;
        for (int attempt = 0; attempt < 3; ++attempt) {  // the free port may be taken in between
            port_ = free_port();
            const std::string opts = "-c port=" + std::to_string(port_) + " -c listen_addresses=127.0.0.1" +
                                     " -c unix_socket_directories=" + root_ + " -c max_connections=" + std::to_string(max_connections) +
                                     " -c superuser_reserved_connections=" + std::to_string(superuser_reserved) +
                                     " -c lc_messages=C -c fsync=off";  // fsync off: a test server, deleted afterwards
            if (run(bin_ + "/pg_ctl", {"-D", data(), "-l", root_ + "/server.log", "-w", "-t", "60", "-o", opts, "start"})) {
                running_ = true;
                return true;
            }
            error_.append("\n").append(log());
        }
        return false;
    }

    void stop() {
        if (!running_) return;
        run(bin_ + "/pg_ctl", {"-D", data(), "-m", "immediate", "-w", "stop"});
        running_ = false;
    }

    unsigned short port() const { return port_; }
    // A connection URI on loopback for `user` and `database`.
    std::string uri(const std::string& user, const std::string& database) const {
        return "postgresql://" + user + "@127.0.0.1:" + std::to_string(port_) + "/" + database;
    }
    const std::string& error() const { return error_; }
    std::string log() const {
        std::ifstream in(root_ + "/server.log");
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }

private:
    static std::string find_bin() {
        namespace fs = std::filesystem;
        std::vector<fs::path> found;
        std::error_code ec;
        for (const auto& v : fs::directory_iterator("/usr/lib/postgresql", ec))
            if (fs::exists(v.path() / "bin/initdb") && fs::exists(v.path() / "bin/pg_ctl")) found.push_back(v.path() / "bin");
        if (found.empty()) return "";
        for (const auto& p : found)
            if (p.parent_path().filename() == "15") return p.string();  // the version CI installs
        std::sort(found.begin(), found.end());
        return found.back().string();
    }

    static unsigned short free_port() {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        unsigned short port = 0;
        if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
            port = ntohs(a.sin_port);
        ::close(fd);
        return port;
    }

    std::string data() const { return root_ + "/data"; }

    bool fail(const std::string& why) {
        error_ = why;
        return false;
    }

    // Runs a server program, as `postgres` when we are root; false with its output in error().
    bool run(const std::string& program, const std::vector<std::string>& args) {
        QStringList a;
        QString exe = QString::fromStdString(program);
        if (::geteuid() == 0) {
            a << "-u" << "postgres" << "--" << exe;
            exe = "runuser";
        }
        for (const auto& s : args) a << QString::fromStdString(s);
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.setWorkingDirectory(QString::fromStdString(root_));
        p.start(exe, a);
        if (!p.waitForFinished(120'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            error_ = program + " failed: " + p.readAll().toStdString();
            return false;
        }
        return true;
    }

    QTemporaryDir dir_;
    std::string bin_, root_, error_;
    unsigned short port_ = 0;
    bool running_ = false;
};

}  // namespace gatetune::test
