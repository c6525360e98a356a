#pragma once
// RFC 4180 records: a quoted field may hold the delimiter, "" for a quote and line breaks, so one
// record can span several lines. The one CSV reader of the project (sweep shards, observed
// requests, JMeter JTL files); it splits and unquotes, the callers give the columns meaning.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatetune::sim {

struct CsvRecord {
    int line = 0;                     // 1-based line its first character is on
    std::string raw;                  // the record's text with its line end ("\n" added at the end of the file)
    std::vector<std::string> fields;  // unquoted; a CR before the line end is dropped
};

struct CsvDocument {
    std::vector<CsvRecord> records;   // every record, blank lines included (one empty field)
    std::optional<int> unclosed_quote; // line of the quoted field still open at the end of the text
};

CsvDocument read_csv(std::string_view text, char delimiter = ',');

}  // namespace gatetune::sim
