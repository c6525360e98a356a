// The chat-completions JSON body as the gateway and the mock upstream read it
// (live::parse_chat_body). Documented: never throws; a BodyError names what is wrong.
#include "fuzz_target.hpp"

#include "app/live/net/chat_body.hpp"

namespace gatetune::fuzz {

void chat_body(std::string_view input) {
    auto parsed = live::parse_chat_body(input);
    if (auto* err = std::get_if<live::BodyError>(&parsed)) {
        if (err->message.empty()) throw PropertyViolation("a rejected body must say why");
        return;
    }
    const auto& call = std::get<live::ChatCall>(parsed);
    if (call.model.empty()) throw PropertyViolation("accepted a body without a model");
    if (call.prompt_tokens < 0) throw PropertyViolation("negative prompt token count");
    if (call.max_tokens < 1 || call.max_tokens > 1'000'000) throw PropertyViolation("max_tokens out of range");
    if (call.user.size() > 256) throw PropertyViolation("user longer than allowed");
}

}  // namespace gatetune::fuzz

GATETUNE_FUZZ_TARGET(chat_body)
