#include "app/live/load/sse_scanner.hpp"

namespace gatetune::live {

void SseScanner::feed(std::string_view bytes) {
    while (!bytes.empty()) {
        const auto nl = bytes.find('\n');
        if (nl == std::string_view::npos) {
            pending_.append(bytes);
            return;
        }
        pending_.append(bytes.substr(0, nl));
        bytes.remove_prefix(nl + 1);
        if (!pending_.empty() && pending_.back() == '\r') pending_.pop_back();
        line(pending_);
        pending_.clear();
    }
}

// An empty line ends an event; "data:" lines add to it (one leading space is not part of the
// value); comments (":") and other fields do not matter here.
void SseScanner::line(std::string_view text) {
    if (text.empty()) {
        dispatch();
        return;
    }
    if (!text.starts_with("data:")) return;
    text.remove_prefix(5);
    if (text.starts_with(' ')) text.remove_prefix(1);
    if (has_data_) data_ += '\n';
    data_.append(text);
    has_data_ = true;
}

void SseScanner::dispatch() {
    if (!has_data_) return;
    ++events_;
    if (data_ == "[DONE]") {
        done_ = true;
    } else if (!error_ && data_.find("\"error\"") != std::string::npos) {
        // Token chunks are never parsed: only a chunk that mentions an error can be one.
        error_ = parse_error_object(data_);
    }
    data_.clear();
    has_data_ = false;
}

}  // namespace gatetune::live
