#include "sim/text_table.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace gatetune::sim {

std::size_t display_width(std::string_view text) noexcept {
    // Count every byte that is not a UTF-8 continuation byte (10xxxxxx).
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

TextTable::TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {
    if (columns_.empty()) throw std::invalid_argument("TextTable: needs at least one column");
}

void TextTable::add_row(std::vector<std::string> cells) {
    if (cells.size() > columns_.size()) {
        throw std::invalid_argument("TextTable::add_row: more cells than columns");
    }
    cells.resize(columns_.size());
    rows_.push_back(Row{false, std::move(cells)});
}

void TextTable::add_rule() { rows_.push_back(Row{true, {}}); }

void TextTable::write_cells(std::string& line, const std::vector<std::string>& cells,
                            const std::vector<std::size_t>& widths) const {
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        if (c > 0) line += "  ";
        const std::size_t pad = widths[c] - display_width(cells[c]);
        if (columns_[c].align == Align::Right) line.append(pad, ' ');
        line += cells[c];
        if (columns_[c].align == Align::Left) line.append(pad, ' ');
    }
}

void TextTable::write(std::ostream& out, std::string_view indent) const {
    std::vector<std::size_t> widths(columns_.size());
    std::vector<std::string> headers;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        widths[c] = display_width(columns_[c].header);
        headers.push_back(columns_[c].header);
    }
    for (const Row& row : rows_) {
        if (row.rule) continue;
        for (std::size_t c = 0; c < columns_.size(); ++c) {
            widths[c] = std::max(widths[c], display_width(row.cells[c]));
        }
    }
    std::vector<std::string> dashes;
    for (const std::size_t w : widths) dashes.emplace_back(w, '-');

    auto emit = [&](const std::vector<std::string>& cells) {
        std::string line(indent);
        write_cells(line, cells, widths);
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << '\n';
    };
    const bool has_header = std::any_of(headers.begin(), headers.end(),
                                        [](const std::string& h) { return !h.empty(); });
    if (has_header) {
        emit(headers);
        emit(dashes);
    }
    for (const Row& row : rows_) emit(row.rule ? dashes : row.cells);
}

std::string TextTable::str(std::string_view indent) const {
    std::ostringstream out;
    write(out, indent);
    return out.str();
}

std::string wrap_text(std::string_view text, std::size_t width, std::string_view indent,
                      std::size_t hanging) {
    std::string result;
    std::string line;
    std::size_t line_width = 0;  // of `line`, without the indent
    const std::string rest_indent = std::string(indent) + std::string(hanging, ' ');
    std::string_view current_indent = indent;

    auto flush = [&] {
        result.append(current_indent);
        result += line;
        result += '\n';
        line.clear();
        line_width = 0;
        current_indent = rest_indent;
    };
    auto available = [&] {
        const std::size_t used = display_width(current_indent);
        return width > used ? width - used : 1;
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = text.find_first_not_of(" \t\n", pos);
        if (start == std::string_view::npos) break;
        std::size_t end = text.find_first_of(" \t\n", start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(start, end - start);
        const std::size_t w = display_width(word);
        if (line_width > 0 && line_width + 1 + w > available()) flush();
        if (line_width > 0) {
            line += ' ';
            ++line_width;
        }
        line += word;
        line_width += w;
        pos = end;
    }
    if (line_width > 0) flush();
    return result;
}

}  // namespace gatetune::sim
