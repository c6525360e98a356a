#include "app/live/net/chat_body.hpp"

#include <limits>

#include <nlohmann/json.hpp>

namespace gatetune::live {

namespace {
bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
}  // namespace

int count_words(std::string_view text) {
    int n = 0;
    bool in_word = false;
    for (char c : text) {
        const bool space = is_space(c);
        if (!space && !in_word && n < std::numeric_limits<int>::max()) ++n;
        in_word = !space;
    }
    return n;
}

std::variant<ChatCall, BodyError> parse_chat_body(std::string_view body) {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return BodyError{"The request body is not valid JSON.", ""};
    if (!j.is_object()) return BodyError{"The request body must be a JSON object.", ""};
    ChatCall call;
    auto model = j.find("model");
    if (model == j.end() || !model->is_string() || model->get_ref<const std::string&>().empty())
        return BodyError{"'model' is required and must be a non-empty string.", "model"};
    call.model = model->get<std::string>();

    auto messages = j.find("messages");
    if (messages == j.end() || !messages->is_array() || messages->empty())
        return BodyError{"'messages' is required and must be a non-empty array of {role, content} objects.", "messages"};
    for (const auto& m : *messages) {
        if (!m.is_object()) return BodyError{"Each entry of 'messages' must be an object with 'role' and 'content'.", "messages"};
        auto role = m.find("role");
        if (role == m.end() || !role->is_string())
            return BodyError{"Each message needs a string 'role' (system, user, assistant or tool).", "messages"};
        auto content = m.find("content");
        if (content == m.end() || content->is_null()) continue;
        if (content->is_string()) {
            const int words = count_words(content->get_ref<const std::string&>());
            call.prompt_tokens = words > std::numeric_limits<int>::max() - call.prompt_tokens ? std::numeric_limits<int>::max()
                                                                                              : call.prompt_tokens + words;
        } else if (content->is_array()) {
            for (const auto& part : *content) {
                auto text = part.is_object() ? part.find("text") : part.end();
                if (part.is_object() && text != part.end() && text->is_string())
                    call.prompt_tokens += count_words(text->get_ref<const std::string&>());
            }
        } else {
            return BodyError{"A message's 'content' must be a string or an array of content parts.", "messages"};
        }
    }

    for (const char* key : {"max_tokens", "max_completion_tokens"}) {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) continue;
        if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 1'000'000)
            return BodyError{std::string("'") + key + "' must be an integer from 1 to 1000000.", key};
        call.max_tokens = static_cast<int>(it->get<long long>());
    }
    if (auto it = j.find("stream"); it != j.end() && !it->is_null()) {
        if (!it->is_boolean()) return BodyError{"'stream' must be true or false.", "stream"};
        call.stream = it->get<bool>();
    }
    if (auto it = j.find("user"); it != j.end() && !it->is_null()) {
        if (!it->is_string() || it->get_ref<const std::string&>().size() > 256)
            return BodyError{"'user' must be a string of at most 256 characters.", "user"};
        call.user = it->get<std::string>();
    }
    return call;
}

}  // namespace gatetune::live
