#pragma once
// OpenAI-style error responses: {"error": {"message", "type", "code"}}. `code` carries the
// Gatetune cause name so a load generator (or a person reading curl output) sees why.
#include <string>
#include <string_view>

#include "app/live/net/http.hpp"

namespace gatetune::live {

std::string error_body(std::string_view message, std::string_view type, std::string_view code);
// A complete response: status, JSON content type, the body above, `x-gatetune-cause: code`.
Response error_response(unsigned status, std::string_view message, std::string_view type, std::string_view code,
                        unsigned version = 11, bool keep_alive = true);

}  // namespace gatetune::live
