#pragma once
// Reads a streamed chat completion (Server-Sent Events) as its bytes arrive, only for what the
// load generator needs: whether it ended with `data: [DONE]`, and the error event a gateway sends
// when the stream fails after its headers (`data: {"error":{…,"code":"<cause>"}}`).
#include <optional>
#include <string>
#include <string_view>

#include "app/live/load/gateway_response.hpp"

namespace gatetune::live {

class SseScanner {
public:
    // Any split of the stream into pieces gives the same result.
    void feed(std::string_view bytes);

    bool done() const { return done_; }
    const std::optional<ErrorObject>& error() const { return error_; }
    std::size_t events() const { return events_; }

private:
    void line(std::string_view text);
    void dispatch();

    std::string pending_;  // an incomplete line
    std::string data_;     // the current event's data lines
    bool has_data_ = false;
    bool done_ = false;
    std::size_t events_ = 0;
    std::optional<ErrorObject> error_;
};

}  // namespace gatetune::live
