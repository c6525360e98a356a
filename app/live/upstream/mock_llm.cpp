#include "app/live/upstream/mock_llm.hpp"

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "app/live/net/error_json.hpp"
#include "sim/faults.hpp"
#include "sim/retry_rule.hpp"

namespace gatetune::live {

namespace {

using clock = std::chrono::steady_clock;

Response json_response(unsigned status, const nlohmann::json& j) {
    Response r{static_cast<http::status>(status), 11};
    r.set(http::field::content_type, "application/json");
    r.body() = j.dump();
    return r;
}

nlohmann::json usage(const ChatCall& c, int completion) {
    return {{"prompt_tokens", c.prompt_tokens}, {"completion_tokens", completion}, {"total_tokens", c.prompt_tokens + completion}};
}

std::string sse(const nlohmann::json& j) { return "data: " + j.dump() + "\n\n"; }

}  // namespace

MockLlm::MockLlm(const sim::Config& config, clock::time_point t0, double time_scale)
    : cfg_(config.upstream), faults_(config.faults), t0_(t0),
      rng_(engine::RngStreams(config.simulation.seed).stream("live-upstream")),
      slots_(config.upstream.slot_count > 0 ? config.upstream.slot_count : std::numeric_limits<std::int64_t>::max() / 2),
      limits_(config.upstream, time_scale) {}

engine::SimTime MockLlm::now() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - t0_).count();
}

bool MockLlm::in_outage() const { return sim::active_fault(faults_.upstream_outage, now()).has_value(); }

awaitable<void> MockLlm::sleep_until(clock::time_point t) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_at(t);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
}

awaitable<void> MockLlm::handle(Request& req, Responder& out) {
    const std::string_view target = req.target();
    const std::string_view path = target.substr(0, target.find('?'));
    if (path == "/v1/chat/completions" || path == "/chat/completions") {
        if (req.method() != http::verb::post) {
            co_await out.send(error_response(405, "Use POST for chat completions.", "invalid_request_error", "method_not_allowed"));
            co_return;
        }
        auto parsed = parse_chat_body(req.body());
        if (auto* err = std::get_if<BodyError>(&parsed)) {
            co_await out.send(error_response(400, err->message, "invalid_request_error", "invalid_body"));
            co_return;
        }
        co_await complete(std::get<ChatCall>(parsed), out);
    } else if (path == "/v1/models" && req.method() == http::verb::get) {
        nlohmann::json models = {{"object", "list"},
                                 {"data", {{{"id", "gatetune-mock"}, {"object", "model"}, {"owned_by", "gatetune"}}}}};
        co_await out.send(json_response(200, models));
    } else if (path == "/healthz") {
        nlohmann::json status = {{"status", "ok"}};  // named: GCC 12 and initializer lists in co_await
        co_await out.send(json_response(200, status));
    } else {
        co_await out.send(error_response(404, "No route for " + std::string(path) + ".", "invalid_request_error", "not_found"));
    }
}

awaitable<void> MockLlm::complete(const ChatCall& call, Responder& out) {
    ++counters_.calls;
    const auto arrived = clock::now();
    co_await sleep_until(arrived + seconds(cfg_.network_rtt / 2 + cfg_.router_overhead.sample(rng_)));

    const int total = call.prompt_tokens + call.max_tokens;
    if (cfg_.context_length > 0 && total > cfg_.context_length) {
        co_await out.send(error_response(400,
                                         "This model's maximum context length is " + std::to_string(cfg_.context_length) +
                                             " tokens. However, you requested " + std::to_string(total) + " tokens.",
                                         "invalid_request_error", sim::context_length_code()));
        co_return;
    }
    if (const auto wait = limits_.admit(now(), total)) {
        Response r = error_response(429, "Rate limit reached: " + std::to_string(cfg_.rpm) + " requests and " +
                                             std::to_string(cfg_.tpm) + " tokens per minute (0 = none).",
                                    "rate_limit_error", "rate_limit_exceeded");
        r.set(http::field::retry_after, std::to_string(sim::retry_after_header(*wait) / 1'000'000));
        co_await out.send(std::move(r));
        co_return;
    }
    const double error_probability = sim::active_fault(faults_.upstream_error_burst, now()).value_or(cfg_.error_probability);
    if (error_probability > 0 && rng_.uniform01() < error_probability) {
        co_await out.send(error_response(500, "The upstream model failed.", "server_error", "internal_error"));
        co_return;
    }
    if (cfg_.max_queue > 0 && slots_.available() <= 0 && static_cast<int>(slots_.waiting()) >= cfg_.max_queue) {
        co_await out.send(error_response(503, "The model's queue is full.", "server_error", "queue_full"));
        co_return;
    }

    ++counters_.queued;
    co_await slots_.acquire();
    --counters_.queued;
    ++counters_.active;
    counters_.peak_active = std::max(counters_.peak_active, counters_.active);
    struct SlotGuard {
        MockLlm& m;
        ~SlotGuard() {
            --m.counters_.active;
            m.slots_.release();
        }
    } guard{*this};

    const double factor = cfg_.latency_factor.sample(rng_) * sim::active_fault(faults_.upstream_slowdown, now()).value_or(1.0);
    if (cfg_.stall_probability > 0 && rng_.uniform01() < cfg_.stall_probability) {
        co_await sleep_until(clock::now() + seconds(cfg_.stall_time));
        co_await out.send(error_response(504, "The upstream stalled.", "server_error", "upstream_stall"));
        co_return;
    }
    const double concurrency = static_cast<double>(counters_.active - 1);
    const double tpot = cfg_.time_per_output_token * (1.0 + cfg_.decode_slowdown * concurrency) * factor;
    const double ttft = (cfg_.ttft_base + call.prompt_tokens / cfg_.prefill_tokens_per_s) * factor;
    co_await sleep_until(clock::now() + seconds(ttft));
    co_await generate(call, out, tpot, "chatcmpl-" + std::to_string(counters_.calls));
}

// vLLM: a non-streamed completion is one JSON body after the last token; a streamed one sends
// a chunk per token at the decode pace. A caller that went away does not stop the generation
// unless cancel_on_disconnect (O6): the slot stays busy until the last token.
awaitable<void> MockLlm::generate(const ChatCall& call, Responder& out, double tpot, std::string id) {
    const auto first = clock::now();
    const int n = call.max_tokens;
    if (!call.stream) {
        co_await sleep_until(first + seconds(tpot * n));
        limits_.served(now(), call.prompt_tokens + n);
        co_await sleep_until(first + seconds(tpot * n) + seconds(cfg_.network_rtt / 2));
        std::string text;
        text.reserve(static_cast<std::size_t>(n) * 4);
        for (int i = 0; i < n; ++i) text += i ? " tok" : "tok";
        nlohmann::json body = {{"id", id},
                               {"object", "chat.completion"},
                               {"model", call.model},
                               {"choices", {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", text}}}, {"finish_reason", "length"}}}},
                               {"usage", usage(call, n)}};
        co_await out.send(json_response(200, body));
        if (out.client_gone()) ++counters_.abandoned;
        co_return;
    }
    http::response<http::empty_body> header{http::status::ok, 11};
    header.set(http::field::content_type, "text/event-stream");
    header.set(http::field::cache_control, "no-cache");
    co_await sleep_until(first + seconds(cfg_.network_rtt / 2));
    bool connected = co_await out.begin_stream(std::move(header));
    int generated = n;
    for (int i = 0; i < n; ++i) {
        if (i > 0) co_await sleep_until(first + seconds(tpot * i));
        if (!connected) {
            if (cfg_.cancel_on_disconnect) {
                generated = i;
                break;
            }
            continue;
        }
        nlohmann::json chunk = {{"id", id},
                                {"object", "chat.completion.chunk"},
                                {"model", call.model},
                                {"choices", {{{"index", 0}, {"delta", {{"content", i ? " tok" : "tok"}}}, {"finish_reason", nullptr}}}}};
        connected = co_await out.write_chunk(sse(chunk));
    }
    limits_.served(now(), call.prompt_tokens + generated);  // whether or not the caller stayed
    if (!connected) {
        ++counters_.abandoned;
        co_return;
    }
    nlohmann::json last = {{"id", id},
                           {"object", "chat.completion.chunk"},
                           {"model", call.model},
                           {"choices", {{{"index", 0}, {"delta", nlohmann::json::object()}, {"finish_reason", "length"}}}},
                           {"usage", usage(call, n)}};
    if (co_await out.write_chunk(sse(last)) && co_await out.write_chunk("data: [DONE]\n\n")) co_await out.end_stream();
}

}  // namespace gatetune::live
