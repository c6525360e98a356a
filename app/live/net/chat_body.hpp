#pragma once
// The OpenAI chat-completions request body, as both the gateway and the mock upstream read it.
// A prompt's size in tokens is its number of whitespace-separated words (the load generator
// writes one word per token), so sim and live agree on token counts without a tokenizer.
#include <string>
#include <string_view>
#include <variant>

namespace gatetune::live {

struct ChatCall {
    std::string model;
    int prompt_tokens = 0;
    int max_tokens = 16;   // OpenAI's historic default when absent
    bool stream = false;
    std::string user;      // the chat-session owner
};

struct BodyError {
    std::string message;   // what is wrong and what is allowed
    std::string param;     // the offending field ("" for the body as a whole)
};

std::variant<ChatCall, BodyError> parse_chat_body(std::string_view body);

// Whitespace-separated words.
int count_words(std::string_view text);

}  // namespace gatetune::live
