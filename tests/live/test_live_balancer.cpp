// The ALB emulation (`gatetune alb`) against a scripted target on loopback: each of its failure
// modes happens when its cause is set up, and only then — a streamed response passes whole, a
// slow non-streamed one meets the idle timeout (504), reusing a connection the target just
// closed is the keep-alive race (502), a target that drops a request is a 502, and a target
// that accepts nothing meets the connect timeout (504).
#include <QProcess>
#include <QTemporaryDir>
#include "qtest_suite.hpp"

#include <fstream>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "live/raw_http.hpp"
#include "live/test_process.hpp"

using namespace gatetune;

namespace {

// A target that runs `script` on each accepted connection, in its own thread.
class ScriptedTarget {
public:
    using Script = std::function<void(int fd)>;
    explicit ScriptedTarget(Script script, int backlog = 16, bool accepting = true) : script_(std::move(script)) {
        fd_ = test::listen_loopback(backlog, port_);
        if (accepting) acceptor_ = std::thread([this] { accept_loop(); });
    }
    ~ScriptedTarget() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        if (acceptor_.joinable()) acceptor_.join();
        for (auto& t : handlers_) t.join();
    }
    unsigned short port() const { return port_; }
    int connections() const { return connections_; }

private:
    void accept_loop() {
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            const int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0) continue;
            ++connections_;
            handlers_.emplace_back([this, c] {
                script_(c);
                ::close(c);
            });
        }
    }
    Script script_;
    int fd_ = -1;
    unsigned short port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> connections_{0};
    std::thread acceptor_;
    std::vector<std::thread> handlers_;
};

// Reads one request head (and its Content-Length body) from fd; false when the peer closed.
bool read_request(int fd) {
    std::string got;
    char buf[4096];
    for (;;) {
        const auto end = got.find("\r\n\r\n");
        if (end != std::string::npos) {
            std::size_t want = 0;
            const auto cl = got.find("Content-Length: ");
            if (cl != std::string::npos && cl < end) want = std::stoul(got.substr(cl + 16));
            if (got.size() >= end + 4 + want) return true;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 5000) <= 0) return false;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return false;
        got.append(buf, static_cast<std::size_t>(n));
    }
}

void send_all(int fd, const std::string& s) { (void)::send(fd, s.data(), s.size(), MSG_NOSIGNAL); }

std::string json_response(int status, const std::string& body) {
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\nx-gatetune-cause: " +
           (status == 200 ? "ok" : "upstream_error") + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

void sleep_s(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); }

// A client connection kept alive across requests; reads one whole response at a time.
class Client {
public:
    explicit Client(unsigned short port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    }
    ~Client() { ::close(fd_); }
    test::RawReply call(double timeout_s = 10) {
        send_all(fd_, test::chat_request("gt-test", test::chat_body(5, 5), false));
        test::RawReply r;
        r.connected = connected_;
        char buf[8192];
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
        while (std::chrono::steady_clock::now() < deadline && !complete(r.bytes)) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) break;
            r.bytes.append(buf, static_cast<std::size_t>(n));
        }
        return r;
    }

private:
    static bool complete(const std::string& b) {
        const auto end = b.find("\r\n\r\n");
        if (end == std::string::npos) return false;
        std::string head = b.substr(0, end);
        for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (head.find("transfer-encoding: chunked") != std::string::npos) return b.find("\r\n0\r\n\r\n", end) != std::string::npos;
        const auto cl = head.find("content-length: ");
        return cl != std::string::npos && b.size() >= end + 4 + std::stoul(head.substr(cl + 16));
    }
    int fd_ = -1;
    bool connected_ = false;
};

// `gatetune alb` in front of the target, with [load_balancer] settings from `sets` in preset
// seconds, run at time scale 0.2 (so idle_timeout=2.5 is 0.5 s here).
class Balancer {
public:
    Balancer(unsigned short target, const QStringList& sets) {
        QStringList args{"alb", dir_.path() + "/p.toml", "--time-scale", "0.2", "--listen", "127.0.0.1:0", "--port-file",
                         dir_.path() + "/port", "--target", "http://127.0.0.1:" + QString::number(target)};
        std::ofstream(dir_.path().toStdString() + "/p.toml")
            << "name = \"alb-test\"\n[load_balancer]\nenabled = true\n[workload]\ncalls = [[5, 5]]\n";
        for (const auto& s : sets) args << "--set" << s;
        proc_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        proc_.setProcessEnvironment(test::exits_with_this_test());
        proc_.start(GATETUNE_CLI, args);
        for (int i = 0; i < 500 && port_ == 0; ++i) {
            std::ifstream in(dir_.path().toStdString() + "/port");
            in >> port_;
            if (port_ == 0) sleep_s(0.01);
        }
    }
    ~Balancer() {
        proc_.terminate();
        if (!proc_.waitForFinished(5000)) proc_.kill();
    }
    unsigned short port() const { return port_; }

private:
    QTemporaryDir dir_;
    QProcess proc_;
    unsigned short port_ = 0;
};

}  // namespace

class TestLiveBalancer : public QObject {
    Q_OBJECT
private slots:
    void streamedResponsePassesWithItsHeaders() {
        // Tokens every 0.2 s for 1.2 s under an idle timeout of 0.5 s: bytes keep flowing, so it passes.
        ScriptedTarget target([](int fd) {
            if (!read_request(fd)) return;
            send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nx-gatetune-cause: ok\r\nServer-Timing: upstream;dur=1\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 6; ++i) {
                sleep_s(0.2);
                const std::string event = "data: " + std::to_string(i) + "\n\n";
                send_all(fd, "9\r\n" + event + "\r\n");
            }
            send_all(fd, "0\r\n\r\n");
            read_request(fd);  // keep-alive until the balancer closes
        });
        Balancer lb(target.port(), {"load_balancer.idle_timeout=2.5"});
        QVERIFY(lb.port() != 0);
        Client c(lb.port());
        const auto r = c.call();
        QCOMPARE(r.status(), 200);
        QCOMPARE(r.header("x-gatetune-cause"), std::string("ok"));
        QCOMPARE(r.header("server-timing"), std::string("upstream;dur=1"));
        for (int i = 0; i < 6; ++i) QVERIFY2(r.body().find("data: " + std::to_string(i)) != std::string::npos, r.bytes.c_str());
    }

    void slowNonStreamedResponseIsIdleTimeout504() {
        ScriptedTarget target([](int fd) {
            if (!read_request(fd)) return;
            sleep_s(1.0);  // the whole completion before the first byte
            send_all(fd, json_response(200, "{}"));
        });
        Balancer lb(target.port(), {"load_balancer.idle_timeout=2"});
        Client c(lb.port());
        const auto r = c.call();
        QCOMPARE(r.status(), 504);
        QCOMPARE(r.header("server"), std::string("awselb/2.0"));
        QCOMPARE(r.header("x-gatetune-cause"), std::string("lb_idle_timeout"));
        QVERIFY(r.body().find("504 Gateway Time-out") != std::string::npos);
    }

    void reuseRightAfterTheTargetClosedIsTheKeepaliveRace() {
        // The target keeps a connection alive 0.3 s (uvicorn's timeout_keep_alive), then closes it.
        ScriptedTarget target([](int fd) {
            while (read_request(fd)) {
                send_all(fd, json_response(200, "{}"));
                pollfd p{fd, POLLIN, 0};
                if (::poll(&p, 1, 300) <= 0) return;  // idle for keep-alive: close
            }
        });
        // The balancer reacts to a FIN 0.2 s after it arrives (race_window): a reuse in between fails.
        Balancer lb(target.port(), {"load_balancer.race_window=1"});
        Client c(lb.port());
        QCOMPARE(c.call().status(), 200);
        sleep_s(0.38);  // the target closed at 0.3 s; the balancer has not reacted yet
        const auto raced = c.call();
        QCOMPARE(raced.status(), 502);
        QCOMPARE(raced.header("x-gatetune-cause"), std::string("lb_keepalive_race"));
        sleep_s(0.5);  // the failed connection is gone; a new one is made
        QCOMPARE(c.call().status(), 200);
        QCOMPARE(c.call().status(), 200);  // reused within the keep-alive: no race
    }

    void noRaceWhenTheBalancerHasReacted() {
        ScriptedTarget target([](int fd) {
            while (read_request(fd)) {
                send_all(fd, json_response(200, "{}"));
                pollfd p{fd, POLLIN, 0};
                if (::poll(&p, 1, 200) <= 0) return;
            }
        });
        Balancer lb(target.port(), {"load_balancer.race_window=0.25"});
        Client c(lb.port());
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(c.call().status(), 200);
            sleep_s(0.4);  // past keep-alive + race_window: the balancer opens a fresh connection
        }
        QCOMPARE(target.connections(), 3);
    }

    void reuseAfterA500IsTheTargetsClose() {
        // uvicorn after a 500 from the catch-all handler: the response says keep-alive, then it closes.
        ScriptedTarget target([](int fd) {
            if (!read_request(fd)) return;
            send_all(fd, json_response(500, "{}"));
            sleep_s(0.05);
        });
        Balancer lb(target.port(), {"load_balancer.race_window=1"});
        Client c(lb.port());
        QCOMPARE(c.call().status(), 500);
        sleep_s(0.12);
        const auto r = c.call();
        QCOMPARE(r.status(), 502);
        QCOMPARE(r.header("x-gatetune-cause"), std::string("lb_target_closed"));
    }

    void targetDroppingTheRequestIs502() {
        // A worker killed mid-request: the connection closes with the request outstanding.
        ScriptedTarget target([](int fd) {
            if (!read_request(fd)) return;
            sleep_s(0.2);
            linger l{1, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        });
        Balancer lb(target.port(), {});
        Client c(lb.port());
        const auto r = c.call();
        QCOMPARE(r.status(), 502);
        QCOMPARE(r.header("x-gatetune-cause"), std::string("worker_killed"));
        QVERIFY(r.body().find("502 Bad Gateway") != std::string::npos);
    }

    void fullBacklogIsConnectTimeout504() {
        // A target that never accepts, with its one-entry backlog already taken: SYNs are dropped.
        ScriptedTarget target([](int) {}, 0, false);
        test::RawReply filler;
        std::thread hold([&] { filler = test::raw_exchange(target.port(), "", 2.5); });
        sleep_s(0.1);
        Balancer lb(target.port(), {"load_balancer.connect_timeout=2.5"});
        Client c(lb.port());
        const auto r = c.call();
        hold.join();
        QCOMPARE(r.status(), 504);
        QCOMPARE(r.header("x-gatetune-cause"), std::string("backlog_full"));
    }

    void badArgumentsAreUsageErrors() {
        QProcess p;
        p.start(GATETUNE_CLI, {"alb", QString(GATETUNE_SOURCE_DIR) + "/presets/load.toml", "--target", "ftp://x"});
        QVERIFY(p.waitForFinished(10'000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--target"));
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestLiveBalancer)
#include "test_live_balancer.moc"
