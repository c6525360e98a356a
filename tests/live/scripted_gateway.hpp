#pragma once
// A tiny HTTP server for the load generator's tests: binds 127.0.0.1 on a free port, answers each
// request as the test's script says (delay, status and headers, a JSON body or an SSE stream, a
// dropped connection, a close shortly after the response), records what it received and when,
// and stops by itself after `lifetime` even if a test forgets it.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

namespace test_live {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Ms = std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

struct Seen {
    Clock::time_point at;
    int connection = 0;     // which accepted connection carried it (0-based)
    std::string authorization;
    bool keep_alive = true;
    nlohmann::json body;
    int prompt_words = 0;
};

struct Reply {
    Ms delay{0};               // before the status line
    bool drop = false;         // close without a response
    unsigned status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body = R"({"object":"chat.completion"})";
    std::optional<std::vector<std::string>> events;  // a streamed response: one `data:` event each
    Ms event_gap{0};
    bool cut_stream = false;   // close after the events without ending the chunked body
    std::optional<Ms> close_after;  // close the connection this long after the response (uvicorn after a 500)
};

class ScriptedGateway {
public:
    using Script = std::function<Reply(const Seen&)>;

    explicit ScriptedGateway(Script script, Ms lifetime = Ms(30000))
        : script_(std::move(script)), acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
          watchdog_(ioc_) {
        port_ = acceptor_.local_endpoint().port();
        asio::co_spawn(ioc_, accept_loop(), asio::detached);
        watchdog_.expires_after(lifetime);
        watchdog_.async_wait([this](beast::error_code) { ioc_.stop(); });
        thread_ = std::thread([this] { ioc_.run(); });
    }
    ~ScriptedGateway() {
        ioc_.stop();
        thread_.join();
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<Seen> seen() const {
        std::lock_guard lock(mutex_);
        return seen_;
    }
    int connections() const { return connections_.load(); }

private:
    asio::awaitable<void> accept_loop() {
        for (;;) {
            tcp::socket socket = co_await acceptor_.async_accept(asio::use_awaitable);
            const int id = connections_++;
            asio::co_spawn(ioc_, serve(std::move(socket), id), asio::detached);
        }
    }

    asio::awaitable<void> pause(Ms d) {
        if (d.count() <= 0) co_return;
        asio::steady_timer t(ioc_, d);
        co_await t.async_wait(asio::use_awaitable);
    }

    static std::string chunk(const std::string& data) {
        char size[16];
        std::snprintf(size, sizeof size, "%zx", data.size());
        return std::string(size) + "\r\n" + data + "\r\n";
    }

    asio::awaitable<void> serve(tcp::socket socket, int id) {
        beast::flat_buffer buffer;
        for (;;) {
            http::request<http::string_body> req;
            beast::error_code ec;
            co_await http::async_read(socket, buffer, req, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) co_return;
            Seen s;
            s.at = Clock::now();
            s.connection = id;
            s.authorization = std::string(req[http::field::authorization]);
            s.keep_alive = req.keep_alive();
            s.body = nlohmann::json::parse(req.body(), nullptr, false);
            if (s.body.is_object()) {
                const std::string prompt = s.body["messages"][0]["content"].get<std::string>();
                for (std::size_t i = 0; i < prompt.size(); ++i)
                    if (prompt[i] != ' ' && (i == 0 || prompt[i - 1] == ' ')) ++s.prompt_words;
            }
            {
                std::lock_guard lock(mutex_);
                seen_.push_back(s);
            }
            const Reply r = script_(s);
            co_await pause(r.delay);
            if (r.drop) co_return;  // the socket closes with this frame
            const bool keep = req.keep_alive() && !r.cut_stream;
            if (r.events) {
                std::string head = "HTTP/1.1 " + std::to_string(r.status) + " OK\r\nContent-Type: text/event-stream\r\n"
                                   "Transfer-Encoding: chunked\r\n";
                for (const auto& [k, v] : r.headers) head += k + ": " + v + "\r\n";
                head += keep ? "\r\n" : "Connection: close\r\n\r\n";
                co_await asio::async_write(socket, asio::buffer(head), asio::redirect_error(asio::use_awaitable, ec));
                for (const std::string& e : *r.events) {
                    co_await pause(r.event_gap);
                    const std::string c = chunk("data: " + e + "\n\n");
                    co_await asio::async_write(socket, asio::buffer(c), asio::redirect_error(asio::use_awaitable, ec));
                }
                if (r.cut_stream) co_return;
                const std::string end = "0\r\n\r\n";
                co_await asio::async_write(socket, asio::buffer(end), asio::redirect_error(asio::use_awaitable, ec));
            } else {
                http::response<http::string_body> res{static_cast<http::status>(r.status), 11};
                res.set(http::field::content_type, "application/json");
                for (const auto& [k, v] : r.headers) res.set(k, v);
                res.body() = r.body;
                res.keep_alive(keep);
                res.prepare_payload();
                co_await http::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
            }
            if (ec || !keep) co_return;
            if (r.close_after) {
                co_await pause(*r.close_after);
                co_return;
            }
        }
    }

    Script script_;
    asio::io_context ioc_;
    tcp::acceptor acceptor_;
    asio::steady_timer watchdog_;
    unsigned short port_ = 0;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::vector<Seen> seen_;
    std::atomic<int> connections_{0};
};

}  // namespace test_live
