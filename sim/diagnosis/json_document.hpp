#pragma once
// A whole JSON document (not JSON Lines) whose records sit in one array — `gatetune run --format
// json`'s "requests", or a top-level array — parsed with the line each record starts on, so a bad
// record is reported at its own line.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace gatetune::sim::diagnosis {

struct LocatedDocument {
    nlohmann::json document;
    std::vector<int> record_lines;  // 1-based, per element of the record array (its objects' opening lines)
    std::string error;              // not "" when the text is not one JSON document
    int error_line = 0;             // where the parser stopped
};

// Records are the elements of the top-level array, or of the top-level object's `array_key` array.
LocatedDocument parse_located_document(std::string_view text, std::string_view array_key);

// nlohmann's message without its id and position ("[json.exception.parse_error.101] parse error
// at line 1, column 9: syntax error …" → "syntax error …"), for messages that give the line.
std::string json_error_text(const nlohmann::json::exception& e);

}  // namespace gatetune::sim::diagnosis
