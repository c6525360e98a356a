#include "sim/diagnosis/json_document.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>

namespace gatetune::sim::diagnosis {
namespace {

// Walks the text like a pointer and counts the line breaks it has passed. nlohmann's lexer reads
// its input one character at a time and reports an object to the parse callback right after
// reading its "{", so the count at that moment is the line the object starts on.
class LineCountingIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    LineCountingIterator(const char* at, int* line) : at_(at), line_(line) {}
    reference operator*() const { return *at_; }
    LineCountingIterator& operator++() {
        if (*at_ == '\n') ++*line_;
        ++at_;
        return *this;
    }
    LineCountingIterator operator++(int) {
        LineCountingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const LineCountingIterator& o) const { return at_ == o.at_; }
    bool operator!=(const LineCountingIterator& o) const { return at_ != o.at_; }

private:
    const char* at_;
    int* line_;
};

}  // namespace

LocatedDocument parse_located_document(std::string_view text, std::string_view array_key) {
    using nlohmann::json;
    LocatedDocument out;
    int line = 1;
    bool top_is_array = false;
    std::string top_key;  // the top-level object's key being parsed
    // Depths as the callback parser counts them: the top value is at 0, its members' keys at 1.
    auto callback = [&](int depth, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::array_start && depth == 0) top_is_array = true;
        if (event == json::parse_event_t::key && depth == 1) top_key = parsed.get<std::string>();
        if (event == json::parse_event_t::object_start &&
            ((top_is_array && depth == 1) || (!top_is_array && depth == 2 && top_key == array_key))) {
            out.record_lines.push_back(line);
        }
        return true;
    };
    try {
        out.document = json::parse(LineCountingIterator(text.data(), &line), LineCountingIterator(text.data() + text.size(), &line), callback);
    } catch (const json::exception& e) {
        out.error = json_error_text(e);
        // At the end of the input the parser has passed the trailing line breaks: the problem
        // is on the last line with text.
        const auto last = text.find_last_not_of(" \t\r\n");
        const int last_line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(last == std::string_view::npos ? 0 : last), '\n'));
        out.error_line = std::min(line, last_line);
    }
    return out;
}

std::string json_error_text(const nlohmann::json::exception& e) {
    std::string what = e.what();
    if (const auto id_end = what.find("] "); id_end != std::string::npos) what.erase(0, id_end + 2);
    if (what.starts_with("parse error")) {
        if (const auto colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
    }
    return "invalid JSON: " + what;
}

}  // namespace gatetune::sim::diagnosis
