#include "sim/csv_reader.hpp"

namespace gatetune::sim {

CsvDocument read_csv(std::string_view text, char delimiter) {
    CsvDocument doc;
    std::size_t i = 0;
    int line = 1;
    while (i < text.size()) {
        CsvRecord rec;
        rec.line = line;
        const std::size_t start = i;
        std::string field;
        bool quoted = false;
        int quote_line = 0;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '\n') ++line;
            if (quoted) {
                if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
                else if (c == '"') quoted = false;
                else field += c;
            } else if (c == '"') {
                quoted = true;
                quote_line = line;
            } else if (c == delimiter) {
                rec.fields.push_back(std::move(field));
                field.clear();
            } else if (c == '\n') {
                ++i;
                break;
            } else if (c != '\r') {
                field += c;
            }
        }
        if (quoted) doc.unclosed_quote = quote_line;
        rec.fields.push_back(std::move(field));
        rec.raw = std::string(text.substr(start, i - start));
        if (rec.raw.empty() || rec.raw.back() != '\n') rec.raw += '\n';
        doc.records.push_back(std::move(rec));
    }
    return doc;
}

}  // namespace gatetune::sim
