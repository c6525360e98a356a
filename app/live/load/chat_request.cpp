#include "app/live/load/chat_request.hpp"

#include <nlohmann/json.hpp>

namespace gatetune::live {

std::string session_owner(const sim::RequestRecord& rec) {
    return rec.user >= 0 ? "user-" + std::to_string(rec.user) : "key-" + std::to_string(rec.api_key);
}

std::string chat_request_body(int input_tokens, int output_tokens, bool stream, std::string_view owner) {
    std::string prompt;
    if (input_tokens > 0) {
        prompt.reserve(static_cast<std::size_t>(input_tokens) * 2);
        prompt += 'w';
        for (int i = 1; i < input_tokens; ++i) prompt += " w";
    }
    const nlohmann::json body = {
        {"model", kMockModel},
        {"messages", nlohmann::json::array({{{"role", "user"}, {"content", std::move(prompt)}}})},
        {"max_tokens", output_tokens},
        {"stream", stream},
        {"user", owner},
    };
    return body.dump();
}

}  // namespace gatetune::live
