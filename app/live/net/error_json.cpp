#include "app/live/net/error_json.hpp"

#include <nlohmann/json.hpp>

namespace gatetune::live {

std::string error_body(std::string_view message, std::string_view type, std::string_view code) {
    nlohmann::json j;
    j["error"] = {{"message", message}, {"type", type}, {"code", code}};
    return j.dump();
}

Response error_response(unsigned status, std::string_view message, std::string_view type, std::string_view code,
                        unsigned version, bool keep_alive) {
    Response r{static_cast<http::status>(status), version};
    r.set(http::field::content_type, "application/json");
    r.set("x-gatetune-cause", code);
    r.body() = error_body(message, type, code);
    r.keep_alive(keep_alive);
    r.prepare_payload();
    return r;
}

}  // namespace gatetune::live
