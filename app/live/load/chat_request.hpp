#pragma once
// The request the load generator sends for one call: OpenAI chat completions, a prompt of exactly
// input_tokens words (the gateway counts a prompt's tokens as its whitespace-separated words), and
// "user" naming the chat-session owner the gateway looks up and creates.
#include <string>
#include <string_view>

#include "sim/outcome.hpp"

namespace gatetune::live {

inline constexpr std::string_view kMockModel = "gatetune-mock";

// "user-<n>" for a session user, "key-<k>" for an open-loop or trace arrival (whose owner is its
// API key, as in the simulator's session table).
std::string session_owner(const sim::RequestRecord& rec);

// {"model":"gatetune-mock","messages":[{"role":"user","content":"w w …"}],"max_tokens":…,"stream":…,"user":…}
std::string chat_request_body(int input_tokens, int output_tokens, bool stream, std::string_view owner);

}  // namespace gatetune::live
