#pragma once
// Raw HTTP over a loopback socket for the live gateway's tests: send exactly these bytes, read
// what comes back until the server closes or a deadline passes. No HTTP library in between,
// so malformed requests reach the server as written.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <string>

namespace gatetune::test {

struct RawReply {
    bool connected = false;
    std::string bytes;
    int status() const {  // "HTTP/1.1 200 OK" → 200; 0 when no status line
        if (bytes.size() < 12 || bytes.compare(0, 5, "HTTP/") != 0) return 0;
        return std::atoi(bytes.c_str() + 9);
    }
    std::string header(const std::string& name) const {
        const auto end = bytes.find("\r\n\r\n");
        std::string head = bytes.substr(0, end);
        for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto at = head.find("\r\n" + name + ":");
        if (at == std::string::npos) return "";
        auto v = at + 2 + name.size() + 1;
        while (v < head.size() && head[v] == ' ') ++v;
        return bytes.substr(v, head.find("\r\n", v) - v);
    }
    std::string body() const {
        const auto end = bytes.find("\r\n\r\n");
        return end == std::string::npos ? "" : bytes.substr(end + 4);
    }
};

// Sends `request` (optionally in two parts with a pause between, for slow-client cases) and
// reads until EOF or `timeout_s`.
inline RawReply raw_exchange(unsigned short port, const std::string& request, double timeout_s = 10,
                             const std::string& after_pause = "", double pause_s = 0) {
    RawReply r;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return r;
    }
    r.connected = true;
    auto send_all = [fd](const std::string& s) {
        for (std::size_t off = 0; off < s.size();) {
            const ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
            if (n <= 0) return;
            off += static_cast<std::size_t>(n);
        }
    };
    send_all(request);
    if (pause_s > 0) {
        ::usleep(static_cast<useconds_t>(pause_s * 1e6));
        send_all(after_pause);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    char buf[8192];
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        r.bytes.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return r;
}

inline std::string chat_request(const std::string& key, const std::string& body, bool close = true) {
    std::string req = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    if (!key.empty()) req += "Authorization: Bearer " + key + "\r\n";
    if (close) req += "Connection: close\r\n";
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return req;
}

inline std::string chat_body(int prompt_words, int max_tokens, bool stream = false, const std::string& user = "user-0") {
    std::string prompt;
    for (int i = 0; i < prompt_words; ++i) prompt += i ? " w" : "w";
    return R"({"model":"gatetune-mock","messages":[{"role":"user","content":")" + prompt + R"("}],"max_tokens":)" +
           std::to_string(max_tokens) + R"(,"stream":)" + (stream ? "true" : "false") + R"(,"user":")" + user + "\"}";
}

}  // namespace gatetune::test

namespace gatetune::test {

// A listening socket on 127.0.0.1 and a free port; returns the descriptor.
inline int listen_loopback(int backlog, unsigned short& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd, backlog);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    return fd;
}

// A one-shot fake upstream on 127.0.0.1: accepts connections and answers each with `reply`
// (then closes), for the gateway's fault tests — garbage, a reset mid-stream, a stall.
class FakeUpstream {
public:
    explicit FakeUpstream(std::string reply, double stall_s = 0) : reply_(std::move(reply)), stall_s_(stall_s) {
        fd_ = listen_loopback(16, port_);
        thread_ = std::thread([this] { serve(); });
    }
    ~FakeUpstream() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        thread_.join();
    }
    unsigned short port() const { return port_; }

private:
    void serve() {
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0) continue;
            char buf[65536];
            (void)::recv(c, buf, sizeof buf, 0);  // the request (small enough for one read here)
            if (stall_s_ > 0) ::usleep(static_cast<useconds_t>(stall_s_ * 1e6));
            (void)::send(c, reply_.data(), reply_.size(), MSG_NOSIGNAL);
            linger l{1, 0};  // close with RST: a reset, not a clean end
            ::setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l);
            ::close(c);
        }
    }
    std::string reply_;
    double stall_s_;
    int fd_ = -1;
    unsigned short port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace gatetune::test
